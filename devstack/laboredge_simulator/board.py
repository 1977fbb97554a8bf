"""The simulator's job board: generated jobs, their search and paging, and their changes.

Every record is kept JSON-encoded (with the fields searches filter on beside it), so a
page is the concatenation of cached bytes and 20,000 jobs are served fast. Search views
(filters + order) are cached until the board changes.
"""

from __future__ import annotations

import datetime
import random
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

import msgspec

from data_layer.models.jobs import JobType
from devstack.laboredge_simulator.records import (
    MALFORMED_KINDS,
    generate_job,
    iso_ms,
    malform,
    money_range,
)
from workers.laboredge.mapping import normalize_job_type

__all__ = ["MAX_ROWS", "BoardEntry", "JobBoard"]

MAX_ROWS: Final = 1000
"""Largest page the simulator returns whatever ``maxRowsToFetch`` asks for."""
_CACHED_VIEWS: Final = 64

_ENCODER = msgspec.json.Encoder()
_DECODER = msgspec.json.Decoder()


@dataclass(slots=True)
class BoardEntry:
    """One job: its encoded record and the fields the search filters and sorts on."""

    ordinal: int
    job_id: int
    data: bytes
    open: bool = True
    profession_id: int | None = None
    specialty_id: int | None = None
    state_code: str | None = None
    job_type: JobType | None = None
    hot: bool = False
    featured: bool = False
    client_name: str = ""
    posted: str = ""
    start_date: str = ""
    last_modified: str = ""
    weekly_pay: float = 0.0

    def index(self, record: dict[str, Any]) -> None:
        self.profession_id = record.get("professionId")
        self.specialty_id = record.get("specialtyId")
        self.state_code = record.get("clientStateCode") or record.get("stateCode")
        self.job_type = normalize_job_type(record.get("jobType"))
        self.hot = bool(record.get("hotJob"))
        self.featured = bool(record.get("featuredJob"))
        self.client_name = record.get("clientName") or ""
        self.posted = record.get("postedDate") or ""
        self.start_date = record.get("startDate") or ""
        self.last_modified = record.get("lastModified") or record.get("updatedAt") or ""
        pay = record.get("weeklyPay")
        self.weekly_pay = float(pay) if isinstance(pay, int | float) else 0.0


_SORT_KEYS: Final[dict[str, Callable[[BoardEntry], Any]]] = {
    "jobId": lambda e: e.job_id,
    "clientName": lambda e: (e.client_name, e.job_id),
    "postedDate": lambda e: (e.posted, e.job_id),
    "startDate": lambda e: (e.start_date, e.job_id),
    "lastModified": lambda e: (e.last_modified, e.job_id),
    "weeklyPay": lambda e: (e.weekly_pay, e.job_id),
}


def _id_list(value: Any) -> set[int] | None:
    if not value:
        return None
    items = value if isinstance(value, list) else [value]
    out: set[int] = set()
    for item in items:
        try:
            out.add(int(item))
        except (TypeError, ValueError):
            continue
    return out


def _job_types(values: Any) -> set[JobType] | None:
    if not values:
        return None
    return {t for t in (normalize_job_type(v) for v in values) if t is not None}


def _matcher(filters: dict[str, Any]) -> Callable[[BoardEntry], bool]:
    """The documented board filters, plus ``modifiedSince`` (an ISO timestamp)."""
    professions = _id_list(filters.get("professionIds"))
    specialties = _id_list(filters.get("specialtyIds"))
    states = {str(s).upper() for s in filters.get("stateCodes") or []} or None
    types = _job_types(filters.get("jobTypeIds"))
    hot = filters.get("hotJob")
    featured = filters.get("featured")
    country = filters.get("countryId")
    modified_since = filters.get("modifiedSince") or ""
    start_after = filters.get("startDate") or ""
    pay = filters.get("weeklyPayRange")
    pay_min = pay.get("min") if isinstance(pay, dict) else None
    pay_max = pay.get("max") if isinstance(pay, dict) else None

    def matches(e: BoardEntry) -> bool:
        return (
            e.open
            and (professions is None or e.profession_id in professions)
            and (specialties is None or e.specialty_id in specialties)
            and (states is None or e.state_code in states)
            and (types is None or e.job_type in types)
            and (hot is None or e.hot == bool(hot))
            and (featured is None or e.featured == bool(featured))
            and (country in (None, 370, "370"))
            and (not modified_since or e.last_modified >= modified_since)
            and (not start_after or e.start_date >= start_after)
            and (pay_min is None or e.weekly_pay >= float(pay_min))
            and (pay_max is None or e.weekly_pay <= float(pay_max))
        )

    return matches


class JobBoard:
    """The jobs of one simulator (one event loop): generated, searched, changed, malformed."""

    def __init__(self, *, seed: int, base_time: datetime.datetime, malformed_every: int) -> None:
        self.seed = seed
        self.base_time = base_time
        self.malformed_every = malformed_every
        """Every k-th job ever created is served malformed (0 = none)."""
        self.version = 0
        self.entries: dict[int, BoardEntry] = {}
        self.next_ordinal = 0
        self.mutations = 0
        self._last_stamp = base_time
        self._views: OrderedDict[bytes, list[BoardEntry]] = OrderedDict()
        self._malformed_cache: dict[int, bytes] = {}

    # ------------------------------------------------------------------- storing
    def _now_stamp(self) -> datetime.datetime:
        """Now, but strictly after the previous stamp (``modifiedSince`` must see each change)."""
        now = max(
            datetime.datetime.now(datetime.UTC),
            self._last_stamp + datetime.timedelta(milliseconds=1),
        )
        self._last_stamp = now
        return now

    def _store(self, entry: BoardEntry, record: dict[str, Any]) -> None:
        entry.data = _ENCODER.encode(record)
        entry.index(record)
        self._malformed_cache.pop(entry.job_id, None)

    def _changed(self) -> None:
        self.version += 1
        self._views.clear()

    def record(self, job_id: int) -> dict[str, Any]:
        data: dict[str, Any] = _DECODER.decode(self.entries[job_id].data)
        return data

    # ------------------------------------------------------------------- changes
    def add_jobs(self, n: int, *, stamp: bool = True) -> list[int]:
        """Generate the next ``n`` jobs; ``stamp``: posted and modified now (not at generation)."""
        added: list[int] = []
        for _ in range(n):
            ordinal = self.next_ordinal
            self.next_ordinal += 1
            record = generate_job(ordinal, self.seed, self.base_time)
            if stamp:
                now = self._now_stamp()
                record["postedDate"] = record["createdDate"] = iso_ms(now, z=False)
                if "lastModified" in record:
                    record["lastModified"] = iso_ms(now, z=True)
                if "updatedAt" in record:
                    record["updatedAt"] = iso_ms(now, z=True)
            entry = BoardEntry(ordinal=ordinal, job_id=record["jobId"], data=b"")
            self._store(entry, record)
            self.entries[entry.job_id] = entry
            added.append(entry.job_id)
        if added:
            self._changed()
        return added

    def _touch(self, record: dict[str, Any]) -> None:
        stamp = iso_ms(self._now_stamp(), z=True)
        if "updatedAt" in record or "lastModified" not in record:
            record["updatedAt"] = stamp
        if "lastModified" in record or "updatedAt" not in record:
            record["lastModified"] = stamp

    def update_job(self, job_id: int, rng: random.Random) -> None:
        """One change a recruiter makes: pay, hot flag and openings, description or start."""
        record = self.record(job_id)
        change = rng.randrange(4)
        if change == 0 or not isinstance(record.get("hourlyPay"), int | float):
            factor = rng.choice((0.94, 0.97, 1.03, 1.05, 1.08))
            for key in ("weeklyPay", "hourlyPay"):
                if isinstance(record.get(key), int | float):
                    record[key] = round(record[key] * factor, 2)
            if isinstance(record.get("weeklyPay"), int | float):
                record["weeklyPayRange"] = money_range(record["weeklyPay"], 10)
            if isinstance(record.get("hourlyPay"), int | float):
                record["hourlyPayRange"] = money_range(record["hourlyPay"], 1)
        elif change == 1:
            record["hotJob"] = not record.get("hotJob")
            record["noOfOpenings"] = rng.randint(1, 6)
        elif change == 2:
            key = "jobDescription" if "jobDescription" in record else "description"
            note = f"<p><em>Update:</em> start dates are flexible (rev {self.mutations}).</p>"
            record[key] = (record.get(key) or "") + note
        else:
            _postpone(record, rng)
        self._touch(record)
        self._store(self.entries[job_id], record)

    def mutate(
        self,
        *,
        add: int = 0,
        update: int = 0,
        close: int = 0,
        reopen: int = 0,
        seed: int | None = None,
    ) -> dict[str, Any]:
        """Change the board; the same ``seed`` on the same board makes the same changes."""
        self.mutations += 1
        rng = random.Random(seed if seed is not None else self.seed * 7919 + self.mutations)
        open_ids = sorted(e.job_id for e in self.entries.values() if e.open)
        closed_ids = sorted(e.job_id for e in self.entries.values() if not e.open)
        to_close = rng.sample(open_ids, min(close, len(open_ids)))
        remaining = sorted(set(open_ids) - set(to_close))
        to_update = rng.sample(remaining, min(update, len(remaining)))
        to_reopen = rng.sample(closed_ids, min(reopen, len(closed_ids)))
        for job_id in sorted(to_update):
            self.update_job(job_id, rng)
        for job_id in to_close:
            self.entries[job_id].open = False
        for job_id in sorted(to_reopen):
            entry = self.entries[job_id]
            entry.open = True
            record = self.record(job_id)
            self._touch(record)
            self._store(entry, record)
        added = self.add_jobs(add)
        self._changed()
        return {
            "added": added,
            "updated": sorted(to_update),
            "closed": sorted(to_close),
            "reopened": sorted(to_reopen),
            "version": self.version,
        }

    # ------------------------------------------------------------------- serving
    def serve_malformed(self, every: int) -> None:
        """From now on serve every ``every``-th job malformed (0 = none)."""
        self.malformed_every = every
        self._malformed_cache.clear()

    def malformed_kind(self, entry: BoardEntry) -> str | None:
        every = self.malformed_every
        if every <= 0 or entry.ordinal % every != every - 1:
            return None
        return MALFORMED_KINDS[(entry.ordinal // every) % len(MALFORMED_KINDS)]

    def served_bytes(self, entry: BoardEntry) -> bytes:
        kind = self.malformed_kind(entry)
        if kind is None:
            return entry.data
        cached = self._malformed_cache.get(entry.job_id)
        if cached is None:
            cached = _ENCODER.encode(malform(_DECODER.decode(entry.data), kind))
            self._malformed_cache[entry.job_id] = cached
        return cached

    def view(self, body: dict[str, Any]) -> list[BoardEntry]:
        """The open jobs matching the search filters, in the requested order (cached)."""
        paging = body.get("pagingSortingDetails") or {}
        filters = {k: v for k, v in body.items() if k != "pagingSortingDetails"}
        sort_field = paging.get("sortField") or "jobId"
        descending = paging.get("sortOrder") in (-1, "-1", "desc", "DESC")
        key = _ENCODER.encode([filters, sort_field, descending])
        cached = self._views.get(key)
        if cached is not None:
            self._views.move_to_end(key)
            return cached
        result = list(filter(_matcher(filters), self.entries.values()))
        result.sort(key=_SORT_KEYS.get(sort_field, _SORT_KEYS["jobId"]), reverse=descending)
        self._views[key] = result
        if len(self._views) > _CACHED_VIEWS:
            self._views.popitem(last=False)
        return result

    def page_bytes(self, body: dict[str, Any]) -> bytes:
        """The ``{"records", "count"}`` answer of a board search."""
        paging = body.get("pagingSortingDetails") or {}
        try:
            start = max(0, int(paging.get("start") or 0))
            rows = min(MAX_ROWS, max(0, int(paging.get("maxRowsToFetch") or 50)))
        except (TypeError, ValueError):
            start, rows = 0, 50
        matching = self.view(body)
        parts = [self.served_bytes(e) for e in matching[start : start + rows]]
        return (
            b'{"records":[' + b",".join(parts) + b'],"count":' + str(len(matching)).encode() + b"}"
        )

    def truth(self) -> dict[str, Any]:
        """The open jobs as served without faults, the closed ids, and the malformed ones."""
        open_entries = sorted((e for e in self.entries.values() if e.open), key=lambda e: e.job_id)
        malformed = {}
        for entry in open_entries:
            kind = self.malformed_kind(entry)
            if kind is not None:
                malformed[str(entry.job_id)] = kind
        return {
            "version": self.version,
            "count": len(open_entries),
            "records": [_DECODER.decode(e.data) for e in open_entries],
            "closed": sorted(e.job_id for e in self.entries.values() if not e.open),
            "malformed": malformed,
        }


def _postpone(record: dict[str, Any], rng: random.Random) -> None:
    """A later start (and end); sometimes a newly required NIHSS certification."""
    start = datetime.date.fromisoformat(record["startDate"]) + datetime.timedelta(
        days=rng.randint(3, 21)
    )
    record["startDate"] = start.isoformat()
    record["asap"] = False
    if record.get("endDate") and record.get("durationType") == "WEEKS":
        record["endDate"] = (
            start + datetime.timedelta(weeks=int(record["duration"]), days=-1)
        ).isoformat()
    certs = record.get("jobRequiredCertifications") or []
    if rng.random() < 0.5 and not any(c.get("certification") == "NIHSS" for c in certs):
        certs.append({"certification": "NIHSS", "forOnboarding": True, "forSubmittal": False})
        record["jobRequiredCertifications"] = certs
