"""Refining a search: the previous search (as the dialogue state stores it) and a newer one.

The engine applies a search message with ``refine(previous, u.filters, replace=
u.replace_fields, newer_provenance=u.provenance)``: for a new search ``replace_fields`` is
every field, so the result is the new search; for a refinement it is the fields the message
sets or clears (see :mod:`.search`). :func:`refine` also keeps the result coherent: a city
outside the new state is dropped, a specialty the new profession lacks is re-resolved under
it or dropped, a profession only implied by a new specialty yields to the one named before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from assistant.agent.nlu.lexicon import JOB_TYPE_TERMS, Lexicon
from assistant.agent.nlu.live import current_lexicon
from assistant.agent.nlu.understanding import FILTER_FIELDS, FilterProvenance
from data_layer.jobs.filters import JobSearchFilters
from data_layer.master import catalog as md

__all__ = ["RefinedSearch", "read_filters", "refine"]


class RefinedSearch(NamedTuple):
    filters: JobSearchFilters
    provenance: FilterProvenance


def _positive(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value > 0


def read_filters(
    values: Mapping[str, Any] | None, *, lexicon: Lexicon | None = None
) -> JobSearchFilters:
    """Filters from stored or tool-given values, leniently: unknown keys and bad values are
    dropped, a state name becomes its code ("texas" -> "TX"), a job type its canonical case."""
    if not values:
        return JobSearchFilters()
    lex = lexicon or current_lexicon()
    found: dict[str, Any] = {}
    for name in ("profession", "specialty", "city", "shift", "start", "query"):
        value = values.get(name)
        if isinstance(value, str) and value.strip():
            found[name] = value.strip()
    for name in ("start_from", "start_to"):
        value = values.get(name)
        if isinstance(value, dt.date):
            found[name] = value.isoformat()
        elif isinstance(value, str) and value.strip():
            found[name] = value.strip()
    state = values.get("state")
    if isinstance(state, str) and state.strip():
        named = lex.find_state(state)
        found["state"] = named.code if named else state.strip().upper()
    job_type = values.get("job_type")
    for known in JOB_TYPE_TERMS:
        if isinstance(job_type, str) and job_type.lower() == known.lower():
            found["job_type"] = known
    hours = values.get("shift_hours")
    if _positive(hours):
        found["shift_hours"] = int(hours)
    for name in ("min_weekly_pay", "min_hourly_pay"):
        if _positive(values.get(name)):
            found[name] = float(values[name])
    hot = values.get("hot_only")
    if isinstance(hot, bool):
        found["hot_only"] = hot
    return JobSearchFilters(**found)


def refine(
    previous: JobSearchFilters,
    newer: JobSearchFilters,
    *,
    replace: Iterable[str] = (),
    previous_provenance: FilterProvenance = FilterProvenance(),
    newer_provenance: FilterProvenance = FilterProvenance(),
    lexicon: Lexicon | None = None,
) -> RefinedSearch:
    """The ``previous`` search refined by ``newer``.

    The fields in ``replace`` are cleared first, then every field ``newer`` sets overrides.
    The result stays coherent: a city outside the new state is dropped (and a new city drops
    a state it is not in); a specialty that the profession lacks is re-resolved under it by
    its words ("outpatient" after a PT search is PT Outpatient) or dropped; a profession that
    was only implied by the new specialty gives way to the profession the visitor named
    before when that profession has the specialty.
    """
    lex = lexicon or current_lexicon()
    values: dict[str, Any] = {name: getattr(previous, name) for name in FILTER_FIELDS}
    for name in replace:
        if name in values:
            values[name] = None
    for name in FILTER_FIELDS:
        value = getattr(newer, name)
        if value is not None:
            values[name] = value

    specialty_term: str | None = None
    if newer.specialty is not None:
        specialty_term = newer_provenance.specialty_term
    elif values["specialty"] == previous.specialty:
        specialty_term = previous_provenance.specialty_term
    profession_implied = False
    if newer.profession is not None:
        profession_implied = newer_provenance.profession_implied
    elif values["profession"] == previous.profession:
        profession_implied = previous_provenance.profession_implied

    # A profession implied by the new specialty yields to the one named before.
    if (
        newer_provenance.profession_implied
        and newer.specialty is not None
        and previous.profession is not None
        and not previous_provenance.profession_implied
        and previous.profession != newer.profession
    ):
        term = newer_provenance.specialty_term or newer.specialty
        kept = lex.specialty_under(term, previous.profession)
        if kept is not None:
            values["profession"] = previous.profession
            profession_implied = False
            values["specialty"] = kept.name

    profession, specialty = values["profession"], values["specialty"]
    if profession is not None and specialty is not None:
        fitting = lex.specialty_under(specialty_term or specialty, profession) or (
            lex.specialty_under(specialty, profession)
        )
        if fitting is not None:
            values["specialty"] = fitting.name
        elif newer.specialty is not None and newer.profession is None:
            values["profession"] = lex.implied_profession(specialty)
            profession_implied = values["profession"] is not None
        else:
            values["specialty"] = None
            specialty_term = None

    city, state = values["city"], values["state"]
    if city is not None and state is not None and md.find_city(city, state) is None:
        if newer.city is not None and newer.state is None:
            values["state"] = None
        elif newer.state is not None and newer.city is None:
            values["city"] = None
    if values["city"] is not None and values["state"] is None:
        named = md.cities_named(values["city"])
        if len(named) == 1:
            values["state"] = named[0].state_code
    return RefinedSearch(
        JobSearchFilters(**values),
        FilterProvenance(specialty_term=specialty_term, profession_implied=profession_implied),
    )
