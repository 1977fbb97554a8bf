"""A record's master references (profession, specialty, job status, state) -> our ids.

LaborEdge names master rows by its own ids (and states also by code or name);
:class:`~data_layer.sync.master.Lookups` turns them into our ids. A reference
we do not know becomes an :class:`UnresolvedRef`, so the sync can create the
master row (from the master lists) and map the record again, or quarantine it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from data_layer.sync.master import Lookups
from workers.laboredge.fields import RecordFields

__all__ = ["RefKind", "UnresolvedRef", "client_state_id", "job_status", "master_id"]

RefKind = Literal["profession", "specialty", "state", "job_status"]


@dataclass(frozen=True, slots=True)
class UnresolvedRef:
    """A master reference of a record that :class:`Lookups` does not know."""

    kind: RefKind
    external_id: int | None = None
    code: str | None = None
    name: str | None = None
    parent_external_id: int | None = None
    """For a specialty: the profession's LaborEdge id given by the record."""

    def describe(self) -> str:
        label = {
            "profession": "professionId",
            "specialty": "specialtyId",
            "state": "state",
            "job_status": "jobStatusId",
        }[self.kind]
        what = self.external_id if self.external_id is not None else self.code
        return f"unknown {label} {what!r}" + (f" ({self.name})" if self.name else "")


def _master_ref(record: Mapping[str, Any], key: str) -> tuple[Any, str | None]:
    """(LaborEdge id, name) of ``key``: ``{key}Id`` + ``{key}`` (a name or ``{"id", "name"}``)."""
    raw = record.get(f"{key}Id")
    name: str | None = None
    obj = record.get(key)
    if isinstance(obj, Mapping):
        if raw is None or raw == "":
            raw = obj.get("id")
        obj = obj.get("name")
    if isinstance(obj, str) and obj.strip():
        name = obj.strip()
    else:
        alt = record.get(f"{key}Name")
        name = alt.strip() if isinstance(alt, str) and alt.strip() else None
    return raw, name


def master_id(
    fields: RecordFields,
    kind: Literal["profession", "specialty"],
    ours: Mapping[int, int],
    unresolved: list[UnresolvedRef],
    *,
    parent_external_id: int | None = None,
) -> tuple[int | None, int | None]:
    """(our id, LaborEdge id) of the record's profession or specialty; unknown -> unresolved."""
    raw, name = _master_ref(fields.record, kind)
    external_id = fields.integer(raw, f"{kind}Id")
    if external_id is None:
        return None, None
    found = ours.get(external_id)
    if found is None:
        unresolved.append(
            UnresolvedRef(
                kind, external_id=external_id, name=name, parent_external_id=parent_external_id
            )
        )
    return found, external_id


def job_status(
    fields: RecordFields, lookups: Lookups, unresolved: list[UnresolvedRef]
) -> tuple[int | None, str | None]:
    """(our job status id, the record's status code): by LaborEdge id, else by code."""
    code = fields.text("job_status_code", "jobStatusCode")
    found: int | None = None
    name, value = fields.first("jobStatusId")
    external_id = fields.integer(value, name)
    if external_id is not None:
        found = lookups.job_statuses.get(external_id)
    if found is None and code is not None:
        found = lookups.job_statuses_by_code.get(code.upper())
    if found is None and (external_id is not None or code is not None):
        label = fields.record.get("jobStatus")
        unresolved.append(
            UnresolvedRef(
                "job_status",
                external_id=external_id,
                code=code,
                name=label if isinstance(label, str) else None,
            )
        )
    return found, code


def client_state_id(
    fields: RecordFields,
    lookups: Lookups,
    unresolved: list[UnresolvedRef],
    *,
    code: str | None,
    name: str | None,
) -> int | None:
    """Our id of the client's state: by code, then LaborEdge id, then name (or a 2-letter
    name taken as a code)."""
    external_id = fields.int_field("clientStateId", "stateId")
    found: int | None = None
    if code is not None:
        found = lookups.states_by_code.get(code.upper())
    if found is None and external_id is not None:
        found = lookups.states.get(external_id)
    if found is None and name is not None:
        found = lookups.states_by_name.get(name.lower())
        if found is None and len(name) == 2:
            found = lookups.states_by_code.get(name.upper())
    if found is None and (code is not None or external_id is not None or name is not None):
        unresolved.append(
            UnresolvedRef(
                "state",
                external_id=external_id,
                code=code.upper() if code else None,
                name=name,
            )
        )
    return found
