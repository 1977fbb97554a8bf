"""What a sync is told (:class:`SyncOptions`) and what it reports (:class:`SyncProgress`)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from config.settings import Settings
from data_layer.sync.runs import SyncCounts
from workers.laboredge.config import LaborEdgeConfig

__all__ = [
    "PageHook",
    "ProgressFn",
    "SyncKind",
    "SyncOptions",
    "SyncProgress",
    "options_of",
    "run_engine",
    "sync_log",
]

sync_log = logging.getLogger("workers.sync.pipeline")
"""The sync's log: one name for all its modules (the CLI quiets it under its progress bar)."""

SyncKind = Literal["full", "incremental"]


@dataclass(frozen=True, slots=True)
class SyncOptions:
    """What a sync needs besides the database and LaborEdge: built from settings or by tests."""

    database_url: str
    laboredge: LaborEdgeConfig
    max_close_fraction: float = 0.5
    close_confirm_max: int = 200
    modified_since_margin_s: float = 600.0
    use_modified_since: bool = True
    """False: incremental syncs always scan the whole board (hash comparison only)."""
    resume_max_age_s: float = 6 * 3600.0
    """A failed full run older than this is not resumed (a new full scan starts)."""
    detail_concurrency: int = 8
    """Concurrent detail calls when confirming missing jobs and refreshing."""
    embed_batch: int = 256

    @classmethod
    def from_settings(cls, settings: Settings, **overrides: Any) -> SyncOptions:
        values: dict[str, Any] = {
            "database_url": settings.effective_database_url,
            "laboredge": LaborEdgeConfig.from_settings(settings),
            "max_close_fraction": float(settings.sync_max_close_fraction),
            "close_confirm_max": int(settings.sync_close_confirm_max),
            "modified_since_margin_s": float(settings.sync_modified_since_margin_s),
            "embed_batch": int(settings.sync_embed_batch),
        }
        values.update(overrides)
        return cls(**values)


def options_of(target: Settings | SyncOptions) -> SyncOptions:
    """The entry points take either; tests pass options, tasks and the CLI the settings."""
    return target if isinstance(target, SyncOptions) else SyncOptions.from_settings(target)


def run_engine(url: str) -> AsyncEngine:
    """The engine of one run, disposed at its end: a small pool, never shared across event
    loops (each Celery task runs its own)."""
    return create_async_engine(
        url, pool_size=3, max_overflow=3, pool_recycle=1800, hide_parameters=True
    )


@dataclass(frozen=True, slots=True)
class SyncProgress:
    """Reported after every stored page (and at phase changes)."""

    phase: str
    """``master``, ``full``/``scan`` (the whole board), ``changes`` (modifiedSince), ``close``,
    ``done``."""
    pages: int
    fetched: int
    total: int | None
    """The board's count in the current phase (None before the first page)."""
    done: int
    """Records of the current phase handled so far."""
    counts: SyncCounts


ProgressFn = Callable[[SyncProgress], None]
PageHook = Callable[[int], None]
"""Called with the run's page number after each page is committed (tests inject crashes)."""
