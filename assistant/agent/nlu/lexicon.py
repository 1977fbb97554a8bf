"""The lexicon: every phrase the NLU recognises and what it can mean, compiled once.

Professions, specialties and states come from a :class:`MasterVocabulary` (the master
tables, see :mod:`data_layer.master.vocabulary`); cities, shifts and certifications from the
bundled catalog; job types, "hot" and city nicknames from the tables below. A phrase is the
tuple of normalized words of a term (:func:`~data_layer.master.catalog.normalize_term`), and
one phrase may mean several things ("or": the OR specialty; "pa": Physician Assistant):
:class:`Entry` keeps every sense and the entity resolution picks one from context.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final, TypeVar

from assistant.agent.nlu import informal
from assistant.agent.nlu.typos import TypoCorrector
from assistant.agent.nlu.understanding import JobType
from data_layer.jobs.filters import ShiftName
from data_layer.master import catalog as md
from data_layer.master.vocabulary import (
    MasterVocabulary,
    NamedProfession,
    NamedSpecialty,
    NamedState,
)

__all__ = [
    "CITY_NICKNAMES",
    "JOB_TYPE_TERMS",
    "SHIFT_NAMES",
    "CitySense",
    "Entry",
    "Lexicon",
    "ShiftSense",
    "build_lexicon",
    "phrase_of",
]

SHIFT_NAMES: Final[Mapping[str, ShiftName]] = {
    "day": "Days",
    "night": "Nights",
    "evening": "Evenings",
    "mid": "Mids",
    "rotating": "Rotating",
    "weekend": "Weekends",
}
"""Master ``time_of_day`` -> the canonical ``shift`` filter value ("variable" is no filter)."""

JOB_TYPE_TERMS: Final[Mapping[JobType, tuple[str, ...]]] = {
    "Travel": (
        "travel", "traveler", "travelers", "traveller", "travellers", "traveling",
        "travelling", "contract", "contracts", "travel contract", "travel contracts",
        "travel assignment", "travel assignments", "travel job", "travel jobs",
    ),
    "Perm": (
        "perm", "perms", "permanent", "permanent position", "permanent job", "staff",
        "staff position", "staff job", "direct hire", "fte", "full time permanent",
    ),
    "Per Diem": ("per diem", "perdiem", "prn", "per diem shifts"),
    "Local": ("local", "locals", "local contract", "local contracts", "local job", "local jobs"),
}  # fmt: skip
"""How people name the ``jobs.job_type`` values."""


HOT_TERMS: Final[tuple[str, ...]] = (
    "hot", "hot job", "hot jobs", "urgent", "urgently", "urgent need", "urgent needs",
    "high priority", "priority", "critical need", "critical needs",
)  # fmt: skip


CITY_NICKNAMES: Final[Mapping[str, tuple[str, str]]] = {
    "nyc": ("New York", "NY"),
    "new york city": ("New York", "NY"),
    "philly": ("Philadelphia", "PA"),
    "vegas": ("Las Vegas", "NV"),
    "nola": ("New Orleans", "LA"),
    "okc": ("Oklahoma City", "OK"),
    "slc": ("Salt Lake City", "UT"),
    "san fran": ("San Francisco", "CA"),
    "sf": ("San Francisco", "CA"),
    "st pete": ("St. Petersburg", "FL"),
    "dc": ("Washington", "DC"),
}
"""Common city nicknames (each must name a master-data city)."""


_WEAK_CERT_TERMS: Final = frozenset(
    {"stable", "ons", "cpi", "mab", "nci", "crn", "cm", "csc", "acm"}
)
"""Certification abbreviations that are ordinary words or other terms: never certifications."""
_NUMBER_WORDS: Final = frozenset({"twelves", "tens", "eights", "twelve", "ten", "eight"})

_T = TypeVar("_T")
Phrase = tuple[str, ...]
"""The normalized words of a term."""


def phrase_of(term: str) -> Phrase:
    """The normalized words of a term: the key of :attr:`Lexicon.phrases`."""
    return tuple(md.normalize_term(term).split())


@dataclass(frozen=True, slots=True)
class CitySense:
    name: str
    state: str | None = None
    """Set for nicknames; otherwise resolved from the message / master data."""


@dataclass(frozen=True, slots=True)
class ShiftSense:
    shift: ShiftName | None
    hours: int | None


@dataclass(frozen=True, slots=True)
class Entry:
    """Everything one phrase can mean."""

    professions: tuple[NamedProfession, ...] = ()
    specialties: tuple[NamedSpecialty, ...] = ()
    """Registered Nurse's first (the agency's main line), then in profession order."""
    states: tuple[NamedState, ...] = ()
    cities: tuple[CitySense, ...] = ()
    shifts: tuple[ShiftSense, ...] = ()
    job_types: tuple[JobType, ...] = ()
    hot: bool = False
    certifications: tuple[md.CertificationInfo, ...] = ()


@dataclass(frozen=True, slots=True)
class Lexicon:
    phrases: Mapping[Phrase, Entry]
    longest_phrase: int
    first_words: frozenset[str]
    """The first word of every phrase: a cheap test before trying longer phrases."""
    typos: TypoCorrector
    professions_by_term: Mapping[str, NamedProfession]
    professions_by_key: Mapping[int, NamedProfession]
    specialties_by_profession: Mapping[int, Mapping[str, NamedSpecialty]]
    """Profession key -> normalized term -> specialty (terms repeat across professions)."""
    professions_by_specialty_name: Mapping[str, frozenset[str]]
    """Specialty name -> the names of the professions that have a specialty of that name."""
    states_by_term: Mapping[str, NamedState]
    states_by_code: Mapping[str, NamedState]
    """Lowercase USPS code -> state."""
    rn_key: int | None
    """Registered Nurse, whose specialty wins when a term names several."""
    places_by_joined: Mapping[str, Phrase]
    """A place name of several words written as one ("sandiego", "newyork") -> its phrase."""
    place_typos: TypoCorrector
    """Corrects a place name of several words, written joined, towards the joined names: a
    slip in a short word ("san diago", "sna antonio") is one slip of the whole name."""
    place_words: frozenset[str]
    """The words of the place names of several words ("san", "antonio"): a slip is looked
    for only in words next to one of them, or in one word starting like a joined name."""
    place_prefixes: frozenset[str]
    """The first three letters of each joined place name."""

    def find_profession(self, text: str) -> NamedProfession | None:
        """The profession named by ``text`` (name, abbreviation or synonym)."""
        return self.professions_by_term.get(md.normalize_term(text))

    def find_specialty(self, text: str, profession_key: int) -> NamedSpecialty | None:
        """The specialty of that profession named by ``text``."""
        return self.specialties_by_profession.get(profession_key, {}).get(md.normalize_term(text))

    def specialty_under(self, term: str, profession_name: str) -> NamedSpecialty | None:
        """The specialty ``term`` names under the profession ``profession_name``."""
        profession = self.find_profession(profession_name)
        return None if profession is None else self.find_specialty(term, profession.key)

    def profession_name(self, specialty: NamedSpecialty) -> str:
        return self.professions_by_key[specialty.profession_key].name

    def implied_profession(self, specialty_name: str) -> str | None:
        """The profession a specialty name implies: the only one that has it, else none."""
        names = self.professions_by_specialty_name.get(specialty_name, frozenset())
        return next(iter(names)) if len(names) == 1 else None

    def find_state(self, text: str) -> NamedState | None:
        """The state named by ``text``: its name, a synonym, or its USPS code."""
        term = md.normalize_term(text)
        found = self.states_by_term.get(term)
        if found is None and len(term) == 2:
            found = self.states_by_code.get(term)
        return found


@dataclass
class _Senses:
    """What the phrases mean, gathered before they are frozen into :class:`Entry`s."""

    professions: dict[Phrase, list[NamedProfession]] = field(default_factory=dict)
    specialties: dict[Phrase, list[NamedSpecialty]] = field(default_factory=dict)
    states: dict[Phrase, list[NamedState]] = field(default_factory=dict)
    cities: dict[Phrase, list[CitySense]] = field(default_factory=dict)
    shifts: dict[Phrase, list[ShiftSense]] = field(default_factory=dict)
    job_types: dict[Phrase, list[JobType]] = field(default_factory=dict)
    hot: dict[Phrase, list[bool]] = field(default_factory=dict)
    certifications: dict[Phrase, list[md.CertificationInfo]] = field(default_factory=dict)

    def phrases(self) -> set[Phrase]:
        return {
            *self.professions, *self.specialties, *self.states, *self.cities, *self.shifts,
            *self.job_types, *self.hot, *self.certifications,
        }  # fmt: skip


def _add(senses: dict[Phrase, list[_T]], term: str, value: _T) -> None:
    phrase = phrase_of(term)
    if phrase:
        known = senses.setdefault(phrase, [])
        if value not in known:
            known.append(value)


def _add_master_data(senses: _Senses, vocabulary: MasterVocabulary) -> None:
    for profession in vocabulary.professions:
        for term in profession.terms:
            _add(senses.professions, term, profession)
            if not term.endswith("s"):
                _add(senses.professions, term + "s", profession)
            if term.startswith("travel "):
                _add(senses.job_types, term, "Travel")  # "travel nurse": a profession, travel
    for specialty in vocabulary.specialties:
        for term in specialty.terms:
            _add(senses.specialties, term, specialty)
    for state in vocabulary.states:
        for term in state.terms:
            _add(senses.states, term, state)


def _add_cities(senses: _Senses) -> None:
    for city in md.cities():
        base = md.normalize_term(city.name)
        variants = {base}
        if base.startswith("st "):
            variants.add("saint " + base[3:])
        if base.startswith("fort "):
            variants.add("ft " + base[5:])
        for variant in variants:
            _add(senses.cities, variant, CitySense(city.name))
    for nickname, (name, code) in {**CITY_NICKNAMES, **informal.CITY_NICKNAMES}.items():
        if md.find_city(name, code) is not None:
            _add(senses.cities, nickname, CitySense(name, code))


def _add_shifts(senses: _Senses) -> None:
    for shift in md.shifts():
        shift_name = SHIFT_NAMES.get(shift.time_of_day)
        if shift_name is None or shift.code.endswith("CALL"):
            continue  # variable and on-call schedules are no filter
        for term in shift.terms:
            words = md.normalize_term(term).split()
            says_hours = any(ch.isdigit() for ch in term) or bool(_NUMBER_WORDS & set(words))
            hours = int(shift.hours_per_shift) if says_hours else None
            _add(senses.shifts, term, ShiftSense(shift_name, hours))
    for term, time_of_day in informal.SHIFT_TERMS.items():
        _add(senses.shifts, term, ShiftSense(SHIFT_NAMES[time_of_day], None))
    for facet in md.shift_terms():
        time_of_day = SHIFT_NAMES.get(facet.time_of_day) if facet.time_of_day else None
        hours = int(facet.hours_per_shift) if facet.hours_per_shift else None
        if time_of_day is not None or hours is not None:
            _add(senses.shifts, facet.term, ShiftSense(time_of_day, hours))


def _add_other_terms(senses: _Senses) -> None:
    for job_type, terms in JOB_TYPE_TERMS.items():
        for term in terms:
            _add(senses.job_types, term, job_type)
    for term in HOT_TERMS:
        _add(senses.hot, term, True)
    for cert in md.certifications():
        for term in cert.terms:
            if term not in _WEAK_CERT_TERMS:
                _add(senses.certifications, term, cert)


def _unique(items: list[tuple[str, _T]]) -> dict[str, _T]:
    """Term -> the first item it names (the catalog guarantees uniqueness; LaborEdge may not)."""
    index: dict[str, _T] = {}
    for term, item in items:
        index.setdefault(term, item)
    return index


@lru_cache(maxsize=4)
def build_lexicon(vocabulary: MasterVocabulary) -> Lexicon:
    """The lexicon of one vocabulary (about 0.1 s; cached, equal vocabularies share one)."""
    vocabulary = informal.with_informal_terms(vocabulary)
    senses = _Senses()
    _add_master_data(senses, vocabulary)
    _add_cities(senses)
    _add_shifts(senses)
    _add_other_terms(senses)

    professions_by_term = _unique([(t, p) for p in vocabulary.professions for t in p.terms])
    rn = professions_by_term.get("rn")
    rn_key = rn.key if rn is not None else None
    rank = {p.key: i for i, p in enumerate(vocabulary.professions)}
    phrases: dict[Phrase, Entry] = {}
    for phrase in senses.phrases():
        specialties = sorted(
            senses.specialties.get(phrase, ()),
            key=lambda s: (s.profession_key != rn_key, rank.get(s.profession_key, len(rank))),
        )
        phrases[phrase] = Entry(
            professions=tuple(senses.professions.get(phrase, ())),
            specialties=tuple(specialties),
            states=tuple(senses.states.get(phrase, ())),
            cities=tuple(senses.cities.get(phrase, ())),
            shifts=tuple(senses.shifts.get(phrase, ())),
            job_types=tuple(senses.job_types.get(phrase, ())),
            hot=bool(senses.hot.get(phrase)),
            certifications=tuple(senses.certifications.get(phrase, ())),
        )

    specialties_by_profession: dict[int, list[tuple[str, NamedSpecialty]]] = {}
    professions_by_specialty_name: dict[str, set[str]] = {}
    professions_by_key = {p.key: p for p in vocabulary.professions}
    for spec in vocabulary.specialties:
        pairs = specialties_by_profession.setdefault(spec.profession_key, [])
        pairs.extend((term, spec) for term in spec.terms)
        owner = professions_by_key.get(spec.profession_key)
        if owner is not None:
            professions_by_specialty_name.setdefault(spec.name, set()).add(owner.name)
    joined_places = _joined_places(phrases)
    return Lexicon(
        phrases=phrases,
        longest_phrase=max(len(k) for k in phrases),
        first_words=frozenset(k[0] for k in phrases),
        typos=TypoCorrector(phrases, informal.MISSPELLINGS),
        professions_by_term=professions_by_term,
        professions_by_key=professions_by_key,
        specialties_by_profession={
            key: _unique(pairs) for key, pairs in specialties_by_profession.items()
        },
        professions_by_specialty_name={
            k: frozenset(v) for k, v in professions_by_specialty_name.items()
        },
        states_by_term=_unique([(t, s) for s in vocabulary.states for t in s.terms]),
        states_by_code={s.code.lower(): s for s in vocabulary.states},
        rn_key=rn_key,
        places_by_joined=joined_places,
        place_typos=TypoCorrector((name,) for name in joined_places),
        place_words=frozenset(w for phrase in joined_places.values() for w in phrase),
        place_prefixes=frozenset(name[:3] for name in joined_places),
    )


def _joined_places(phrases: Mapping[Phrase, Entry]) -> dict[str, Phrase]:
    """Each place phrase of several words, by its words written together; a joined form two
    phrases share is left out (no way to tell which was meant)."""
    by_joined: dict[str, set[Phrase]] = {}
    for phrase, entry in phrases.items():
        if len(phrase) > 1 and (entry.cities or entry.states):
            by_joined.setdefault("".join(phrase), set()).add(phrase)
    return {joined: next(iter(found)) for joined, found in by_joined.items() if len(found) == 1}
