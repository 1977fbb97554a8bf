"""LaborEdge master lists (professions, specialties, states, ...) and the mapper's lookups.

:func:`upsert_master` stores a master list by LaborEdge id; :func:`load_lookups`
indexes every master row with a LaborEdge id for the mapper
(``workers.laboredge.mapping``), which resolves a record's master references
through :class:`Lookups`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from sqlalchemy import Table, func, select, text, update

from data_layer.sync.sql import INT4_MAX, Executor, table

__all__ = [
    "MASTER_LISTS",
    "Lookups",
    "MasterUpsertResult",
    "SkippedMasterItem",
    "load_lookups",
    "upsert_master",
]


# ================================================================== lookups
@dataclass(frozen=True, slots=True)
class Lookups:
    """LaborEdge ids (and codes/names) -> our master-row ids."""

    professions: Mapping[int, int] = field(default_factory=dict)
    specialties: Mapping[int, int] = field(default_factory=dict)
    states: Mapping[int, int] = field(default_factory=dict)
    """State external id -> id."""
    states_by_code: Mapping[str, int] = field(default_factory=dict)
    """Upper-case state code (``TX``) -> id."""
    states_by_name: Mapping[str, int] = field(default_factory=dict)
    """Lower-case state name (``texas``) -> id."""
    job_statuses: Mapping[int, int] = field(default_factory=dict)
    job_statuses_by_code: Mapping[str, int] = field(default_factory=dict)
    """Upper-case job status code (``OPEN``) -> id."""

    @classmethod
    def build(
        cls,
        *,
        professions: Iterable[tuple[int, int | None]] = (),
        specialties: Iterable[tuple[int, int | None]] = (),
        states: Iterable[tuple[int, int | None, str, str]] = (),
        job_statuses: Iterable[tuple[int, int | None, str | None]] = (),
    ) -> Lookups:
        """From master rows: ``(id, external_id)``; states ``(id, external_id, code, name)``;
        job statuses ``(id, external_id, code)``."""
        state_rows = list(states)
        status_rows = list(job_statuses)
        return cls(
            professions={ext: id_ for id_, ext in professions if ext is not None},
            specialties={ext: id_ for id_, ext in specialties if ext is not None},
            states={ext: id_ for id_, ext, _, _ in state_rows if ext is not None},
            states_by_code={code.upper(): id_ for id_, _, code, _ in state_rows if code},
            states_by_name={name.lower(): id_ for id_, _, _, name in state_rows if name},
            job_statuses={ext: id_ for id_, ext, _ in status_rows if ext is not None},
            job_statuses_by_code={code.upper(): id_ for id_, _, code in status_rows if code},
        )


async def load_lookups(db: Executor) -> Lookups:
    """Every master row with a LaborEdge id (active or not), indexed for the mapper."""

    async def rows(of: Table, *columns: str) -> list[Any]:
        return list(await db.execute(select(*(of.c[name] for name in columns))))

    return Lookups.build(
        professions=await rows(table("professions"), "id", "external_id"),
        specialties=await rows(table("specialties"), "id", "external_id"),
        states=await rows(table("states"), "id", "external_id", "code", "name"),
        job_statuses=await rows(table("job_statuses"), "id", "external_id", "code"),
    )


# ============================================================= master lists
@dataclass(frozen=True, slots=True)
class _MasterSpec:
    table: str
    code: Literal["none", "required", "optional"] = "none"
    """``required``: NOT NULL UNIQUE code (states, countries); ``optional``: job statuses."""
    parent: tuple[str, str, str] | None = None
    """(our FK column, LaborEdge field with the parent's id, parent table)."""


MASTER_LISTS: Final[dict[str, _MasterSpec]] = {
    "professions": _MasterSpec("professions"),
    "specialties": _MasterSpec(
        "specialties", parent=("profession_id", "professionId", "professions")
    ),
    "states": _MasterSpec(
        "states", code="required", parent=("country_id", "countryId", "countries")
    ),
    "countries": _MasterSpec("countries", code="required"),
    "referralsources": _MasterSpec("referral_sources"),
    "candidatetypes": _MasterSpec("candidate_types"),
    "candidatestatuses": _MasterSpec("candidate_statuses"),
    "jobstatuses": _MasterSpec("job_statuses", code="optional"),
}
"""LaborEdge master list name -> our table (:func:`upsert_master`)."""

_CODE_FIELDS: Final = ("code", "stateCode", "abbreviation", "shortName")


@dataclass(frozen=True, slots=True)
class SkippedMasterItem:
    item: Any
    reason: str


@dataclass(frozen=True, slots=True)
class MasterUpsertResult:
    name: str
    received: int
    upserted: int
    skipped: tuple[SkippedMasterItem, ...] = ()


def _int_or_none(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 < value <= INT4_MAX else None
    if isinstance(value, str) and re.fullmatch(r"[0-9]{1,10}", value.strip()):
        return _int_or_none(int(value.strip()))
    return None


def _str_field(item: Mapping[str, Any], names: Sequence[str], limit: int) -> str | None:
    for name in names:
        value = item.get(name)
        if isinstance(value, str) and value.replace("\x00", "").strip():
            cleaned = value.replace("\x00", "").strip()
            return cleaned if len(cleaned) <= limit else None
    return None


async def upsert_master(db: Executor, name: str, items: Iterable[Any]) -> MasterUpsertResult:
    """Insert or update a LaborEdge master list by ``external_id`` (``ON CONFLICT``).

    ``name`` is a key of :data:`MASTER_LISTS` (``professions``, ``specialties``,
    ``states``, ``countries``, ``referralsources``, ``candidatetypes``,
    ``candidatestatuses``, ``jobstatuses``). Items are LaborEdge shapes: ``id``,
    ``name``, optional ``active``, ``code`` (states, countries, job statuses),
    ``professionId`` (specialties), ``countryId`` (states). Updates set name,
    code and the parent link (kept when the parent is unknown); ``active`` only
    when the list carries it (countries do not). Our ``description`` is never
    touched. A state/country row with the same code and no external id is
    adopted; items without a usable id/name/code, or whose code belongs to
    another external id, are skipped and reported. Does not commit.
    """
    spec = MASTER_LISTS.get(name)
    if spec is None:
        msg = f"unknown master list {name!r}; known: {sorted(MASTER_LISTS)}"
        raise ValueError(msg)
    target = table(spec.table)
    name_limit = int(getattr(target.c.name.type, "length", None) or 255)
    has_code = spec.code != "none"
    code_limit = int(getattr(target.c.code.type, "length", None) or 64) if has_code else 0
    received = 0
    skipped: list[SkippedMasterItem] = []
    rows: dict[int, dict[str, Any]] = {}
    carries_active = False
    for item in items:
        received += 1
        if not isinstance(item, Mapping):
            skipped.append(SkippedMasterItem(item, "not an object"))
            continue
        external_id = _int_or_none(item.get("id"))
        label = _str_field(item, ("name", "label"), name_limit)
        if external_id is None:
            skipped.append(SkippedMasterItem(item, "missing or invalid id"))
            continue
        if label is None:
            skipped.append(SkippedMasterItem(item, "missing, empty or too long name"))
            continue
        row: dict[str, Any] = {"external_id": external_id, "name": label}
        if "active" in item:
            carries_active = True
        active = item.get("active")
        row["active"] = active if isinstance(active, bool) else None
        if has_code:
            code = _str_field(item, _CODE_FIELDS, code_limit)
            if code is None and spec.code == "required":
                skipped.append(SkippedMasterItem(item, "missing, empty or too long code"))
                continue
            row["code"] = code.upper() if code is not None else None
        if spec.parent is not None:
            row["parent_external_id"] = _int_or_none(item.get(spec.parent[1]))
        rows[external_id] = row
    if not rows:
        return MasterUpsertResult(name, received, 0, tuple(skipped))

    if spec.code == "required":
        rows = await _reconcile_codes(db, target, rows, skipped)
        if not rows:
            return MasterUpsertResult(name, received, 0, tuple(skipped))

    values = list(rows.values())
    columns: list[str] = ["external_id", "name", "active"]
    params: dict[str, Any] = {
        "c_external_id": [r["external_id"] for r in values],
        "c_name": [r["name"] for r in values],
        "c_active": [r["active"] for r in values],
    }
    select_list = ["v.external_id", "v.name", "COALESCE(v.active, true)"]
    updates = ["name = EXCLUDED.name"]
    if carries_active:
        updates.append("active = EXCLUDED.active")
    arrays = [
        "CAST(:c_external_id AS INTEGER[])",
        "CAST(:c_name AS TEXT[])",
        "CAST(:c_active AS BOOLEAN[])",
    ]
    joins = ""
    if has_code:
        columns.append("code")
        params["c_code"] = [r["code"] for r in values]
        arrays.append("CAST(:c_code AS TEXT[])")
        select_list.append("v.code")
        updates.append("code = COALESCE(EXCLUDED.code, t.code)")
    if spec.parent is not None:
        fk, _, parent = spec.parent
        columns.append(fk)
        params["c_parent"] = [r["parent_external_id"] for r in values]
        arrays.append("CAST(:c_parent AS INTEGER[])")
        select_list.append("parent.id")
        joins = f" LEFT JOIN {parent} parent ON parent.external_id = v.parent"
        updates.append(f"{fk} = COALESCE(EXCLUDED.{fk}, t.{fk})")
    unnest_columns = ["external_id", "name", "active"]
    if has_code:
        unnest_columns.append("code")
    if spec.parent is not None:
        unnest_columns.append("parent")
    sql = (
        f"INSERT INTO {target.name} AS t ({', '.join(columns)}) "
        f"SELECT {', '.join(select_list)} "
        f"FROM unnest({', '.join(arrays)}) AS v({', '.join(unnest_columns)}){joins} "
        f"ON CONFLICT (external_id) DO UPDATE SET {', '.join(updates)}"
    )
    await db.execute(text(sql), params)
    return MasterUpsertResult(name, received, len(values), tuple(skipped))


async def _reconcile_codes(
    db: Executor, target: Table, rows: dict[int, dict[str, Any]], skipped: list[SkippedMasterItem]
) -> dict[int, dict[str, Any]]:
    """Adopt same-code rows without an external id; drop items whose code is taken."""
    codes = [r["code"] for r in rows.values()]
    existing = (
        await db.execute(
            select(target.c.id, target.c.code, target.c.external_id).where(
                func.upper(target.c.code).in_(codes)
            )
        )
    ).all()
    kept: dict[int, dict[str, Any]] = {}
    by_code = {str(r.code).upper(): r for r in existing}
    seen_codes: set[str] = set()
    for external_id, row in rows.items():
        code = row["code"]
        if code in seen_codes:
            skipped.append(SkippedMasterItem(row, f"duplicate code {code!r} in the list"))
            continue
        seen_codes.add(code)
        current = by_code.get(code)
        if current is not None and current.external_id is None:
            await db.execute(
                update(target).where(target.c.id == current.id).values(external_id=external_id)
            )
        elif current is not None and current.external_id != external_id:
            skipped.append(
                SkippedMasterItem(
                    row, f"code {code!r} belongs to external id {current.external_id}"
                )
            )
            continue
        kept[external_id] = row
    return kept
