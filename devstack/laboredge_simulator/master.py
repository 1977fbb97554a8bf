"""The master lists the simulator serves (``GET /api/api-integration/v1/master/{name}``)."""

from __future__ import annotations

from functools import cache
from typing import Any, Final

from data_layer.master import catalog as md
from devstack.laboredge_simulator.records import staffing_specialists

__all__ = ["master_lists"]

_DOCUMENT_TYPES: Final = (
    (12, "Candidate Resume"),
    (13, "Nursing License"),
    (14, "BLS Card"),
    (15, "ACLS Card"),
    (16, "PALS Card"),
    (17, "Skills Checklist"),
    (18, "Reference"),
    (19, "Driver's License"),
    (20, "Immunization Record"),
    (21, "TB Test"),
)


def _lookup_list(rows: tuple[md.LookupInfo, ...]) -> list[dict[str, Any]]:
    return [{"id": r.external_id, "name": r.name, "active": r.active} for r in rows]


@cache
def master_lists() -> dict[str, list[dict[str, Any]]]:
    """The ten master lists the simulator serves, ids = master data ``external_id``s."""
    countries = {c.code: c for c in md.countries()}
    usa = countries.get("USA")
    return {
        "professions": [
            {"id": p.external_id, "name": p.name, "active": True} for p in md.professions()
        ],
        "specialties": [
            {
                "id": s.external_id,
                "name": s.name,
                "active": True,
                "professionId": s.profession_external_id,
            }
            for s in md.specialties()
        ],
        "states": [
            {
                "id": s.external_id,
                "name": s.name,
                "code": s.code,
                "countryId": usa.external_id if usa else None,
                "active": True,
            }
            for s in md.states()
        ],
        "countries": [
            {"id": c.external_id, "name": c.name, "code": c.code} for c in md.countries()
        ],
        "referralsources": _lookup_list(md.referral_sources()),
        "candidatetypes": _lookup_list(md.candidate_types()),
        "candidatestatuses": _lookup_list(md.candidate_statuses()),
        "recruiters": [
            {
                "id": staff.id,
                "firstName": staff.person.first,
                "lastName": staff.person.last,
                "email": staff.email,
                "active": True,
            }
            for staff in staffing_specialists()
        ],
        "shifts": [
            {"id": 501 + i, "name": s.label, "code": s.code, "active": True}
            for i, s in enumerate(md.shifts())
        ],
        "documenttypes": [{"value": v, "label": label} for v, label in _DOCUMENT_TYPES],
    }
