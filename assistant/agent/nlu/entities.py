"""Entities: the job-search filters one message expresses, resolved against the lexicon.

Phrases are matched longest first, left to right, over the (typo-corrected) words, so "cath
lab tech" is the Cardiovascular Technologist profession rather than the Cath Lab specialty,
and "Virginia Beach" is a city rather than Virginia. A place name of several words may also
be read from words run together or with a slip no word-by-word correction sees ("sandiego",
"san diago", "sna antonio"). Then, in this order:

* "LA" is read as Los Angeles or left to Louisiana's code (:mod:`.places`); a lowercase
  "rn" that is texting for "right now" ("what do u have rn for PTs") is no profession;
* negated phrases ("no nights", "not travel", "don't want nights") are dropped and clear
  their field instead;
* state codes are read (:mod:`.places`);
* **profession**: the first one named (a code that may be a state comes last);
* **specialty**: a lowercase "or" opening the message before a job noun ("or jobs") is the
  OR, elsewhere the conjunction unless after "the"/"an"; resolved under the profession
  named; without one, the Registered Nurse specialty of that term, else the only
  profession's that has it ("mri" -> MRI, MRI
  Technologist). A term shared by several non-RN professions only ("cardiac") is left to the
  free-text query. The specialty *implies* its profession when the term is specific to one
  profession ("icu nurse") or the specialty's name exists under one profession only
  ("critical care" -> ICU, which only RN has -> Registered Nurse); "ER" implies nothing
  (Patient Care Technicians have an "ER" too). Weak terms
  (:data:`~assistant.agent.nlu.words.WEAK_SPECIALTY_TERMS`) only count with a profession;
* **state and city**: a state name wins over a city of that name ("Washington"); a city sets
  the state when the message names it or only one known city has that name;
* **shift, job type, hot, certifications**: two different times of day or job types ("days
  or nights", "travel or perm") cancel each other: no filter;
* the words left are the free-text query; certifications join it by their canonical name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

import msgspec

from assistant.agent.nlu.lexicon import Entry, Lexicon, Phrase
from assistant.agent.nlu.message import Message, Token
from assistant.agent.nlu.places import (
    Match,
    StateCodes,
    city_in_context,
    los_angeles_matches,
    read_state_codes,
)
from assistant.agent.nlu.understanding import FilterProvenance, JobType
from assistant.agent.nlu.words import (
    CODE_CONFLICT_SLOTS,
    COUNT_WORDS,
    NEGATION_BRIDGE,
    NEGATORS,
    STOPWORDS,
    WEAK_SPECIALTY_TERMS,
)
from data_layer.jobs.filters import JobSearchFilters, ShiftName
from data_layer.master import catalog as md
from data_layer.master.vocabulary import NamedProfession, NamedSpecialty

__all__ = ["Entities", "extract"]


@dataclass(frozen=True, slots=True)
class Entities:
    filters: JobSearchFilters
    provenance: FilterProvenance
    matches: list[Match]
    """The phrases that kept a meaning (negated ones and state codes removed)."""
    city_match: Match | None
    leftover: list[str]
    """Words that are no filter: the free-text query."""
    clears: frozenset[str]
    """Fields the message clears rather than sets ("anywhere", "no nights", "days or nights")."""
    states: tuple[str, ...] = ()
    """Every state the message names, in order (a search keeps the first; a profile's
    preferred states are all of them: "Texas and Arizona")."""
    job_types: tuple[JobType, ...] = ()
    """Every job type named, not negated ("travel or local": a search keeps neither)."""


def _dropped(field_words: str) -> re.Pattern[str]:
    """A filter taken off by name ("drop the city", "remove the pay filter") or said not to
    matter ("shift doesn't matter", "doesn't matter on shift")."""
    field = rf"(?:{field_words})(?: filters?| requirements?| limits?)?"
    return re.compile(
        rf"\b(?:drop|remove|clear|forget|ignore|lose|take off|take out|get rid of|"
        rf"forget about) (?:the |that |my |this )?{field}\b"
        rf"|\b(?:the |any )?{field} (?:doesnt|does not|dont|do not) matter\b"
        rf"|\b(?:doesnt|does not|dont|do not) (?:matter|care) (?:on|about|for|what|which) "
        rf"(?:the )?{field}\b|\bno (?:preference|pref) (?:on|for) (?:the )?{field}\b"
    )


_CLEAR_RULES: Final[tuple[tuple[re.Pattern[str], tuple[str, ...]], ...]] = (
    (
        re.compile(
            r"\b(?:anywhere|any (?:state|states|location|locations|city|cities|place|where)|"
            r"all (?:states|locations|cities)|nationwide|across the (?:us|country))\b"
        ),
        ("state", "city"),
    ),
    (re.compile(r"\b(?:any|all|whatever) (?:shift|shifts|schedule)\b"), ("shift", "shift_hours")),
    (
        re.compile(r"\b(?:any|whatever|regardless of) (?:pay|rate|salary)\b"),
        ("min_weekly_pay", "min_hourly_pay"),
    ),
    (re.compile(r"\b(?:any|all) specialt(?:y|ies)\b"), ("specialty",)),
    (re.compile(r"\b(?:any|all) (?:job )?types?\b"), ("job_type",)),
    (
        re.compile(r"\b(?:any|flexible) start(?: date)?\b|\bwhenever\b|\bno rush\b"),
        ("start", "start_from", "start_to"),
    ),
    (re.compile(r"\bnot (?:just|only) hot\b|\bany jobs? not just hot\b"), ("hot_only",)),
    *(
        (_dropped(words), fields)
        for words, fields in (
            (r"cit(?:y|ies)", ("city",)),
            (r"locations?|places?|states?|areas?", ("state", "city")),
            (r"shifts?|schedules?", ("shift", "shift_hours")),
            (r"pay|rates?|salary|salaries|minimum|min", ("min_weekly_pay", "min_hourly_pay")),
            (r"specialt(?:y|ies)|units?", ("specialty",)),
            (r"job types?|types?", ("job_type",)),
            (r"start(?: dates?)?|dates?", ("start", "start_from", "start_to")),
        )
    ),
)
"""Phrasings that clear filters of the previous search."""


_JOINED_PLACE_WORDS: Final = 3
"""The most words a place name written with a slip or run together is read from."""
_JOINED_PLACE_SLIP_LENGTH: Final = 7
"""A joined place name this long or longer may carry a slip ("sandiago"); shorter ones
("elpaso") must be exact."""


def _exact_match(tokens: list[Token], i: int, lex: Lexicon) -> Match | None:
    if tokens[i].key not in lex.first_words:
        return None
    for length in range(min(lex.longest_phrase, len(tokens) - i), 0, -1):
        key = tuple(t.key for t in tokens[i : i + length])
        entry = lex.phrases.get(key)
        if entry is not None:
            return Match(i, i + length, key, entry)
    return None


def _joined_place_match(tokens: list[Token], i: int, lex: Lexicon) -> Match | None:
    """A place name of several words run together ("sandiego", "newyork") or with a slip in
    one of its words that per-word correction cannot see: a short word ("san diago") or a
    letter swapped across words' ends ("sna antonio"). The words are read as one string and
    compared with the place names written as one."""
    joined = ""
    near_place_word = False
    for length in range(1, min(_JOINED_PLACE_WORDS, len(tokens) - i) + 1):
        tok = tokens[i + length - 1]
        if tok.hole or not tok.low.isalpha() or (length > 1 and not tok.joined):
            return None
        joined += tok.low
        near_place_word = near_place_word or tok.low in lex.place_words
        name = lex.places_by_joined.get(joined)
        # A slip is looked for only where a place is likely: next to a word of a place name
        # ("san diago") or in one word that starts like a joined name ("sandeigo").
        if (
            name is None
            and len(joined) >= _JOINED_PLACE_SLIP_LENGTH
            and (near_place_word if length > 1 else joined[:3] in lex.place_prefixes)
        ):
            corrected = lex.place_typos.correct(joined)
            name = lex.places_by_joined.get(corrected) if corrected != joined else None
        if name is not None:
            return Match(i, i + length, name, lex.phrases[name])
    return None


def _find_matches(tokens: list[Token], lex: Lexicon) -> list[Match]:
    matches: list[Match] = []
    i, n = 0, len(tokens)
    while i < n:
        found = _exact_match(tokens, i, lex)
        place = _joined_place_match(tokens, i, lex)
        if place is not None and (found is None or place.end > found.end):
            found = place
        if found is None:
            i += 1
        else:
            matches.append(found)
            i = found.end
    return matches


_RIGHT_NOW_AFTER: Final = frozenset(
    {"have", "got", "need", "needed", "open", "available", "hiring", "you", "anything",
     "something", "there", "free", "job", "jobs", "work", "gig", "gigs", "one", "ones",
     "openings", "asap"}
)  # fmt: skip
_RIGHT_NOW_BEFORE: Final = frozenset(
    {"for", "in", "at", "near", "lol", "tho", "though", "but", "so", "pls", "please", "bc",
     "cuz", "because", "if", "thanks", "thx"}
)  # fmt: skip


def _right_now(tokens: list[Token], match: Match, matches: list[Match]) -> bool:
    """A lowercase "rn" that is texting for "right now", not the Registered Nurse: it ends a
    clause after a word like "have"/"jobs" ("what do u have rn for PTs", "need a job rn"), or
    the message names another profession that it is not listed with ("cna jobs in ohio rn")."""
    if match.key != ("rn",) or tokens[match.start].raw != "rn":
        return False
    i = match.start
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    ends_clause = nxt is None or not nxt.joined or nxt.hole or nxt.low in _RIGHT_NOW_BEFORE
    if i > 0 and tokens[i - 1].low in _RIGHT_NOW_AFTER and ends_clause:
        return True
    return any(
        m.entry.professions and m.key != ("rn",) and (m.end < i - 2 or m.start > i + 3)
        for m in matches
    )


def _negated(tokens: list[Token], match: Match) -> bool:
    """``no nights``, ``not travel``, ``don't want nights`` (but not ``no, nights``)."""
    i = match.start
    if i >= 1 and tokens[i].joined and tokens[i - 1].low in NEGATORS:
        return True
    return (
        i >= 2
        and tokens[i].joined
        and tokens[i - 1].joined
        and tokens[i - 1].low in NEGATION_BRIDGE
        and tokens[i - 2].low in NEGATORS
    )


def _entry_fields(entry: Entry) -> set[str]:
    fields: set[str] = set()
    if entry.shifts:
        fields.update(("shift", "shift_hours"))
    if entry.job_types:
        fields.add("job_type")
    if entry.hot:
        fields.add("hot_only")
    if entry.specialties:
        fields.add("specialty")
    if entry.professions:
        fields.add("profession")
    if entry.states or entry.cities:
        fields.update(("state", "city"))
    return fields


_OR_UNIT_NOUNS: Final = frozenset(
    {"jobs", "job", "nurse", "nurses", "rn", "rns", "positions", "position", "openings",
     "assignments", "gigs", "tech", "techs"}
)  # fmt: skip
"""Words after a message's first word "or" that make it the operating room ("or jobs in
Seattle"): no sentence starts with the conjunction and a job noun."""


def _is_conjunction_or(tokens: list[Token], match: Match, all_caps: bool) -> bool:
    """A lowercase "or" is the conjunction ("days or nights") unless it follows "the"/"an"
    or opens the message before a job noun ("or jobs in Seattle")."""
    if match.key != ("or",):
        return False
    tok = tokens[match.start]
    if tok.raw == "OR" and not all_caps:
        return False
    if match.start == 0:
        following = tokens[1].low if len(tokens) > 1 else ""
        return following not in _OR_UNIT_NOUNS
    return tokens[match.start - 1].low not in ("the", "an")


def _names_profession(key: Phrase, lex: Lexicon) -> bool:
    """The phrase contains a profession word ("icu nurse", "er nurse")."""
    return any(
        entry is not None and bool(entry.professions)
        for entry in (lex.phrases.get((word,)) for word in key)
    )


@dataclass(slots=True)
class _Core:
    """The profession and specialty a message names, and the matches that named them."""

    profession: NamedProfession | None = None
    profession_match: Match | None = None
    specialty: NamedSpecialty | None = None
    specialty_match: Match | None = None
    implied: str | None = None
    """The profession the specialty implies, when none is named."""


def _read_core(msg: Message, matches: list[Match], codes: StateCodes, lex: Lexicon) -> _Core:
    core = _Core()
    professions = [m for m in matches if m.entry.professions and m.start not in codes.accepted]
    # A code that may be a state ("PA") names the profession only when nothing else does.
    for m in professions:
        if m.start not in codes.deferred:
            core.profession, core.profession_match = m.entry.professions[0], m
            break
    if core.profession is None:
        for m in professions:
            core.profession, core.profession_match = m.entry.professions[0], m
            codes.deferred.pop(m.start, None)
            break

    specialties = [
        m
        for m in matches
        if m.entry.specialties
        and not _is_conjunction_or(msg.tokens, m, msg.all_caps)
        and m.start not in codes.accepted
    ]
    ordered = [m for m in specialties if m.start not in codes.deferred] + [
        m for m in specialties if m.start in codes.deferred
    ]
    for m in ordered:
        term = " ".join(m.key)
        if core.profession is not None:
            found = lex.find_specialty(term, core.profession.key)
            if found is not None:
                core.specialty, core.specialty_match = found, m
                break
            continue
        if term in WEAK_SPECIALTY_TERMS:
            continue
        candidates = m.entry.specialties
        rn = [s for s in candidates if s.profession_key == lex.rn_key]
        owners = {s.profession_key for s in candidates}
        if rn:
            specialty = rn[0]
        elif len(owners) == 1:
            specialty = candidates[0]
        else:
            continue
        core.specialty, core.specialty_match = specialty, m
        if len(owners) == 1:
            core.implied = lex.profession_name(specialty)
        else:
            core.implied = lex.implied_profession(specialty.name)
        break
    if core.specialty_match is not None:
        codes.deferred.pop(core.specialty_match.start, None)
        core.specialty_match.used = True
    if core.profession_match is not None:
        core.profession_match.used = True
    return core


def _accept_deferred_codes(
    msg: Message,
    matches: list[Match],
    covered: dict[int, Match],
    codes: StateCodes,
    core: _Core,
    states_named: list[Match],
) -> None:
    """Deferred codes (OR/PA/MA/MT/CT) whose other meaning lost to another term: a state."""
    for i, deferred_state in codes.deferred.items():
        match = covered.get(i)
        if match is None or match.used or states_named or codes.accepted:
            continue
        slot = CODE_CONFLICT_SLOTS.get(msg.tokens[i].low)
        if (slot == "profession" and core.profession is not None) or (
            slot == "specialty" and core.specialty is not None
        ):
            codes.accepted[i] = deferred_state
            matches.remove(match)


@dataclass(slots=True)
class _Place:
    state: str | None = None
    """USPS code."""
    city: str | None = None
    city_match: Match | None = None


def _read_place(
    msg: Message,
    matches: list[Match],
    city_matches: list[Match],
    codes: StateCodes,
    states_named: list[Match],
) -> _Place:
    place = _Place()
    for m in matches:
        if m.entry.states:
            place.state = m.entry.states[0].code
            m.used = True
            break
    if place.state is None and codes.accepted:
        place.state = codes.accepted[min(codes.accepted)].code
    for m in city_matches:
        if m not in matches or not city_in_context(msg, m, codes.accepted, states_named):
            continue
        city_sense = m.entry.cities[0]
        place.city, place.city_match = city_sense.name, m
        m.used = True
        if place.state is None and city_sense.state is not None:
            place.state = city_sense.state
        elif place.state is None:
            named = md.cities_named(city_sense.name)
            if len(named) == 1:
                place.state = named[0].state_code
        break
    return place


@dataclass(slots=True)
class _Facets:
    times: list[ShiftName]
    hours: list[int]
    job_types: list[JobType]
    hot: bool
    certifications: list[str]


def _read_facets(tokens: list[Token], matches: list[Match]) -> _Facets:
    facets = _Facets([], [], [], False, [])
    for m in matches:
        e = m.entry
        if e.shifts and not (e.professions or e.specialties):
            before = tokens[m.start - 1].low if m.start > 0 else ""
            if (before.isdigit() or before in COUNT_WORDS) and len(m.key) == 1:
                continue  # "3 days a week", "two nights": a count, not a shift
            m.used = True
            for sense in e.shifts:
                if sense.shift and sense.shift not in facets.times:
                    facets.times.append(sense.shift)
                if sense.hours and sense.hours not in facets.hours:
                    facets.hours.append(sense.hours)
        if e.job_types and not e.specialties:
            m.used = True
            for job_type in e.job_types:
                if job_type not in facets.job_types:
                    facets.job_types.append(job_type)
        if e.hot and not (e.specialties or e.professions):
            m.used = True
            facets.hot = True
        if (
            e.certifications
            and not (e.specialties or e.professions or e.states)
            and e.certifications[0].name not in facets.certifications
        ):
            m.used = True
            facets.certifications.append(e.certifications[0].name)
    return facets


def _leftover(
    tokens: list[Token], matches: list[Match], used: set[int], certifications: list[str]
) -> list[str]:
    for m in matches:
        e = m.entry
        filter_words = (e.states or e.cities or e.shifts or e.job_types or e.hot) and not (
            e.specialties or e.professions
        )
        if m.used or filter_words:  # "Florida or Georgia": Georgia is no search text
            used.update(range(m.start, m.end))
    leftover = [
        t.low
        for i, t in enumerate(tokens)
        if i not in used and not t.hole and t.low not in STOPWORDS
    ]
    if certifications:
        cert_words = {w for m in matches if m.entry.certifications and m.used for w in m.key}
        leftover = [w for w in leftover if w not in cert_words] + certifications
    return leftover


def extract(msg: Message, lex: Lexicon) -> Entities:
    """The filters of ``msg`` (the rules are in the module doc)."""
    tokens = msg.tokens
    matches = _find_matches(tokens, lex)
    for la in los_angeles_matches(msg, matches, lex):
        matches = [m for m in matches if not m.start <= la.start < m.end]
        matches.append(la)
    matches.sort(key=lambda m: m.start)
    right_now = [m for m in matches if _right_now(tokens, m, matches)]
    matches = [m for m in matches if m not in right_now]
    negated_fields: set[str] = set()
    negated_tokens: set[int] = set()
    negated = [m for m in matches if _negated(tokens, m)]
    for m in negated:
        matches.remove(m)  # "no nights", "not travel": not a filter, and drops the old one
        negated_fields.update(_entry_fields(m.entry))
        negated_tokens.update(range(m.start, m.end))
    covered = {i: m for m in matches for i in range(m.start, m.end)}
    city_matches = [m for m in matches if m.entry.cities and not m.entry.states]

    codes = read_state_codes(msg, matches, covered, lex)
    for i in codes.accepted:
        match = covered.pop(i, None)
        if match is not None:
            matches.remove(match)
    core = _read_core(msg, matches, codes, lex)
    states_named = [m for m in matches if m.entry.states]
    _accept_deferred_codes(msg, matches, covered, codes, core, states_named)
    place = _read_place(msg, matches, city_matches, codes, states_named)
    facets = _read_facets(tokens, matches)

    clears = set(negated_fields)
    if len(facets.times) > 1:
        clears.add("shift")  # "days or nights": either is fine
    if len(facets.job_types) > 1:
        clears.add("job_type")
    cleared_by_words: set[str] = set()
    clearing_tokens: set[int] = set()
    for rx, names in _CLEAR_RULES:
        for found in rx.finditer(msg.norm):
            cleared_by_words.update(names)
            # Its words are no search text ("drop the city" searches for no "drop").
            first = msg.norm.count(" ", 0, found.start())
            clearing_tokens.update(range(first, msg.norm.count(" ", 0, found.end()) + 1))
    clears |= cleared_by_words

    filters = JobSearchFilters(
        profession=core.profession.name if core.profession else core.implied,
        specialty=core.specialty.name if core.specialty else None,
        state=place.state,
        city=place.city,
        job_type=facets.job_types[0] if len(facets.job_types) == 1 else None,
        shift=facets.times[0] if len(facets.times) == 1 else None,
        shift_hours=facets.hours[0] if len(facets.hours) == 1 else None,
        min_weekly_pay=msg.weekly_pay,
        min_hourly_pay=msg.hourly_pay,
        start=msg.start.start,
        start_from=msg.start.start_from,
        start_to=msg.start.start_to,
        hot_only=True if facets.hot else None,
    )
    if cleared_by_words:  # "not just hot jobs" clears hot_only, it does not set it
        filters = msgspec.structs.replace(filters, **dict.fromkeys(cleared_by_words))
    specialty_match = core.specialty_match
    provenance = FilterProvenance(
        specialty_term=" ".join(specialty_match.key) if specialty_match else None,
        profession_implied=core.profession is None
        and core.implied is not None
        and not (specialty_match is not None and _names_profession(specialty_match.key, lex)),
    )
    return Entities(
        filters=filters,
        provenance=provenance,
        matches=matches,
        city_match=place.city_match,
        leftover=_leftover(
            tokens,
            matches,
            set(codes.accepted)
            | negated_tokens
            | clearing_tokens
            | {m.start for m in right_now}
            | {
                j
                for m in negated
                for j in range(max(0, m.start - 2), m.start)
                if tokens[j].low in NEGATORS or tokens[j].low in NEGATION_BRIDGE
            },
            facets.certifications,
        ),
        clears=frozenset(clears),
        states=_all_states(matches, codes),
        job_types=tuple(facets.job_types),
    )


def _all_states(matches: list[Match], codes: StateCodes) -> tuple[str, ...]:
    named = [(m.start, m.entry.states[0].code) for m in matches if m.entry.states]
    named += [(i, state.code) for i, state in codes.accepted.items()]
    return tuple(dict.fromkeys(code for _, code in sorted(named)))
