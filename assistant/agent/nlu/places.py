"""Where: two-letter state codes that may be words, and cities that may be words.

A state *name* or synonym always counts. A two-letter USPS code counts when (1) it follows a
city of that state ("Dallas TX", "Portland, OR"), (2) it follows "in", "near", "around",
"outside" or "state of" ("in tx", "jobs in OR"), (3) it is written in capitals in a message
that is not all capitals and is not a common word (:data:`UPPERCASE_COMMON_CODES`: OK, HI,
ME, IN, OH, ID), or (4) it is lowercase and not an English word
(:data:`LOWERCASE_AMBIGUOUS_CODES`: "tx", "fl", "nj" count; "or", "in", "me", "hi", "ok",
"pa", "co", "la", "de"... do not). Codes that are also other terms ("OR" the operating room,
"PA" physician assistant, "MA", "MT", "CT") are *deferred*: they mean that term unless (1) or
(2) holds or the message already names another profession/specialty ("RN jobs PA" ->
Pennsylvania). "near me" is never Maine.

"LA" is Los Angeles, not Louisiana, unless the message points to Louisiana: in a US job
search people write "LA" for Los Angeles far more often than for Louisiana, whose code they
write after one of its cities ("Baton Rouge, LA") or spell out ("Louisiana", "nola"). So a
capital "LA", or "la" after a place word ("in", "near", "around", "to", "from", "at"; an
English "la" is no article: Spanish is read in English first, its "la" becoming "the"), is the city
unless it follows a Louisiana city, says "state of LA", or the message names a Louisiana city
elsewhere. The engine has no question for a place it cannot place (its "Which job do you
mean?" is about the jobs it showed), and the search it runs shows "Los Angeles, CA" in its
filters, so a person who meant Louisiana sees it at once and says "Louisiana".

Cities that are common words or first names (:data:`CONTEXT_CITIES`: "Mobile", "Reading",
"Tyler"...) need "in"/"near" before them, a state after them, or a capital letter.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

from assistant.agent.nlu.lexicon import Entry, Lexicon, Phrase
from assistant.agent.nlu.message import Message
from assistant.agent.nlu.words import (
    CITY_CONTEXT_WORDS,
    CODE_CONFLICT_SLOTS,
    CONTEXT_CITIES,
    LOCATION_PREPOSITIONS,
    LOWERCASE_AMBIGUOUS_CODES,
    UPPERCASE_COMMON_CODES,
)
from data_layer.master import catalog as md
from data_layer.master.vocabulary import NamedState

__all__ = ["Match", "StateCodes", "city_in_context", "los_angeles_matches", "read_state_codes"]

_LOS_ANGELES: Final[Phrase] = ("los", "angeles")
_LA_PLACE_WORDS: Final = CITY_CONTEXT_WORDS


@dataclass(slots=True)
class Match:
    """A lexicon phrase found in the message: tokens ``start`` to ``end`` (exclusive)."""

    start: int
    end: int
    key: Phrase
    entry: Entry
    used: bool = False
    """It became a filter (or a reference word): its words are no free-text query."""


@dataclass(slots=True)
class StateCodes:
    accepted: dict[int, NamedState] = field(default_factory=dict)
    """Token index -> the state its code names."""
    deferred: dict[int, NamedState] = field(default_factory=dict)
    """Codes that are also a profession/specialty term: a state only if that term loses."""


def _city_infos(match: Match) -> tuple[md.CityInfo, ...]:
    out: list[md.CityInfo] = []
    for sense in match.entry.cities:
        if sense.state is not None:
            found = md.find_city(sense.name, sense.state)
            if found is not None:
                out.append(found)
        else:
            out.extend(md.cities_named(sense.name))
    return tuple(out)


def los_angeles_matches(msg: Message, matches: list[Match], lex: Lexicon) -> list[Match]:
    """The "LA"s of the message that name Los Angeles (rules in the module doc), as matches of
    the city's phrase."""
    entry = lex.phrases.get(_LOS_ANGELES)
    tokens = msg.tokens
    if entry is None or not any(t.low == "la" for t in tokens):
        return []
    louisiana_city = [
        m for m in matches if any(c.state_code == "LA" for c in _city_infos(m)) and m.entry.cities
    ]
    found: list[Match] = []
    for i, tok in enumerate(tokens):
        if tok.low != "la" or len(tok.raw) != 2:
            continue
        before = tokens[i - 1].low if i > 0 else ""
        capital = tok.raw == "LA" and not msg.all_caps
        if not capital and before not in _LA_PLACE_WORDS:
            continue
        if louisiana_city or (before == "of" and i > 1 and tokens[i - 2].low == "state"):
            continue
        if any(m.start <= i < m.end for m in matches if m.end - m.start > 1):
            continue  # a word of a longer phrase
        found.append(Match(i, i + 1, _LOS_ANGELES, entry))
    return found


def read_state_codes(
    msg: Message, matches: list[Match], covered: Mapping[int, Match], lex: Lexicon
) -> StateCodes:
    """The two-letter codes of the message that name a state (rules in the module doc)."""
    tokens = msg.tokens
    codes = StateCodes()

    def word_before(i: int, back: int = 1) -> str:
        j = i - back
        return tokens[j].low if j >= 0 else ""

    for i, tok in enumerate(tokens):
        code = tok.low
        code_state = lex.states_by_code.get(code)
        if code_state is None or len(tok.raw) != 2 or not tok.raw.isalpha():
            continue
        match = covered.get(i)
        # Part of a longer phrase ("or nurse", "pa c"), a state synonym ("dc") or a city ("LA").
        if match is not None and (
            match.end - match.start > 1 or match.entry.states or match.entry.cities
        ):
            continue
        after_city = any(
            c.end == i and any(x.state_code == code_state.code for x in _city_infos(c))
            for c in matches
        )
        located = (
            word_before(i) == "in"
            or (word_before(i) in LOCATION_PREPOSITIONS and code != "me")
            or (word_before(i, 2) == "state" and word_before(i) == "of")
        )
        if after_city or located:
            codes.accepted[i] = code_state
            continue
        upper = tok.raw.isupper() and not msg.all_caps
        if match is not None:
            if code in CODE_CONFLICT_SLOTS and (upper or code != "or"):
                codes.deferred[i] = code_state
            continue
        if upper:
            if code not in UPPERCASE_COMMON_CODES:
                codes.accepted[i] = code_state
        elif code not in LOWERCASE_AMBIGUOUS_CODES:
            codes.accepted[i] = code_state
    return codes


def city_in_context(
    msg: Message, match: Match, codes: Mapping[int, NamedState], states_named: list[Match]
) -> bool:
    """The city match is a city here, not a word ("my mobile phone", "reading")."""
    if " ".join(match.key) not in CONTEXT_CITIES:
        return True
    tokens = msg.tokens
    if match.start > 0 and tokens[match.start - 1].low in CITY_CONTEXT_WORDS:
        return True
    if match.end in codes or any(s.start == match.end for s in states_named):
        return True
    first = tokens[match.start].raw
    return match.start > 0 and first[:1].isupper() and not msg.all_caps
