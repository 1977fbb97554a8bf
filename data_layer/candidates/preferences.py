"""A candidate's availability and job preferences, as they state them in the chat.

Where each lives (database-schema.md 2.2):

* availability - ``candidates.available_from``;
* preferred states - ``candidate_preferred_states`` (one row per state);
* job types - ``candidate_job_types`` (``PERM``, ``TRAVEL``, ``PERDIEM``, ``LOCAL``);
* shift - the schema has no column or table for a candidate's shift, so it is kept as a
  ``candidate_journey_events`` row (``profile_updated``, ``{"shift": ...}``): the latest
  such row is the preference, recruiters see it in the journey, and no migration is
  needed. A column would be the agency's schema decision.

Every change also writes one ``profile_updated`` journey event with what changed, so the
profile's history says the candidate changed it from the chat. Preferred states and job
types said in one message replace the earlier ones ("I want Texas and Florida" is the
whole list); naming none leaves them as they are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Final
from uuid import UUID

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from data_layer.master.lookup import master_snapshot
from data_layer.models import (
    Candidate,
    CandidateJobType,
    CandidateJobTypeValue,
    CandidateJourneyEvent,
    CandidatePreferredState,
)

__all__ = [
    "JOB_TYPE_VALUES",
    "PROFILE_UPDATED",
    "Preferences",
    "PreferencesUpdated",
    "ProfileChange",
    "current_preferences",
    "update_preferences",
]

PROFILE_UPDATED: Final = "profile_updated"
"""The journey event of a change the candidate made (and where their shift lives)."""
MAX_SHIFT_CHARS: Final = 60

JOB_TYPE_VALUES: Final[dict[str, CandidateJobTypeValue]] = {
    "travel": CandidateJobTypeValue.TRAVEL,
    "perm": CandidateJobTypeValue.PERM,
    "permanent": CandidateJobTypeValue.PERM,
    "per diem": CandidateJobTypeValue.PERDIEM,
    "perdiem": CandidateJobTypeValue.PERDIEM,
    "prn": CandidateJobTypeValue.PERDIEM,
    "local": CandidateJobTypeValue.LOCAL,
}
"""A job type as search names it (``JobTypeName``: "Travel", "Per Diem" ...) -> the
candidate table's value."""
_JOB_TYPE_NAMES: Final[dict[CandidateJobTypeValue, str]] = {
    CandidateJobTypeValue.TRAVEL: "Travel",
    CandidateJobTypeValue.PERM: "Perm",
    CandidateJobTypeValue.PERDIEM: "Per Diem",
    CandidateJobTypeValue.LOCAL: "Local",
}


@dataclass(frozen=True, slots=True)
class ProfileChange:
    """What the candidate's own message says to change (empty fields: leave as is)."""

    available_from: dt.date | None = None
    preferred_states: tuple[str, ...] = ()
    """USPS codes."""
    job_types: tuple[str, ...] = ()
    """Search's job type names ("Travel", "Per Diem", "Perm", "Local")."""
    shift: str | None = None

    def is_empty(self) -> bool:
        return not (self.available_from or self.preferred_states or self.job_types or self.shift)


@dataclass(frozen=True, slots=True)
class Preferences:
    """What the profile holds."""

    available_from: dt.date | None = None
    preferred_states: tuple[str, ...] = ()
    job_types: tuple[str, ...] = ()
    shift: str | None = None


@dataclass(frozen=True, slots=True)
class PreferencesUpdated:
    changed: tuple[str, ...]
    """The fields written (``available_from``, ``preferred_states``, ``job_types``,
    ``shift``); empty when the profile already said all of it."""
    now: Preferences
    ignored: tuple[str, ...] = field(default=())
    """Values that name nothing the profile can hold (an unknown state code ...)."""


async def current_preferences(session: AsyncSession, candidate_id: UUID) -> Preferences:
    available = await session.scalar(
        select(Candidate.available_from).where(Candidate.id == candidate_id)
    )
    master = await master_snapshot(session)
    state_ids = (
        await session.scalars(
            select(CandidatePreferredState.state_id).where(
                CandidatePreferredState.candidate_id == candidate_id
            )
        )
    ).all()
    kinds = (
        await session.scalars(
            select(CandidateJobType.job_type).where(CandidateJobType.candidate_id == candidate_id)
        )
    ).all()
    return Preferences(
        available_from=available,
        preferred_states=tuple(sorted(master.state_codes[s] for s in state_ids)),
        job_types=tuple(sorted(_JOB_TYPE_NAMES[k] for k in kinds)),
        shift=await _shift(session, candidate_id),
    )


async def _user_id(session: AsyncSession, candidate_id: UUID) -> UUID | None:
    return await session.scalar(select(Candidate.user_id).where(Candidate.id == candidate_id))


async def _shift(session: AsyncSession, candidate_id: UUID) -> str | None:
    user_id = await _user_id(session, candidate_id)
    if user_id is None:
        return None
    value = await session.scalar(
        select(CandidateJourneyEvent.event_data["shift"].astext)
        .where(
            CandidateJourneyEvent.user_id == user_id,
            CandidateJourneyEvent.event_type == PROFILE_UPDATED,
            CandidateJourneyEvent.event_data.has_key("shift"),
        )
        .order_by(CandidateJourneyEvent.created_at.desc(), CandidateJourneyEvent.id.desc())
        .limit(1)
    )
    return value or None


async def update_preferences(
    session: AsyncSession,
    candidate_id: UUID,
    change: ProfileChange,
    *,
    source: str,
    today: dt.date | None = None,
) -> PreferencesUpdated:
    """Write what ``change`` says to ``candidate_id``'s profile. Does not commit.

    A start date in the past means "available now": today is stored.
    """
    today = today or dt.date.today()
    before = await current_preferences(session, candidate_id)
    master = await master_snapshot(session)
    changed: dict[str, Any] = {}
    ignored: list[str] = []
    if change.available_from is not None:
        start = max(change.available_from, today)
        if start != before.available_from:
            await session.execute(
                update(Candidate).where(Candidate.id == candidate_id).values(available_from=start)
            )
            changed["available_from"] = start.isoformat()
    states = [code.upper() for code in dict.fromkeys(change.preferred_states)]
    ignored += [code for code in states if master.state_id(code) is None]
    states = [code for code in states if master.state_id(code) is not None]
    if states and tuple(sorted(states)) != before.preferred_states:
        await _replace(
            session,
            CandidatePreferredState,
            "state_id",
            candidate_id,
            [master.state_id(code) for code in states],
        )
        changed["preferred_states"] = sorted(states)
    kinds = [JOB_TYPE_VALUES.get(name.strip().lower()) for name in change.job_types]
    ignored += [name for name, kind in zip(change.job_types, kinds, strict=True) if kind is None]
    wanted = list(dict.fromkeys(k for k in kinds if k is not None))
    names = tuple(sorted(_JOB_TYPE_NAMES[k] for k in wanted))
    if wanted and names != before.job_types:
        await _replace(session, CandidateJobType, "job_type", candidate_id, wanted)
        changed["job_types"] = list(names)
    shift = " ".join((change.shift or "").split())[:MAX_SHIFT_CHARS] or None
    if shift and shift != before.shift:
        changed["shift"] = shift
    if changed:
        user_id = await _user_id(session, candidate_id)
        if user_id is not None:
            session.add(
                CandidateJourneyEvent(
                    user_id=user_id,
                    event_type=PROFILE_UPDATED,
                    event_data={**changed, "source": source},
                )
            )
        await session.flush()
    return PreferencesUpdated(
        changed=tuple(changed),
        now=await current_preferences(session, candidate_id),
        ignored=tuple(ignored),
    )


async def _replace(
    session: AsyncSession, table: Any, column: str, candidate_id: UUID, values: list[Any]
) -> None:
    """``candidate_id``'s rows of ``table`` become exactly ``values``."""
    await session.execute(
        delete(table).where(
            table.candidate_id == candidate_id, getattr(table, column).not_in(values)
        )
    )
    await session.execute(
        insert(table)
        .values([{"candidate_id": candidate_id, column: value} for value in values])
        .on_conflict_do_nothing(index_elements=["candidate_id", column])
    )
