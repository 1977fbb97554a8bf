"""A search message: its filters, its free-text query, and whether it refines the last search.

A search *refines* the previous one when it says so ("only", "instead", "what about",
"also", "make it"...), when it names neither a profession nor a specialty ("in Dallas",
"nights", "over 3k"), or when it is a bare specialty of up to three words ("NICU",
"outpatient"), unless it asks for a new search ("new search", "start over"). "ER jobs in
Ohio" is a new search.

``replace_fields`` says what the engine takes from the message: for a new search every
field (so the message's filters are the whole search); for a refinement the fields the
message sets plus those it implicitly clears ("what about Arizona instead?" -> ``state`` and
``city``; a new amount replaces both pay minimums, a new date every start field).
"""

from __future__ import annotations

import msgspec

from assistant.agent.nlu.entities import Entities
from assistant.agent.nlu.message import Message
from assistant.agent.nlu.patterns import REFINE_CUE_RX, RESET_RX, SEARCH_CUE_RX
from assistant.agent.nlu.understanding import (
    FILTER_FIELDS,
    FilterProvenance,
    Intent,
    Understanding,
)
from data_layer.jobs.filters import JobSearchFilters

__all__ = ["search_understanding"]


def _names_core(f: JobSearchFilters, provenance: FilterProvenance) -> bool:
    """The message names a specialty or (not merely implies) a profession."""
    if f.specialty is not None:
        return True
    return f.profession is not None and not provenance.profession_implied


def _query(leftover: list[str]) -> str | None:
    words = [w for w in leftover if len(w) > 1 or w.isdigit()]
    if all(w.isdigit() for w in words):
        return None  # numbers alone are leftovers of amounts or counts, not a description
    return " ".join(words)


def _replaced_by_refinement(f: JobSearchFilters, clears: frozenset[str]) -> frozenset[str]:
    replace = set(f.as_dict()) | clears
    if f.state is not None and f.city is None:
        replace.add("city")  # a new state drops the old city
    if f.min_weekly_pay is not None or f.min_hourly_pay is not None:
        replace.update(("min_weekly_pay", "min_hourly_pay"))
    if f.start or f.start_from or f.start_to:
        replace.update(("start", "start_from", "start_to"))
    return frozenset(replace)


def search_understanding(msg: Message, ent: Entities) -> Understanding:
    f = msgspec.structs.replace(ent.filters, query=_query(ent.leftover))
    named_profession = f.profession is not None and not ent.provenance.profession_implied
    bare_specialty = (
        not SEARCH_CUE_RX.search(msg.norm)
        and len(msg.tokens) <= 3
        and not named_profession
        and set(f.as_dict()) <= {"specialty", "profession"}
    )
    refinement = (
        not RESET_RX.search(msg.norm)
        and (not f.is_empty() or bool(ent.clears))
        and (
            bool(REFINE_CUE_RX.search(msg.norm))
            or not _names_core(f, ent.provenance)
            or bare_specialty
        )
    )
    return Understanding(
        intent=Intent.SEARCH,
        filters=f,
        provenance=ent.provenance,
        refinement=refinement,
        replace_fields=(
            _replaced_by_refinement(f, ent.clears) if refinement else frozenset(FILTER_FIELDS)
        ),
    )
