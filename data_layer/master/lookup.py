"""Names -> ids of the master tables, cached per process.

Search filters arrive as names (a profession "Registered Nurse", a state code
"TX"); queries filter on ids. The master tables are small and change only on a
master-data sync, so one snapshot per process with a short time-to-live serves
every request without a round trip.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from data_layer.models import JobStatus, Profession, Specialty, State

_TTL_S = 300.0


@dataclass(frozen=True)
class MasterSnapshot:
    profession_ids: dict[str, int] = field(default_factory=dict)
    profession_names: dict[int, str] = field(default_factory=dict)
    specialty_ids: dict[str, tuple[int, ...]] = field(default_factory=dict)
    """lower-cased specialty name -> every specialty row with that name."""
    specialty_names: dict[int, str] = field(default_factory=dict)
    specialty_profession: dict[int, int | None] = field(default_factory=dict)
    state_ids: dict[str, int] = field(default_factory=dict)
    """upper-cased code -> id."""
    state_codes: dict[int, str] = field(default_factory=dict)
    job_status_ids: dict[str, int] = field(default_factory=dict)

    def profession_id(self, name: str | None) -> int | None:
        return self.profession_ids.get(name.lower()) if name else None

    def specialty_ids_for(self, name: str | None, profession_id: int | None) -> tuple[int, ...]:
        if not name:
            return ()
        ids = self.specialty_ids.get(name.lower(), ())
        if profession_id is None:
            return ids
        narrowed = tuple(i for i in ids if self.specialty_profession.get(i) == profession_id)
        return narrowed or ids

    def state_id(self, code: str | None) -> int | None:
        return self.state_ids.get(code.upper()) if code else None


_cache: dict[str, tuple[float, MasterSnapshot]] = {}


async def master_snapshot(session: AsyncSession) -> MasterSnapshot:
    """The cached snapshot of the database ``session`` is bound to."""
    key = session.get_bind().engine.url.render_as_string(hide_password=True)
    cached = _cache.get(key)
    if cached is not None and time.monotonic() - cached[0] < _TTL_S:
        return cached[1]
    professions = (await session.execute(select(Profession.id, Profession.name))).all()
    specialties = (
        await session.execute(select(Specialty.id, Specialty.name, Specialty.profession_id))
    ).all()
    states = (await session.execute(select(State.id, State.code))).all()
    statuses = (await session.execute(select(JobStatus.id, JobStatus.code))).all()
    by_name: dict[str, list[int]] = {}
    for sid, name, _ in specialties:
        by_name.setdefault(name.lower(), []).append(sid)
    snapshot = MasterSnapshot(
        profession_ids={name.lower(): pid for pid, name in professions},
        profession_names={pid: name for pid, name in professions},
        specialty_ids={name: tuple(ids) for name, ids in by_name.items()},
        specialty_names={sid: name for sid, name, _ in specialties},
        specialty_profession={sid: pid for sid, _, pid in specialties},
        state_ids={code.upper(): sid for sid, code in states if code},
        state_codes={sid: code for sid, code in states if code},
        job_status_ids={(code or "").upper(): sid for sid, code in statuses},
    )
    # Only cache a populated snapshot: an empty one would hide master data loaded later.
    if professions:
        _cache[key] = (time.monotonic(), snapshot)
    return snapshot


def forget_master_snapshots() -> None:
    """Drop cached snapshots (after a master-data sync, and between tests)."""
    _cache.clear()
