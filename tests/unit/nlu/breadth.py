"""The breadth tables' machinery: a phrasing, what it must be understood as, and the check.

A row is *understood* when the intent and every expected field match:

* ``filters``: the search's filters exactly (every field but the free-text ``query``); for a
  conversation (several messages) the search after refining message by message;
* any other :class:`~assistant.agent.nlu.Understanding` attribute named in ``fields``: a
  dict is compared attribute by attribute with the value there (``application_ref``,
  ``profile_update``, ``credential``, ``job_reference``), anything else by equality;
* the language, when the table says which (the Spanish table does for every row).

``bench/nlu.py`` reports the share of understood rows per language over the same tables.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from assistant.agent.nlu import (
    FilterProvenance,
    Intent,
    Language,
    Understanding,
    refine,
    understand,
)
from data_layer.jobs.filters import JobSearchFilters
from tests.unit.nlu.helpers import TODAY

__all__ = ["Case", "check", "conversation", "phrase", "search"]


@dataclass(frozen=True, slots=True)
class Case:
    messages: tuple[str, ...]
    """One message, or a conversation whose last message is checked."""
    intent: Intent
    filters: Mapping[str, Any] | None = None
    fields: Mapping[str, Any] = field(default_factory=dict)
    expecting: str | None = None
    language: Language | None = None

    @property
    def text(self) -> str:
        return " -> ".join(self.messages)


def search(text: str, *, refinement: bool | None = None, **filters: Any) -> Case:
    """A search message and its exact filters (``refinement`` checked when given)."""
    fields = {} if refinement is None else {"refinement": refinement}
    return Case((text,), Intent.SEARCH, filters, fields)


def conversation(*messages: str, **filters: Any) -> Case:
    """Search messages one after another; the search they add up to."""
    return Case(tuple(messages), Intent.SEARCH, filters)


def phrase(text: str, intent: Intent, *, expecting: str | None = None, **fields: Any) -> Case:
    """Any message: its intent and the fields expected."""
    return Case((text,), intent, None, fields, expecting)


def _understood_search(case: Case, language: Language | None) -> tuple[Understanding, dict]:
    current, provenance = JobSearchFilters(), FilterProvenance()
    meaning = Understanding(Intent.UNKNOWN)
    context: Language | None = None  # the first message has none: the language it is in
    for text in case.messages:
        meaning = understand(text, today=TODAY, language=context)
        context = context or meaning.language
        if meaning.intent is not Intent.SEARCH:
            return meaning, {}
        current, provenance = refine(
            current,
            meaning.filters,
            replace=meaning.replace_fields,
            previous_provenance=provenance,
            newer_provenance=meaning.provenance,
        )
    values = current.as_dict() if len(case.messages) > 1 else meaning.filters.as_dict()
    values.pop("query", None)
    return meaning, values


def _differs(expected: Any, actual: Any) -> bool:
    if isinstance(expected, Mapping):
        if actual is None:
            return True
        return any(getattr(actual, k) != v for k, v in expected.items())
    return bool(expected != actual)


def check(case: Case, language: Language | None = None) -> list[str]:
    """What in ``case`` was misunderstood (empty: understood). ``language`` is the table's
    language: the language every message must be read in, and the conversation's so far."""
    if case.filters is not None:
        meaning, filters = _understood_search(case, language)
    else:
        # An answer to the engine's question comes in a conversation: its language is known.
        context = language if case.expecting else None
        meaning = understand(
            case.messages[-1], expecting=case.expecting, today=TODAY, language=context
        )
        filters = {}
    wrong: list[str] = []
    if meaning.intent is not case.intent:
        wrong.append(f"intent {meaning.intent} != {case.intent}")
    if case.filters is not None and filters != dict(case.filters):
        wrong.append(f"filters {filters} != {dict(case.filters)}")
    for name, expected in case.fields.items():
        actual = getattr(meaning, name)
        if _differs(expected, actual):
            wrong.append(f"{name} {actual!r} != {expected!r}")
    wanted_language = case.language or language
    if wanted_language is not None and meaning.language != wanted_language:
        wrong.append(f"language {meaning.language} != {wanted_language}")
    return wrong


def date(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, day)
