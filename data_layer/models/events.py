"""Change data capture (beyond the spec; database-schema.md 6.2): the transactional outbox.

``outbox_events`` holds the job changes the sync made, written in the same transaction as
the change itself (a sync page that rolls back leaves no event). ``outbox_consumers``
keeps each consumer group's position (the last ``(txid, id)`` it handled), moved forward
in the transaction that does the group's work. ``content_replan_marks`` are the pages the
content consumer marked for re-planning after a job change (one row per page).

Written and read by :mod:`data_layer.events`; README "Change data capture".
"""

from __future__ import annotations

import datetime
from typing import Any

from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import BigInteger, Index, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from data_layer.models.base import NoPKBase, utcnow

__all__ = ["ContentReplanMark", "OutboxConsumer", "OutboxEvent"]


def _timestamp() -> Mapped[datetime.datetime]:
    return mapped_column(DateTimeUTC(timezone=True), default=utcnow)


class OutboxEvent(NoPKBase):
    __tablename__ = "outbox_events"
    __table_args__ = (
        # Consumers read a topic in (txid, id) order after their cursor.
        Index("ix_outbox_events_topic_txid_id", "topic", "txid", "id"),
        Index("ix_outbox_events_created_at", "created_at"),
        # database-schema.md 5: GIN indexes on JSONB fields (events by job id, payload @>).
        Index("ix_outbox_events_payload_gin", "payload", postgresql_using="gin"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    txid: Mapped[int] = mapped_column(BigInteger)
    """The writing transaction (``pg_current_xact_id()``): consumers read only events of
    transactions older than every running one, so a late commit is never skipped."""
    topic: Mapped[str] = mapped_column(String(64))
    event_type: Mapped[str] = mapped_column(String(64))
    key: Mapped[str] = mapped_column(String(128))
    """The entity the event is about (a job's id): one key's events are in commit order."""
    payload: Mapped[dict[str, Any]] = mapped_column(JSONB)
    created_at: Mapped[datetime.datetime] = mapped_column(
        DateTimeUTC(timezone=True), default=utcnow
    )


class OutboxConsumer(NoPKBase):
    __tablename__ = "outbox_consumers"

    group_name: Mapped[str] = mapped_column(String(64), primary_key=True)
    topic: Mapped[str] = mapped_column(String(64))
    last_txid: Mapped[int] = mapped_column(BigInteger, default=0)
    last_id: Mapped[int] = mapped_column(BigInteger, default=0)
    consumed: Mapped[int] = mapped_column(BigInteger, default=0)
    """Events this group has handled since it was created."""
    created_at: Mapped[datetime.datetime] = mapped_column(
        DateTimeUTC(timezone=True), default=utcnow
    )
    updated_at: Mapped[datetime.datetime] = mapped_column(
        DateTimeUTC(timezone=True), default=utcnow
    )


class ContentReplanMark(NoPKBase):
    __tablename__ = "content_replan_marks"
    __table_args__ = (
        Index("ix_content_replan_marks_target_gin", "target", postgresql_using="gin"),
    )

    content_type: Mapped[str] = mapped_column(String(32), primary_key=True)
    reference_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    target: Mapped[dict[str, Any]] = mapped_column(JSONB)
    """The page's target as the content tasks take it (``target_to_dict``)."""
    reason: Mapped[str] = mapped_column(String(64))
    """The latest event type that marked it."""
    marked_at: Mapped[datetime.datetime] = _timestamp()
