"""Operational tables (beyond database-schema.md): ``sync_runs`` and ``sync_quarantine``.

``sync_runs`` records every LaborEdge synchronisation (full, incremental,
webhook refresh, master data): when it ran, how it ended, what it counted, and a
resume ``cursor``. ``sync_quarantine`` keeps upstream records that could not be
stored, with the raw payload and the reason, until someone resolves them.

Written by :mod:`data_layer.sync.runs` and :mod:`data_layer.sync.quarantine`; see
docs/data-model.md section 3.
"""

from __future__ import annotations

import datetime
import enum
from typing import Any
from uuid import UUID

from advanced_alchemy.base import UUIDBase
from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import ForeignKey, Index, Integer, Text, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from data_layer.models.base import (
    CreatedAtMixin,
    bool_column,
    counter_column,
    enum_column,
    utcnow,
)

__all__ = ["SyncQuarantine", "SyncRun", "SyncRunKind", "SyncRunStatus"]


class SyncRunKind(enum.StrEnum):
    FULL = "full"
    """Every job on the board; jobs not seen are closed afterwards."""
    INCREMENTAL = "incremental"
    """Changed jobs only (cursor / content hash)."""
    REFRESH = "refresh"
    """Named jobs (webhook)."""
    MASTER = "master"
    """Master lists (professions, specialties, states, ...)."""


class SyncRunStatus(enum.StrEnum):
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    SKIPPED = "skipped"
    """Another sync held the lock; nothing was done."""


class SyncRun(UUIDBase):
    __tablename__ = "sync_runs"
    __table_args__ = (
        Index("ix_sync_runs_kind_started_at", "kind", "started_at"),
        Index("ix_sync_runs_cursor_gin", "cursor", postgresql_using="gin"),
        Index("ix_sync_runs_details_gin", "details", postgresql_using="gin"),
    )

    kind: Mapped[SyncRunKind] = enum_column(SyncRunKind, "sync_run_kind")
    status: Mapped[SyncRunStatus] = enum_column(
        SyncRunStatus, "sync_run_status", SyncRunStatus.RUNNING, index=True
    )
    started_at: Mapped[datetime.datetime] = mapped_column(
        DateTimeUTC(timezone=True), default=utcnow, index=True
    )
    finished_at: Mapped[datetime.datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    pages: Mapped[int] = counter_column()
    fetched: Mapped[int] = counter_column()
    inserted: Mapped[int] = counter_column()
    updated: Mapped[int] = counter_column()
    unchanged: Mapped[int] = counter_column()
    closed: Mapped[int] = counter_column()
    reopened: Mapped[int] = counter_column()
    quarantined: Mapped[int] = counter_column()
    errors: Mapped[int] = counter_column()
    error_message: Mapped[str | None] = mapped_column(Text)
    cursor: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    """Where the run got to (e.g. ``{"start": 4000}``): a restarted run can resume from it."""
    details: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    """Free-form facts of the run (options, timings, per-list counts)."""


class SyncQuarantine(CreatedAtMixin, UUIDBase):
    __tablename__ = "sync_quarantine"
    __table_args__ = (
        Index(
            "ix_sync_quarantine_unresolved_created_at",
            "created_at",
            postgresql_where=text("NOT resolved"),
        ),
        Index("ix_sync_quarantine_raw_payload_gin", "raw_payload", postgresql_using="gin"),
    )

    run_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("sync_runs.id", ondelete="SET NULL"), index=True
    )
    external_job_id: Mapped[int | None] = mapped_column(Integer, index=True)
    reason: Mapped[str] = mapped_column(Text)
    raw_payload: Mapped[Any] = mapped_column(JSONB, nullable=True)
    """The upstream record as received (any JSON value; JSON ``null`` if there was none)."""
    resolved: Mapped[bool] = bool_column()

    run: Mapped[SyncRun | None] = relationship(lazy="raise")
