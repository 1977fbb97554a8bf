"""The content consumer: a job that opened, closed, reopened or changed pay, place or
specialty marks the city, specialty and city x specialty pages it belongs to for
re-planning, instead of the planner re-reading every page's facts on a timer.

Marks are rows of ``content_replan_marks`` (one per page), written in the transaction
that moves this group's position: each event marks its pages exactly once. A job that
moved (another city or specialty) marks the pages of both. The planner
(:func:`plan_marked`) takes the marks, keeps the pages the data still supports
(the thresholds of :mod:`data_layer.content.selection`) whose facts changed materially,
and clears the marks it handled; the drafting task does the rest as for any plan.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from pymongo.asynchronous.database import AsyncDatabase
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from config.settings import Settings
from data_layer.content.kinds import ContentType
from data_layer.content.selection import Plan, plan_drafts
from data_layer.content.targets import Target, target_to_dict
from data_layer.events.consumer import Event
from data_layer.events.jobs import CHANGED, CLOSED, OPENED, PAY_FIELDS, REOPENED

__all__ = [
    "CONTENT_GROUP",
    "MARKED_TYPES",
    "MarkedPlan",
    "affected_targets",
    "clear_marks",
    "mark_pages",
    "plan_marked",
]

CONTENT_GROUP: Final = "content-replan"
MARKED_TYPES: Final = frozenset(
    {ContentType.CITY_GUIDE, ContentType.SPECIALTY_PAGE, ContentType.CITY_SPECIALTY_PAGE}
)
_ROUTING_FIELDS: Final = frozenset(
    {
        "client_city",
        "client_state_code",
        "specialty_id",
        "job_type",
        "display_on_external_job_board",
    }
)
"""A change of these moves a job between pages or in or out of them."""

_MARK_SQL: Final = text(
    "INSERT INTO content_replan_marks (content_type, reference_id, target, reason, marked_at) "
    "SELECT * FROM unnest(CAST(:types AS TEXT[]), CAST(:refs AS TEXT[]), "
    "CAST(:targets AS JSONB[]), CAST(:reasons AS TEXT[]), CAST(:at AS TIMESTAMPTZ[])) "
    "ON CONFLICT (content_type, reference_id) DO UPDATE SET target = EXCLUDED.target, "
    "reason = EXCLUDED.reason, marked_at = EXCLUDED.marked_at"
)


def _relevant(event: Event) -> bool:
    if event.event_type in (OPENED, REOPENED, CLOSED):
        return True
    if event.event_type == CHANGED:
        changed = set(event.payload.get("changed") or ())
        return bool(changed & (PAY_FIELDS | _ROUTING_FIELDS))
    return False


def _places(event: Event) -> list[tuple[str | None, str | None, int | None]]:
    """(state code, city, specialty id) of the job now and, after a move, before."""
    job: dict[str, Any] = event.payload.get("job") or {}
    now = (job.get("client_state_code"), job.get("client_city"), job.get("specialty_id"))
    places = [now]
    before: dict[str, Any] = event.payload.get("before") or {}
    if before:
        was = (
            before.get("client_state_code", now[0]),
            before.get("client_city", now[1]),
            before.get("specialty_id", now[2]),
        )
        if was != now:
            places.append(was)
    return places


def affected_targets(
    events: Sequence[Event], specialty_names: dict[int, str]
) -> dict[tuple[str, str], tuple[Target, str]]:
    """(content type, reference id) -> (the page's target, the event type that marks it)."""
    marked: dict[tuple[str, str], tuple[Target, str]] = {}

    def add(target: Target, reason: str) -> None:
        marked[(target.content_type.value, target.reference_id)] = (target, reason)

    for event in events:
        if not _relevant(event):
            continue
        for state_code, city, specialty_id in _places(event):
            name = specialty_names.get(specialty_id) if specialty_id is not None else None
            if state_code and city:
                add(Target.city_guide(str(state_code), str(city)), event.event_type)
            if name:
                add(Target.specialty_page(name), event.event_type)
            if state_code and city and name:
                add(Target.city_specialty_page(str(state_code), str(city), name), event.event_type)
    return marked


async def mark_pages(conn: AsyncConnection, events: Sequence[Event]) -> int:
    """The consumer's handler: mark the pages of these job events; returns pages marked."""
    ids = sorted(
        {
            int(sid)
            for event in events
            for _, _, sid in _places(event)
            if sid is not None and _relevant(event)
        }
    )
    names: dict[int, str] = {}
    if ids:
        rows = await conn.execute(
            text("SELECT id, name FROM specialties WHERE id = ANY(CAST(:ids AS INTEGER[]))"),
            {"ids": ids},
        )
        names = {int(sid): str(name) for sid, name in rows if name}
    marked = affected_targets(events, names)
    if not marked:
        return 0
    now = dt.datetime.now(dt.UTC)
    await conn.execute(
        _MARK_SQL,
        {
            "types": [key[0] for key in marked],
            "refs": [key[1] for key in marked],
            "targets": [json.dumps(target_to_dict(t)) for t, _ in marked.values()],
            "reasons": [reason for _, reason in marked.values()],
            "at": [now] * len(marked),
        },
    )
    return len(marked)


@dataclass
class MarkedPlan:
    """What :func:`plan_marked` found: the pages to draft, and the marks it handled."""

    plan: Plan
    handled: list[tuple[str, str, dt.datetime]] = field(default_factory=list)


async def plan_marked(
    session: AsyncSession,
    db: AsyncDatabase,
    settings: Settings,
    *,
    limit: int,
    now: dt.datetime | None = None,
) -> MarkedPlan:
    """The oldest ``limit`` marked pages that need a (re)draft now, by the planner's own
    rules; call :func:`clear_marks` with ``handled`` once their drafts are enqueued."""
    rows = (
        await session.execute(
            text(
                "SELECT content_type, reference_id, marked_at FROM content_replan_marks "
                "ORDER BY marked_at, content_type, reference_id LIMIT :n"
            ),
            {"n": limit},
        )
    ).all()
    handled = [(str(t), str(r), at) for t, r, at in rows]
    if not handled:
        return MarkedPlan(Plan())
    types = {ContentType(t) for t, _, _ in handled} & MARKED_TYPES
    plan = await plan_drafts(
        session,
        db,
        settings,
        content_types=types,
        limit=len(handled),  # every mark read is decided now: none waits "over the limit"
        now=now,
        only={r for _, r, _ in handled},
    )
    return MarkedPlan(plan, handled)


async def clear_marks(
    session: AsyncSession, handled: Sequence[tuple[str, str, dt.datetime]]
) -> None:
    """Delete the handled marks (a page marked again since keeps its new mark)."""
    if not handled:
        return
    await session.execute(
        text(
            "DELETE FROM content_replan_marks m USING unnest(CAST(:types AS TEXT[]), "
            "CAST(:refs AS TEXT[]), CAST(:at AS TIMESTAMPTZ[])) AS h(content_type, "
            "reference_id, marked_at) WHERE m.content_type = h.content_type "
            "AND m.reference_id = h.reference_id AND m.marked_at <= h.marked_at"
        ),
        {
            "types": [t for t, _, _ in handled],
            "refs": [r for _, r, _ in handled],
            "at": [at for _, _, at in handled],
        },
    )
