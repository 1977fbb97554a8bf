"""References to jobs shown earlier: "the second one", "#3", "that Dallas job", "the ICU one".

A reference is an ordinal (a number, "second", "the last one"), a job id (the widget's
buttons quote them), a city and/or other identifying words, or nothing at all ("this one",
"it": the job the conversation is about). For APPLY the entity words of the message describe
the job meant ("apply to the Dallas job"), never a new search.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final

from assistant.agent.nlu.entities import Entities
from assistant.agent.nlu.message import Message
from assistant.agent.nlu.text import HOLE_MARK, words
from assistant.agent.nlu.understanding import JobReference
from assistant.agent.nlu.words import STOPWORDS

__all__ = ["UUID_RX", "job_reference", "ordinal"]

_REF_NOUNS: Final = words(
    """one job position listing result option posting gig assignment opening role
    opportunity contract application app submission"""
)
_ORDINALS: Final[Mapping[str, int]] = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "fifth": 5, "5th": 5, "sixth": 6, "6th": 6, "seventh": 7, "7th": 7, "eighth": 8, "8th": 8,
    "ninth": 9, "9th": 9, "tenth": 10, "10th": 10, "last": -1, "final": -1, "bottom": -1,
    "top": 1,
}  # fmt: skip
_TIME_NOUNS: Final = frozenset({"week", "month", "year", "time", "day", "night", "shift", "name"})
_NUMBER_REF_RX: Final = re.compile(
    r"(?:#\s*|\b(?:number|num|no|job|option|result|listing|posting|application|app)\.?\s*#?"
    r"\s*)(\d{1,2})\b"
)
_BARE_NUMBER_RX: Final = re.compile(r"^\s*#?\s*(\d{1,2})\s*[.!?]*\s*$")
UUID_RX: Final = re.compile(
    r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", re.IGNORECASE
)
_DEICTIC_RX: Final = re.compile(
    r"\b(?:this|that|the) (?:one|job|position|listing|posting|gig|assignment|opportunity|role|"
    r"opening)\b|\b(?:it|this|that)\b"
)
_DETERMINER_REF_RX: Final = re.compile(
    r"\b(?:this|that) (?:one|job|position|listing|posting|gig|assignment|opening|role)\b"
    r"|\b(?:this|that|the) (?P<mid>(?:(?!(?:offers?|pays?|paying|has|have|includes?|"
    r"provides?|gives?|starts?|are|is)\b)[\w¤]+ ){1,4}?)one\b"
    r"|\b(?:this|that|the) (?P<mid2>(?:[\w¤]+ ){1,4}?)(?:job|position|listing|posting|gig|"
    r"assignment|opening|role)\b(?! (?:in|near|around) )"
    r"|\b(?:this|that|the) (?:one|job|position|listing|posting|gig|assignment|opening|role) "
    r"(?:in|at|near) "
)
"""Pointing at a listed job: "that one", "the ICU one", "the Dallas job", "the one in Dallas"."""


def ordinal(msg: Message, ent: Entities) -> int | None:
    """The position the message points at ("the second one", "#3", "the last one")."""
    m = _BARE_NUMBER_RX.match(msg.text)
    if m:
        value = int(m.group(1))
        return value if 1 <= value <= 50 else None
    m = _NUMBER_REF_RX.search(msg.text.lower())
    if m and 1 <= int(m.group(1)) <= 50:
        return int(m.group(1))
    tokens = msg.tokens
    covered = {i for mt in ent.matches if mt.used for i in range(mt.start, mt.end)}
    content = [t for t in tokens if t.low not in STOPWORDS or t.low in _ORDINALS]
    for i, tok in enumerate(tokens):
        value = _ORDINALS.get(tok.low)
        if value is None or i in covered:
            continue
        nxt = tokens[i + 1].low if i + 1 < len(tokens) else ""
        prev = tokens[i - 1].low if i > 0 else ""
        if nxt in _TIME_NOUNS:
            continue
        if tok.low == "top" and nxt not in _REF_NOUNS:
            continue
        if nxt in _REF_NOUNS or prev in ("the", "that", "this") or len(content) == 1:
            return value
    return None


def job_reference(msg: Message, ent: Entities, *, pointed: bool) -> JobReference | None:
    """The job this message points at, if it points at one.

    ``pointed``: the intent acts on a job (apply), so "it"/"this"/"that" and bare entity words
    ("apply to Dallas") are references too.
    """
    position = ordinal(msg, ent)
    uuid = UUID_RX.search(msg.text)
    if uuid is not None:
        return JobReference(ordinal=position, job_id=uuid.group(0).lower())
    city = ent.filters.city
    text: str | None = ent.filters.specialty or (
        ent.filters.profession if not ent.provenance.profession_implied else None
    )
    determiner = _DETERMINER_REF_RX.search(msg.norm)
    mid = determiner.group("mid") or determiner.group("mid2") if determiner else None
    if text is None and mid:
        city_words = set(ent.city_match.key) if ent.city_match else set()
        kept = [
            w
            for w in mid.split()
            if w not in STOPWORDS
            and w not in city_words
            and w not in _ORDINALS
            and w not in _REF_NOUNS
            and not w.isdigit()
            and w != HOLE_MARK
        ]
        text = " ".join(kept) or None
    if position is not None:
        return JobReference(ordinal=position, city=city, text=text)
    if determiner is not None or (pointed and (city or text or _DEICTIC_RX.search(msg.norm))):
        return JobReference(city=city, text=text)
    return None
