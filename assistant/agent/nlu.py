"""Deterministic language understanding for the offline chat engine.

``understand(text, expecting=...)`` turns one visitor message into an :class:`Understanding`:
an :class:`Intent`, the job-search :class:`SearchFilters` the message expressed, whether it
refines the previous search, a reference to a job shown earlier, contact details and a
referral email. It is pure (no I/O) and deterministic. The vocabularies come from
:mod:`data_layer.master.catalog` and are compiled once (first call, or :func:`warm_up`);
a message then takes well under a millisecond.

Vocabulary and resolution rules
-------------------------------
Phrases are matched longest first, left to right, over the normalized words of the message
(:func:`~data_layer.master.catalog.normalize_term`: lowercase, ``&`` -> ``and``, punctuation
as spaces), so "cath lab tech" is the Cardiovascular Technologist profession rather than the
Cath Lab specialty, and "Virginia Beach" is a city rather than Virginia.

* **Professions**: name, abbreviation and synonyms (plus a plural "s").
* **Specialties** belong to one profession. A term resolves under the profession named in the
  message; without one, to the Registered Nurse specialty of that term, else to the only
  profession that has it ("mri" -> MRI, MRI Technologist). A term shared by several non-RN
  professions only ("cardiac") is left to the free-text query. The specialty *implies* its
  profession when the term is specific to one profession ("icu nurse") or the specialty's name
  exists under one profession only ("critical care" -> ICU, which only RN has -> Registered
  Nurse); "ER" implies nothing (Patient Care Technicians have an "ER" too). Generic words
  (:data:`WEAK_SPECIALTY_TERMS`: "general", "hospital", "cardiac"...) only count when the
  message names the profession.
* **States**: names and synonyms ("Texas", "cali") always. A two-letter USPS code counts when
  (1) it follows a city of that state ("Dallas TX", "Portland, OR"), (2) it follows "in",
  "near", "around", "outside" or "state of" ("in tx", "jobs in OR"), (3) it is written in
  capitals in a message that is not all capitals and is not a common word
  (:data:`UPPERCASE_COMMON_CODES`: OK, HI, ME, IN, OH, ID), or (4) it is lowercase and not an
  English word (:data:`LOWERCASE_AMBIGUOUS_CODES`: "tx", "fl", "nj" count; "or", "in", "me",
  "hi", "ok", "pa", "co", "la", "de"... do not). Codes that are also other terms ("OR" the
  operating room, "PA" physician assistant, "MA", "MT", "CT") mean that term unless (1) or (2)
  holds or the message already names another profession/specialty ("RN jobs PA" ->
  Pennsylvania). A lowercase "or" is the conjunction ("days or nights"), never the specialty,
  unless it follows "the" or "an"; "near me" is never Maine.
* **Cities**: master-data names ("St. Louis", "saint louis", "ft worth"), "City, ST" and a few
  nicknames (:data:`CITY_NICKNAMES`: "NYC", "Philly", "Vegas"...). A city sets ``state`` when
  the message names the state or when only one known city has that name ("Portland" alone
  leaves ``state`` unset). A state name wins over a city of the same name ("Washington",
  "New York"; "NYC" is the city). Cities that are common words or first names
  (:data:`CONTEXT_CITIES`: "Mobile", "Reading", "Tyler"...) need "in"/"near" before them, a
  state after them, or a capital letter.
* **Shifts** (:data:`SHIFT_NAMES`): the master ``time_of_day`` of shift terms and schedules as
  ``Days``, ``Nights``, ``Evenings``, ``Mids``, ``Rotating`` or ``Weekends`` (variable and
  on-call schedules are no filter), and ``shift_hours`` from "12s", "3x12", "8 hour", "7p-7a".
  Two different times of day ("days or nights") cancel each other: no shift filter.
* **Job type**: :data:`JOB_TYPE_TERMS`, mapped to the ``jobs.job_type`` values; two different
  types ("travel or perm") cancel each other.
* **Pay**: an amount with ``$``, ``k``, a unit ("/wk", "an hour", "weekly"), a "+" or a
  comparator ("over", "at least") is a *minimum*. Without a unit, "k" amounts and amounts of
  250 or more are weekly, smaller ones hourly. Maximums ("under $2k") and annual or monthly
  amounts are recognized (so their numbers are not misread) but are not filters.
* **Start**: ``start`` is ``"asap"`` or the earliest ISO start date ("starting 3/15", "after
  January" -> February 1st); a window ("in March", "next month", "this summer", "early April")
  is ``start_from``/``start_to``; "before/by X" sets ``start_to`` only. Dates without a year
  are the next occurrence counted from ``today``.
* **Typos**: a word of five letters or more that is not a known word is corrected to the only
  vocabulary word one edit away ("califronia", "telemetery", "pediatirc").

Intents
-------
Checked in this order, first match wins: who-are-you small talk, HUMAN ("talk to a
recruiter", "call me"), REFER_FRIEND with an email, REFERRAL_STATUS, REFER_FRIEND, LOGIN,
"don't apply" (CANCEL), APPLY, JOB_DETAILS (a reference to a listed job, or "tell me more"),
MORE_RESULTS, PROVIDE_INFO (an email or phone), SEARCH (any filter, or "jobs", "find"...),
HELP, CANCEL, CONFIRM, SMALLTALK, GREETING, UNKNOWN. So "hi, any ICU jobs?" is a search and
"no nights" is not a cancellation. ``expecting`` is consulted first: a bare "yes"/"ok" answers
``confirm_apply``; "Jane", "jane@x.com", "555 123 4567" answer the contact fields (validated,
errors in :attr:`ContactInfo.errors`); anything clearly else ("cancel", "talk to a person", a
search) is understood as usual, and an answer that is nothing at all is a PROVIDE_INFO with a
format error so the engine asks again. Only SEARCH carries filters; for APPLY and JOB_DETAILS
the entity words describe the job referenced (:class:`JobReference`).

Refinements
-----------
A search message *refines* the previous search when it says so ("only", "instead", "what
about", "also", "make it"...), when it names neither a profession nor a specialty ("in
Dallas", "nights", "over 3k"), or when it is a bare specialty of up to three words ("NICU",
"outpatient"), unless it asks for a new search ("new search", "start over"). "ER jobs in
Ohio" is a new search.
The engine applies any search with ``previous.merge(u.filters, replace=u.replace_fields)``: for
a new search ``replace_fields`` is every field, so the call returns the new filters; for a
refinement it is the fields the message sets plus those it implicitly clears ("what about
Arizona instead?" -> ``{"state", "city"}``). :meth:`SearchFilters.merge` also keeps the result
coherent (a city outside the new state is dropped, a specialty the new profession lacks is
re-resolved or dropped).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache, lru_cache
from typing import Any, Final, Literal, get_args

from data_layer.master import catalog as md

__all__ = [
    "CITY_NICKNAMES",
    "CONTEXT_CITIES",
    "FILTER_FIELDS",
    "JOB_TYPE_TERMS",
    "LOWERCASE_AMBIGUOUS_CODES",
    "SHIFT_NAMES",
    "UPPERCASE_COMMON_CODES",
    "WEAK_SPECIALTY_TERMS",
    "ContactInfo",
    "DetailTopic",
    "Expecting",
    "FieldError",
    "Intent",
    "JobReference",
    "JobType",
    "SearchFilters",
    "SmallTalkKind",
    "Understanding",
    "understand",
    "warm_up",
]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


class Intent(StrEnum):
    SEARCH = "search"
    """A new job search or a refinement of the previous one."""
    JOB_DETAILS = "job_details"
    APPLY = "apply"
    CONFIRM = "confirm"
    CANCEL = "cancel"
    PROVIDE_INFO = "provide_info"
    """Contact details (name, email, phone), usually while the engine collects them."""
    REFERRAL_STATUS = "referral_status"
    REFER_FRIEND = "refer_friend"
    HUMAN = "human"
    GREETING = "greeting"
    SMALLTALK = "smalltalk"
    LOGIN = "login"
    MORE_RESULTS = "more_results"
    HELP = "help"
    UNKNOWN = "unknown"


JobType = Literal["Travel", "Perm", "Per Diem", "Local"]
SmallTalkKind = Literal["thanks", "how_are_you", "who_are_you", "bye", "ack"]
DetailTopic = Literal["pay", "certifications", "shift", "dates", "location"]
Expecting = Literal[
    "first_name", "last_name", "name", "email", "phone", "confirm_apply", "referral_email"
]
ErrorReason = Literal["email_format", "phone_digits", "name_format", "missing"]
"""Why a contact value was refused (see ``replies.invalid``)."""

FILTER_FIELDS: Final[tuple[str, ...]] = (
    "profession",
    "specialty",
    "state",
    "city",
    "job_type",
    "shift",
    "shift_hours",
    "min_weekly_pay",
    "min_hourly_pay",
    "start",
    "start_from",
    "start_to",
    "hot_only",
    "query",
)
"""The public fields of :class:`SearchFilters`, in display order."""

SHIFT_NAMES: Final[Mapping[str, str]] = {
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

_HOT_TERMS: Final[tuple[str, ...]] = (
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

WEAK_SPECIALTY_TERMS: Final[frozenset[str]] = _words(
    """general hospital medical clinical field transport floor acute inpatient school schools
    therapist hand sleep flight combo pet sports community retail residential chronic
    diagnostic cardiac vascular counseling sitter ur op pp cm ep hh mr emu micro chem heme
    coag educational spine abdomen abdominal open heart 911 vent ventilator home visits
    medical floor surgical floor immediate care call"""
)
"""Specialty terms that are ordinary words: they count only when a profession is named."""

CONTEXT_CITIES: Final[frozenset[str]] = _words(
    """mobile reading orange bend temple flint concord billings buffalo neptune aurora florence
    logan tyler jackson madison lincoln charlotte eugene monroe murray lima erie pierre
    gillette sheridan frederick henderson augusta marietta palmer hays york mesa enid casper
    midland salem camden canton dover lebanon oxford cambridge newport hollywood warwick
    winchester durham lancaster meridian athens florence lawrence albany columbia
    independence normal troy"""
)
"""City names that are also common words or first names: they need a location context."""

LOWERCASE_AMBIGUOUS_CODES: Final[frozenset[str]] = _words(
    "al ar co ct de hi id il in la ma md me mi mo ms mt ne nd oh ok or pa va wa"
)
"""USPS codes that, written in lowercase, are more likely a word than a state."""

UPPERCASE_COMMON_CODES: Final[frozenset[str]] = _words("ok hi me in oh id")
"""USPS codes that, even in capitals, are more likely a word ("OK", "HI")."""

_LOCATION_PREPOSITIONS: Final[frozenset[str]] = frozenset(
    {"in", "near", "around", "outside", "within"}
)
_CITY_CONTEXT_WORDS: Final[frozenset[str]] = _LOCATION_PREPOSITIONS | {"to", "from", "at"}
_CODE_CONFLICT_SLOTS: Final[Mapping[str, str]] = {
    "or": "specialty",
    "ct": "specialty",
    "pa": "profession",
    "ma": "profession",
    "mt": "profession",
}

_EXPECTING: Final[frozenset[str]] = frozenset(get_args(Expecting))
_NAME_FIELDS: Final[frozenset[str]] = frozenset({"first_name", "last_name", "name"})


# ---------------------------------------------------------------------------- results


@dataclass(slots=True)
class SearchFilters:
    """Structured job-search filters, in master-data vocabulary (JSON-ready via :meth:`as_dict`)."""

    profession: str | None = None
    """Canonical profession name ("Registered Nurse")."""
    specialty: str | None = None
    """Canonical specialty name ("ICU")."""
    state: str | None = None
    """USPS code ("TX")."""
    city: str | None = None
    """Canonical city name ("Dallas"); ``state`` is set too when it is unambiguous."""
    job_type: JobType | None = None
    shift: str | None = None
    """One of :data:`SHIFT_NAMES` values."""
    shift_hours: int | None = None
    """Hours per shift: 12 for "12s", 10, 8."""
    min_weekly_pay: float | None = None
    min_hourly_pay: float | None = None
    start: str | None = None
    """``"asap"`` or the earliest start as an ISO date."""
    start_from: str | None = None
    """A start window ("in March"): first day, ISO."""
    start_to: str | None = None
    """Latest start, ISO (end of a window, or "before/by X")."""
    hot_only: bool | None = None
    query: str | None = None
    """Leftover free text for semantic search ("level 1 trauma center")."""
    specialty_term: str | None = field(default=None, compare=False, repr=False)
    """The normalized words that named the specialty (to re-resolve it under a profession)."""
    profession_implied: bool = field(default=False, compare=False, repr=False)
    """The profession was inferred from the specialty, not named."""

    def as_dict(self) -> dict[str, Any]:
        """The public fields that are set, in :data:`FILTER_FIELDS` order."""
        out: dict[str, Any] = {}
        for name in FILTER_FIELDS:
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        return out

    def is_empty(self) -> bool:
        return not self.as_dict()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> SearchFilters:
        """Filters from :meth:`as_dict` output (unknown keys and bad values are ignored)."""
        result = cls()
        if not data:
            return result
        for name in ("profession", "specialty", "city", "shift", "start", "query"):
            value = data.get(name)
            if isinstance(value, str) and value.strip():
                setattr(result, name, value.strip())
        for name in ("start_from", "start_to"):
            value = data.get(name)
            if isinstance(value, dt.date):
                setattr(result, name, value.isoformat())
            elif isinstance(value, str) and value.strip():
                setattr(result, name, value.strip())
        state = data.get("state")
        if isinstance(state, str) and state.strip():
            found = md.find_state(state)
            result.state = found.code if found else state.strip().upper()
        job_type = data.get("job_type")
        for known in JOB_TYPE_TERMS:
            if isinstance(job_type, str) and job_type.lower() == known.lower():
                result.job_type = known
        hours = data.get("shift_hours")
        if isinstance(hours, int | float) and not isinstance(hours, bool) and hours > 0:
            result.shift_hours = int(hours)
        for name in ("min_weekly_pay", "min_hourly_pay"):
            value = data.get(name)
            if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
                setattr(result, name, float(value))
        hot = data.get("hot_only")
        if isinstance(hot, bool):
            result.hot_only = hot
        return result

    def merge(self, newer: SearchFilters, *, replace: Iterable[str] = ()) -> SearchFilters:
        """This (previous) search refined by ``newer``.

        The fields in ``replace`` are cleared first, then every field ``newer`` sets overrides.
        The result stays coherent: a city outside the new state is dropped (and a new city
        drops a state it is not in); a specialty that the profession lacks is re-resolved
        under it by its words ("outpatient" after a PT search is PT Outpatient) or dropped;
        a profession that was only implied by the new specialty gives way to the profession
        the visitor named before when that profession has the specialty.
        """
        values: dict[str, Any] = {name: getattr(self, name) for name in FILTER_FIELDS}
        for name in replace:
            if name in values:
                values[name] = None
        for name in FILTER_FIELDS:
            value = getattr(newer, name)
            if value is not None:
                values[name] = value
        merged = SearchFilters(**values)
        if newer.specialty is not None:
            merged.specialty_term = newer.specialty_term
        elif merged.specialty == self.specialty:
            merged.specialty_term = self.specialty_term
        if newer.profession is not None:
            merged.profession_implied = newer.profession_implied
        elif merged.profession == self.profession:
            merged.profession_implied = self.profession_implied

        # A profession implied by the new specialty yields to the one named before.
        if (
            newer.profession_implied
            and newer.specialty is not None
            and self.profession is not None
            and not self.profession_implied
            and self.profession != newer.profession
        ):
            kept = _specialty_under(newer.specialty_term or newer.specialty, self.profession)
            if kept is not None:
                merged.profession = self.profession
                merged.profession_implied = False
                merged.specialty = kept.name

        if merged.profession is not None and merged.specialty is not None:
            term = merged.specialty_term or merged.specialty
            fitting = _specialty_under(term, merged.profession) or _specialty_under(
                merged.specialty, merged.profession
            )
            if fitting is not None:
                merged.specialty = fitting.name
            elif newer.specialty is not None and newer.profession is None:
                merged.profession = _implied_profession_name(merged.specialty)
                merged.profession_implied = merged.profession is not None
            else:
                merged.specialty = None
                merged.specialty_term = None

        if (
            merged.city is not None
            and merged.state is not None
            and md.find_city(merged.city, merged.state) is None
        ):
            if newer.city is not None and newer.state is None:
                merged.state = None
            elif newer.state is not None and newer.city is None:
                merged.city = None
        if merged.city is not None and merged.state is None:
            named = md.cities_named(merged.city)
            if len(named) == 1:
                merged.state = named[0].state_code
        return merged


@dataclass(frozen=True, slots=True)
class JobReference:
    """A job shown earlier: by position, by city, or by other words.

    All fields ``None`` means "this/that job, it": the one the conversation is about.
    """

    ordinal: int | None = None
    """1-based position in the last results; -1 for "the last one"."""
    city: str | None = None
    """Canonical city name ("that Dallas job")."""
    text: str | None = None
    """Other identifying words: a canonical specialty/profession name ("ICU") or free words."""
    job_id: str | None = None
    """A job id quoted in the message (the widget's buttons send them)."""


@dataclass(frozen=True, slots=True)
class FieldError:
    field: str
    """``first_name``, ``last_name``, ``name``, ``email``, ``phone`` or ``referral_email``."""
    reason: ErrorReason


@dataclass(slots=True)
class ContactInfo:
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    """Lowercased, validated."""
    phone: str | None = None
    """E.164, US: ``+1XXXXXXXXXX``."""
    errors: list[FieldError] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not (self.first_name or self.last_name or self.email or self.phone or self.errors)


@dataclass(slots=True)
class Understanding:
    intent: Intent
    filters: SearchFilters = field(default_factory=SearchFilters)
    """The search this message expressed (only for :attr:`Intent.SEARCH`)."""
    refinement: bool = False
    replace_fields: frozenset[str] = frozenset()
    """Fields of the previous search this message replaces or clears (see module doc)."""
    job_reference: JobReference | None = None
    contact: ContactInfo | None = None
    referral_email: str | None = None
    confidence: float = 0.0
    smalltalk: SmallTalkKind | None = None
    """For :attr:`Intent.SMALLTALK`: which kind."""
    detail_topic: DetailTopic | None = None
    """For :attr:`Intent.JOB_DETAILS`: what the question was about, if anything specific."""


# ---------------------------------------------------------------------------- lexicon


@dataclass(frozen=True, slots=True)
class _CitySense:
    name: str
    state: str | None = None
    """Set for nicknames; otherwise resolved from the message / master data."""


@dataclass(frozen=True, slots=True)
class _ShiftSense:
    shift: str | None
    hours: int | None


@dataclass(frozen=True, slots=True)
class _Entry:
    professions: tuple[md.ProfessionInfo, ...] = ()
    specialties: tuple[md.SpecialtyInfo, ...] = ()
    states: tuple[md.StateInfo, ...] = ()
    cities: tuple[_CitySense, ...] = ()
    shifts: tuple[_ShiftSense, ...] = ()
    job_types: tuple[JobType, ...] = ()
    hot: bool = False
    certifications: tuple[md.CertificationInfo, ...] = ()


@dataclass(frozen=True, slots=True)
class _Lexicon:
    phrases: Mapping[tuple[str, ...], _Entry]
    max_len: int
    first_words: frozenset[str]
    vocab_words: frozenset[str]
    deletes: Mapping[str, tuple[str, ...]]
    profession_names_by_specialty: Mapping[str, frozenset[str]]
    state_codes: Mapping[str, md.StateInfo]
    rn_id: int


_NUMBER_WORDS = frozenset({"twelves", "tens", "eights", "twelve", "ten", "eight"})


def _key(term: str) -> tuple[str, ...]:
    return tuple(md.normalize_term(term).split())


@cache
def _lexicon() -> _Lexicon:
    acc: dict[tuple[str, ...], dict[str, list[Any]]] = {}

    def add(term: str, kind: str, value: Any) -> None:
        key = _key(term)
        if not key:
            return
        slot = acc.setdefault(key, {}).setdefault(kind, [])
        if value not in slot:
            slot.append(value)

    for prof in md.professions():
        for term in prof.terms:
            add(term, "professions", prof)
            if not term.endswith("s"):
                add(term + "s", "professions", prof)
            if term.startswith("travel "):
                add(term, "job_types", "Travel")
    for spec in md.specialties():
        for term in spec.terms:
            add(term, "specialties", spec)
    for state in md.states():
        for term in state.terms:
            add(term, "states", state)
    for city in md.cities():
        base = md.normalize_term(city.name)
        variants = {base}
        if base.startswith("st "):
            variants.add("saint " + base[3:])
        if base.startswith("fort "):
            variants.add("ft " + base[5:])
        for variant in variants:
            add(variant, "cities", _CitySense(city.name))
    for nickname, (name, code) in CITY_NICKNAMES.items():
        if md.find_city(name, code) is not None:
            add(nickname, "cities", _CitySense(name, code))
    for shift in md.shifts():
        shift_name = SHIFT_NAMES.get(shift.time_of_day)
        if shift_name is None or shift.code.endswith("CALL"):
            continue
        for term in shift.terms:
            words = md.normalize_term(term).split()
            says_hours = any(ch.isdigit() for ch in term) or bool(_NUMBER_WORDS & set(words))
            hours = int(shift.hours_per_shift) if says_hours else None
            add(term, "shifts", _ShiftSense(shift_name, hours))
    for facet in md.shift_terms():
        tod = SHIFT_NAMES.get(facet.time_of_day) if facet.time_of_day else None
        hours = int(facet.hours_per_shift) if facet.hours_per_shift else None
        if tod is not None or hours is not None:
            add(facet.term, "shifts", _ShiftSense(tod, hours))
    for job_type, terms in JOB_TYPE_TERMS.items():
        for term in terms:
            add(term, "job_types", job_type)
    for term in _HOT_TERMS:
        add(term, "hot", True)
    for cert in md.certifications():
        for term in cert.terms:
            if term not in _WEAK_CERT_TERMS:
                add(term, "certifications", cert)

    phrases: dict[tuple[str, ...], _Entry] = {}
    for key, kinds in acc.items():
        specs = sorted(
            kinds.get("specialties", []),
            key=lambda s: (s.profession.abbreviation != "RN", s.profession_external_id),
        )
        phrases[key] = _Entry(
            professions=tuple(kinds.get("professions", [])),
            specialties=tuple(specs),
            states=tuple(kinds.get("states", [])),
            cities=tuple(kinds.get("cities", [])),
            shifts=tuple(kinds.get("shifts", [])),
            job_types=tuple(kinds.get("job_types", [])),
            hot=bool(kinds.get("hot")),
            certifications=tuple(kinds.get("certifications", [])),
        )

    vocab = frozenset(w for key in phrases for w in key if len(w) >= 5 and w.isalpha())
    deletes: dict[str, list[str]] = {}
    for word in sorted(vocab):
        for variant in {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}:
            deletes.setdefault(variant, []).append(word)

    by_name: dict[str, set[str]] = {}
    for spec in md.specialties():
        by_name.setdefault(spec.name, set()).add(spec.profession.name)

    rn = md.find_profession("rn")
    assert rn is not None
    return _Lexicon(
        phrases=phrases,
        max_len=max(len(k) for k in phrases),
        first_words=frozenset(k[0] for k in phrases),
        vocab_words=vocab,
        deletes={k: tuple(v) for k, v in deletes.items()},
        profession_names_by_specialty={k: frozenset(v) for k, v in by_name.items()},
        state_codes={s.code.lower(): s for s in md.states()},
        rn_id=rn.external_id,
    )


_WEAK_CERT_TERMS = frozenset({"stable", "ons", "cpi", "mab", "nci", "crn", "cm", "csc", "acm"})


def _specialty_under(term: str, profession_name: str) -> md.SpecialtyInfo | None:
    prof = md.find_profession(profession_name)
    if prof is None:
        return None
    return md.find_specialty(term, prof.external_id)


def _implied_profession_name(specialty_name: str) -> str | None:
    names = _lexicon().profession_names_by_specialty.get(specialty_name, frozenset())
    return next(iter(names)) if len(names) == 1 else None


def warm_up() -> None:
    """Compile the vocabularies and patterns now (else on the first message)."""
    _lexicon()
    understand("ICU RN travel jobs in Dallas, TX over $2,500/week starting ASAP")


# ---------------------------------------------------------------------------- words

_STOPWORDS: Final[frozenset[str]] = _words(
    """a about above after again all also am an and any anything anywhere are area around as
    at available be been before being best between both but by can cant could currently did
    do does doing dont each either else even ever every find for from get give go going good
    got great had has have having hello help her here hey hi hiring his how i id ideally if
    im in interested into is it its ive job jobs just keep kind know like list listing
    listings look looking looks lot love make maybe me might more most much my need needs
    new no nope not now of off ok okay on one ones only open opening openings opportunities
    opportunity or other our out over per please pls position positions possible prefer
    preferably preferred really role roles search searching see seeking show some something
    somewhere start starting such sure than thank thanks that the their them then there these
    they thing things this those to too try trying up us very want wanted wanting was way we
    well were what whats when where which while who whom why will with within work working
    would wondering yes you your yours assignment assignments gig gigs employment career
    careers vacancy vacancies posting postings options option also get getting please shift
    shifts schedule hour hours week weeks weekly pay paying pays rate rates salary money
    instead only just least atleast minimum min earn earning offers offering located location
    place places city state states near nearby close closer preferably ideally lets let
    hiring hire hired available availability apply applying application tell info details
    detail information actually cool awesome nice super um uh hmm so literally basically
    honestly kinda sorta date dates hoping hope seek seeking open anyone somebody someone
    else right now today currently also maybe perhaps nothing guys yall folks type types kind kinds
    sort something anything wondering curious hows whats wheres thats theres ur u pls plz
    thx ill youll wont cant isnt doesnt didnt theyll shes hes sounds looks seems specialty
    specialties profession professions flexible whatever regardless"""
)
"""Words that carry no search meaning on their own (never a query, never 'corrected')."""

_KNOWN_WORDS: Final[frozenset[str]] = _STOPWORDS | _words(
    """about above actually address afternoon again agency agent ahead alright already
    always another answer anyone appreciate asked asking award based because believe better
    bonus bonuses booked bring buddy busy called calling cancel cannot chance change changed
    check cheers cheaper choose clear colleague coming company confirm connect contact
    correct couple coworker cover daily dates email emails evening everyone exactly excel
    expect experience family fast fine first forget friend friends further going goodbye
    great happen happy hello hours house human later latest leave license licensed light
    little local longer lower maybe media medical might money month months morning never
    night nights nobody nothing number offer other others paid people person phone pretty
    quick quite rather ready really recruiter recruiters refer referral referrals referred
    register remote reply right robot round second seems sense sheet short since smart
    someone sorry sound sounds speak staff start stay still stuff sweet talk team thank
    thanks their there these thing think third those three through today together tomorrow
    travel truly twice under until usual video wanna whatever where whether which while
    whole worry worth would write wrong years yours yourself about above across agree alone
    along among apple away basic begin below beside beyond board bring build carry cause
    child clean close cover cross dream drive early earth eight empty enjoy enter equal
    error event field final floor force front glass grand green group guess heart heavy
    horse hotel image issue large laugh learn level limit lunch major march match metal
    minor model mouth movie music nurse ocean order owner paint panel paper party peace
    phase piece pilot plane plant plate point pound power press price prime print prize
    proof proud queen quiet radio raise range reach refer reply river rough route scale
    scene score serve seven shape share sharp shelf shift shirt shock shoot sight since
    skill sleep slide smile smoke solid solve sound south space spare speed spend split
    sport staff stage stand steel stick stock stone store storm story strip study style
    sugar suite super table taste teach teeth thick thing tired title total touch tough
    tower track trade train treat trend trial truck trust truth twice uncle union upper
    usage usual valid value visit voice waste watch water wheel white woman world worry
    worse young youth media mediate remedy medics august indian indians addition fight
    campaign piano strike landing contrast contrasts traveled travelled helen helens filed
    mason flood settle spots swung canyon stanford recover canon contacts alexandra modest
    genera stroked sorts patterson stoke chick frederic coats impatient diver ligue norma
    rotated regal athena rotting savanna sewing spins caden medial plank paler latch maison
    fling montpellier sacrament eugen"""
)
"""Words never corrected as typos: they are words already. The second half was calibrated
against an English word list: real words one slip away from a vocabulary term."""

_WORD_RX = re.compile(r"[^\W_]+|¤")
_HOLE = " ¤ "


@dataclass(slots=True)
class _Token:
    raw: str
    low: str
    key: str
    """``low``, or its correction when it is a typo of a vocabulary word."""
    joined: bool = True
    """Only spaces separate it from the previous word (no comma, period...)."""

    @property
    def hole(self) -> bool:
        return self.raw == "¤"


_KEYBOARD_ROWS: Final[tuple[str, ...]] = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_KEY_POSITIONS: Final[Mapping[str, tuple[int, int]]] = {
    ch: (row, col) for row, keys in enumerate(_KEYBOARD_ROWS) for col, ch in enumerate(keys)
}


def _adjacent_keys(a: str, b: str) -> bool:
    pa, pb = _KEY_POSITIONS.get(a), _KEY_POSITIONS.get(b)
    return (
        pa is not None
        and pb is not None
        and a != b
        and abs(pa[0] - pb[0]) <= 1
        and abs(pa[1] - pb[1]) <= 1
    )


def _is_typo_of(typed: str, word: str) -> bool:
    """``typed`` is ``word`` with one slip: a swap, a missing letter, a neighbouring key hit
    instead or in addition (the first letter is kept: people rarely miss it)."""
    if typed == word or typed[:1] != word[:1]:
        return False
    lt, lw = len(typed), len(word)
    if lt == lw:
        diffs = [i for i in range(lt) if typed[i] != word[i]]
        if len(diffs) == 1:
            return _adjacent_keys(typed[diffs[0]], word[diffs[0]])
        return (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and typed[diffs[0]] == word[diffs[1]]
            and typed[diffs[1]] == word[diffs[0]]
        )
    if lt == lw - 1:
        return any(word[:i] + word[i + 1 :] == typed for i in range(lw))
    if lt == lw + 1:
        for i in range(lt):
            if typed[:i] + typed[i + 1 :] == word:
                extra = typed[i]
                neighbours = [typed[j] for j in (i - 1, i + 1) if 0 <= j < lt]
                if any(extra == n or _adjacent_keys(extra, n) for n in neighbours):
                    return True
    return False


@lru_cache(maxsize=8192)
def _correct(word: str) -> str:
    lex = _lexicon()
    if (
        len(word) < 5
        or not word.isalpha()
        or word in lex.vocab_words
        or word in _KNOWN_WORDS
        or word in lex.first_words
    ):
        return word
    candidates: set[str] = set()
    for variant in {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}:
        candidates.update(lex.deletes.get(variant, ()))
    close = sorted(
        (c for c in candidates if _is_typo_of(word, c)), key=lambda c: (len(c) != len(word), c)
    )
    if not close:
        return word
    # Plural/singular pairs ("nurse", "nurses") are the same correction.
    stems = {c.rstrip("s") for c in close}
    return close[0] if len(stems) == 1 else word


# ---------------------------------------------------------------------------- extraction

_EMAIL_LOCAL_RX = re.compile(r"[^\s@<>()\[\],;:\"]{0,63}[^\s@<>()\[\],;:\".!?]$")
_EMAIL_DOMAIN_RX = re.compile(r"[^\s@<>()\[\],;:\"]{0,253}")
_EMAIL_OK_RX = re.compile(
    r"^[a-z0-9!#$%&'*+/=?^_`{|}~\-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~\-]+)*"
    r"@(?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}$"
)
_SPELLED_EMAIL_RX = re.compile(
    r"\b([a-z0-9._%+\-]+)\s*(?:\s+at\s+|\[at\]|\(at\))\s*([a-z0-9\-]+)\s*"
    r"(?:\s+dot\s+|\[dot\]|\(dot\)|\.)\s*([a-z]{2,6})\b"
)
_PHONE_RX = re.compile(
    r"(?<![\w$.#])(?:\+?1[\s.\-]*)?(?:\(\s*\d{3}\s*\)|\d{3})[\s.\-]*\d{3}[\s.\-]*\d{4}(?![\w])"
)

_ASAP_RX = re.compile(
    r"\b(?:(?:start(?:s|ing)?|begin(?:ning)?|available|availability)\s+)?"
    r"(?:asap|a\s?s\s?a\s?p|as soon as possible|immediately|immediate(?:\s+start)?|right away|"
    r"right now|urgent start|quick start|soonest|(?<=start )now|(?<=starting )now|"
    r"(?<=available )now|(?<=start )soon|(?<=starting )soon)\b"
)
_RELATIVE_RX = re.compile(
    r"\b(?:(?:start(?:s|ing)?|begin(?:ning)?|available)\s+)?"
    r"(?P<which>next|this|the following|following)\s+(?P<unit>week|month)\b"
)
_IN_WEEKS_RX = re.compile(
    r"\b(?:(?:start(?:s|ing)?|begin(?:ning)?|available)\s+)?(?P<rel>in|within)\s+"
    r"(?:the next\s+)?(?P<n>\d{1,2}|a|an|one|two|three|four|five|six|a couple of|a few)\s+"
    r"(?P<unit>weeks?|months?)\b"
)
_SEASON_RX = re.compile(
    r"\b(?:(?:start(?:s|ing)?|begin(?:ning)?)\s+)?(?P<pre>this|next|in the|in|over the|for the)?"
    r"\s*(?P<season>summer|fall|autumn|winter|spring)\b"
)
_MONTHS: Final[Mapping[str, int]] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
_MONTH_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE_PRE = (
    r"(?P<pre>(?:(?:start(?:s|ing)?|begin(?:s|ning)?|available)(?:\s+(?:date\s+)?"
    r"(?:in|on|around|after|from|by|of))?|from|after|before|by|no later than|on|in|around|"
    r"early|mid|late|end of|the end of)\s+)?"
)
_MONTH_RX = re.compile(
    r"\b" + _DATE_PRE + r"(?:the\s+)?(?P<mon>" + _MONTH_ALT + r")\b\.?"
    r"(?:\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b)?(?:,?\s+(?P<year>20\d\d)\b)?"
)
_NUMERIC_DATE_RX = re.compile(
    r"(?:\b" + _DATE_PRE + r")?(?<![\d/.\-])(?P<m>1[0-2]|0?[1-9])/(?P<d>3[01]|[12]\d|0?[1-9])"
    r"(?:/(?P<y>20\d\d|\d\d))?(?![\d/])"
)
_ISO_DATE_RX = re.compile(r"(?:\b" + _DATE_PRE + r")?\b(?P<y>20\d\d)-(?P<m>\d\d)-(?P<d>\d\d)\b")
_SMALL_NUMBERS: Final[Mapping[str, int]] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "a couple of": 2, "a few": 3,
}  # fmt: skip

_COUNT_WORDS = _words("two three four five six seven couple few")
_PAY_RX = re.compile(
    r"(?P<cmp>\b(?:over|above|more than|greater than|higher than|at least|atleast|"
    r"min(?:imum)?(?: of)?|no less than|not less than|starting at|upwards of|north of|from|"
    r"paying|pays|pay(?: of)?|making|make|earn(?:ing)?|under|below|less than|up to|"
    r"max(?:imum)?(?: of)?|at most|no more than|between)\s*|[><]=?\s*)?"
    r"(?P<cur>\$\s*)?(?<![\w.,/#])(?P<n1>\d+(?:\.\d+)?)\s*(?P<k1>k\b|k(?=[+/])|grand\b|thousand\b)?"
    r"(?:\s*(?:-|–|to)\s*\$?\s*(?P<n2>\d+(?:\.\d+)?)\s*(?P<k2>k\b|k(?=[+/])|grand\b|thousand\b)?)?"
    r"(?P<plus>\s*\+|\s+(?:or more|or higher|or above|and up|plus)\b)?"
    r"(?P<unit>\s*(?P<conn>/|\bper\b|\ban?\b|\beach\b)?\s*"
    r"(?P<u>weekly|wkly|week|wk|hourly|hrly|hour|hr|h|annually|annual|yearly|year|yr|"
    r"salary|monthly|month|mo)s?\b)?"
)
_MIN_COMPARATORS = frozenset(
    {
        "over", "above", "more than", "greater than", "higher than", "at least", "atleast",
        "min", "minimum", "min of", "minimum of", "no less than", "not less than",
        "starting at", "upwards of", "north of", "from", "paying", "pays", "pay", "pay of",
        "making", "make", "earn", "earning", ">", ">=", "between",
    }
)  # fmt: skip
_MAX_COMPARATORS = frozenset(
    {
        "under", "below", "less than", "up to", "max", "maximum", "max of", "maximum of",
        "at most", "no more than", "<", "<=",
    }
)  # fmt: skip
_NON_PAY_NEXT = re.compile(
    r"^\s*(?:x\b|x\d|s\b|st\b|nd\b|rd\b|th\b|%|hours?\b|hrs?\b|weeks?\b|days?\b|months?\b|"
    r"years?\b|yrs?\b|shifts?\b|miles?\b|mi\b|beds?\b|patients?\b|am\b|pm\b|a\.m|p\.m|"
    r"jobs?\b|positions?\b|results?\b|openings?\b|of\b|level\b|trauma\b)"
)
_ORDINAL_BEFORE = re.compile(r"(?:#|\b(?:number|no|num|level|lvl|top|job|option|result)\s*)$")


@dataclass(slots=True)
class _Start:
    start: str | None = None
    start_from: str | None = None
    start_to: str | None = None


@dataclass(slots=True)
class _Message:
    text: str
    """The original text (NFKC, at most 4,000 characters)."""
    masked: str
    """Emails, phones, dates and pay blanked out; apostrophes removed; ``&`` as ``and``."""
    low: str
    tokens: list[_Token]
    norm: str
    """The lowercase words joined by single spaces (holes as ``¤``)."""
    all_caps: bool
    emails: list[str] = field(default_factory=list)
    bad_emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    weekly_pay: float | None = None
    hourly_pay: float | None = None
    start: _Start = field(default_factory=_Start)
    name_prefix: str = ""
    """The text before the first email/phone (a name often precedes them)."""


def _lower(text: str) -> str:
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return low


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + _HOLE + text[end:]
    return text


def _next_occurrence(month: int, today: dt.date) -> int:
    return today.year if month >= today.month else today.year + 1


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _window(start: dt.date, end: dt.date, today: dt.date) -> _Start:
    return _Start(start_from=max(start, today).isoformat(), start_to=end.isoformat())


def _with_day(pre: str, when: dt.date) -> _Start:
    if pre.startswith("after"):
        return _Start(start=(when + dt.timedelta(days=1)).isoformat())
    if pre.startswith("before"):
        return _Start(start_to=(when - dt.timedelta(days=1)).isoformat())
    if pre.startswith(("by", "no later")):
        return _Start(start_to=when.isoformat())
    return _Start(start=when.isoformat())


def _month_start(pre: str, year: int, month: int, today: dt.date) -> _Start:
    first = dt.date(year, month, 1)
    last = _month_end(year, month)
    if pre.startswith("after"):
        following = last + dt.timedelta(days=1)
        return _Start(start=following.isoformat())
    if pre.startswith("before"):
        return _Start(start_to=(first - dt.timedelta(days=1)).isoformat())
    if pre.startswith(("by", "no later")):
        return _Start(start_to=last.isoformat())
    if pre == "from" or pre.endswith(("from", "after")):
        return _Start(start=max(first, today).isoformat())
    if pre == "early":
        return _window(first, dt.date(year, month, 10), today)
    if pre == "mid":
        return _window(dt.date(year, month, 11), dt.date(year, month, 20), today)
    if pre in ("late", "end of", "the end of"):
        return _window(dt.date(year, month, 21), last, today)
    return _window(first, last, today)


def _parse_start(low: str, today: dt.date) -> tuple[_Start | None, list[tuple[int, int]]]:
    """The first start expression in ``low`` and the spans of every one."""
    found: list[tuple[int, _Start, tuple[int, int]]] = []
    for m in _ASAP_RX.finditer(low):
        found.append((m.start(), _Start(start="asap"), m.span()))
    for m in _RELATIVE_RX.finditer(low):
        which, unit = m.group("which"), m.group("unit")
        if unit == "week":
            monday = today - dt.timedelta(days=today.weekday())
            if which != "this":
                monday += dt.timedelta(days=7)
            result = _window(monday, monday + dt.timedelta(days=6), today)
        else:
            year, month = today.year, today.month
            if which != "this":
                year, month = (year + 1, 1) if month == 12 else (year, month + 1)
            result = _window(dt.date(year, month, 1), _month_end(year, month), today)
        found.append((m.start(), result, m.span()))
    for m in _IN_WEEKS_RX.finditer(low):
        n = m.group("n")
        count = int(n) if n.isdigit() else _SMALL_NUMBERS.get(n, 1)
        days = count * (7 if m.group("unit").startswith("week") else 30)
        target = today + dt.timedelta(days=days)
        if m.group("rel") == "within":
            result = _Start(start_from=today.isoformat(), start_to=target.isoformat())
        else:
            result = _Start(start=target.isoformat())
        found.append((m.start(), result, m.span()))
    for m in _SEASON_RX.finditer(low):
        season, pre = m.group("season"), m.group("pre") or ""
        if season == "fall" and not pre:
            continue
        first_month = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}[season]
        year = today.year
        begin = dt.date(year, first_month, 1)
        last_month = first_month + 2
        end = _month_end(year + 1, 2) if first_month == 12 else _month_end(year, last_month)
        if end < today or (pre == "next" and begin <= today):
            begin = dt.date(year + 1, first_month, 1)
            end = _month_end(year + 2, 2) if first_month == 12 else _month_end(year + 1, last_month)
        found.append((m.start(), _window(begin, end, today), m.span()))
    for m in _MONTH_RX.finditer(low):
        mon, pre = m.group("mon"), (m.group("pre") or "").strip()
        day, year_text = m.group("day"), m.group("year")
        if (len(mon) <= 4 or mon == "may") and not (pre or day or year_text):
            continue
        if mon == "may" and pre in ("", "on") and not (day or year_text):
            continue  # "in may" is the month; a bare "may" is a verb more often than not
        month = _MONTHS[mon]
        year = int(year_text) if year_text else _next_occurrence(month, today)
        if day:
            try:
                when = dt.date(year, month, int(day))
            except ValueError:
                continue
            if when < today and not year_text:
                when = when.replace(year=when.year + 1)
            result = _with_day(pre, when)
        else:
            result = _month_start(pre, year, month, today)
        found.append((m.start(), result, m.span()))
    for rx in (_NUMERIC_DATE_RX, _ISO_DATE_RX):
        for m in rx.finditer(low):
            pre = (m.group("pre") or "").strip()
            y = m.group("y")
            year = (2000 + int(y) if len(y) == 2 else int(y)) if y else today.year
            try:
                when = dt.date(year, int(m.group("m")), int(m.group("d")))
            except ValueError:
                continue
            if when < today and not y:
                when = when.replace(year=when.year + 1)
            found.append((m.start(), _with_day(pre, when), m.span()))
    if not found:
        return None, []
    spans = _non_overlapping([span for _, _, span in found])
    found.sort(key=lambda item: item[0])
    return found[0][1], spans


def _non_overlapping(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for span in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if out and span[0] < out[-1][1]:
            if span[1] > out[-1][1]:
                out[-1] = (out[-1][0], span[1])
            continue
        out.append(span)
    return out


def _parse_pay(low: str) -> tuple[float | None, float | None, list[tuple[int, int]]]:
    weekly: float | None = None
    hourly: float | None = None
    spans: list[tuple[int, int]] = []
    for m in _PAY_RX.finditer(low):
        cmp = re.sub(r"\s+", " ", (m.group("cmp") or "").strip())
        cur, k1, k2, n2 = m.group("cur"), m.group("k1"), m.group("k2"), m.group("n2")
        unit, conn, plus = m.group("u"), m.group("conn"), m.group("plus")
        if (
            unit
            and not conn
            and unit not in ("weekly", "wkly", "hourly", "hrly")
            and not (cur or k1 or unit in ("annually", "annual", "yearly", "salary", "monthly"))
        ):
            unit = None  # "12 hour shifts", "13 weeks": a count, not a rate
        tail = low[m.start("unit") :] if m.group("unit") and unit is None else low[m.end() :]
        if unit is None and _NON_PAY_NEXT.match(tail):
            continue
        if _ORDINAL_BEFORE.search(low[max(0, m.start("n1") - 12) : m.start("n1")]):
            continue
        start = m.start("cmp") if cmp else (m.start("cur") if cur else m.start("n1"))
        if not (cur or k1 or k2 or unit or plus or cmp):
            continue
        end = m.start("unit") if unit is None and m.group("unit") else m.end()
        value = float(m.group("n1"))
        if k1 or (k2 and n2 and float(m.group("n1")) < 100):
            value *= 1000
        if cmp in _MAX_COMPARATORS:
            spans.append((start, end))
            continue
        if cmp and cmp not in _MIN_COMPARATORS and not (cur or k1 or unit or plus):
            continue
        kind: str | None
        if unit in ("weekly", "wkly", "week", "wk"):
            kind = "week"
        elif unit in ("hourly", "hrly", "hour", "hr", "h"):
            kind = "hour"
        elif unit is not None:
            kind = None  # annual / monthly: recognized, not a filter
        elif value >= 30000:
            kind = None
        elif value >= 250 or k1:
            kind = "week"
        elif value >= 10:
            kind = "hour"
        else:
            continue
        spans.append((start, end))
        if kind == "week" and weekly is None and 100 <= value <= 50000:
            weekly = value
        elif kind == "hour" and hourly is None and 5 <= value <= 1000:
            hourly = value
    return weekly, hourly, spans


def _parse_message(text: str, today: dt.date) -> _Message:
    raw = unicodedata.normalize("NFKC", text)[:4000]
    raw = raw.replace("’", "'").replace("‘", "'").replace("`", "'")
    s = raw
    emails: list[str] = []
    bad_emails: list[str] = []
    spans: list[tuple[int, int]] = []
    for span in _email_spans(s):
        candidate = s[span[0] : span[1]].rstrip(".!?,;'\"").lower()
        (emails if _valid_email(candidate) else bad_emails).append(candidate)
        spans.append(span)
    s = _blank(s, spans)
    phones: list[str] = []
    spans = []
    for m in _PHONE_RX.finditer(s):
        digits = re.sub(r"\D", "", m.group(0))
        if len(digits) == 11 and digits.startswith("1"):
            digits = digits[1:]
        if len(digits) == 10:
            phones.append("+1" + digits)
            spans.append(m.span())
    s = _blank(s, spans)
    first_hole = s.find("¤")
    name_prefix = s[:first_hole] if first_hole >= 0 else ""
    s = re.sub(r"'", "", s).replace("&", " and ")
    s = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", s)
    s = re.sub(r"(?<=\d)(?=(?:hrs?|hours?)\b)", " ", s, flags=re.IGNORECASE)
    low = _lower(s)
    start, spans = _parse_start(low, today)
    s = _blank(s, spans)
    low = _lower(s)
    weekly, hourly, spans = _parse_pay(low)
    s = _blank(s, spans)
    low = _lower(s)
    tokens: list[_Token] = []
    previous_end = 0
    for m in _WORD_RX.finditer(s):
        word = m.group(0)
        lw = _lower(word)
        joined = not s[previous_end : m.start()].strip()
        previous_end = m.end()
        tokens.append(
            _Token(raw=word, low=lw, key=_correct(lw) if lw != "¤" else lw, joined=joined)
        )
    letters = [c for c in raw if c.isalpha()]
    all_caps = bool(letters) and not any(c.islower() for c in letters)
    return _Message(
        text=raw,
        masked=s,
        low=low,
        tokens=tokens,
        norm=" ".join(t.low for t in tokens),
        all_caps=all_caps,
        emails=emails,
        bad_emails=bad_emails,
        phones=phones,
        weekly_pay=weekly,
        hourly_pay=hourly,
        start=start or _Start(),
        name_prefix=name_prefix,
    )


def _email_spans(text: str) -> list[tuple[int, int]]:
    """Spans of email-looking words (anything around an ``@``; validated separately).

    Found from each ``@`` outwards with bounded patterns: linear on any input.
    """
    spans: list[tuple[int, int]] = []
    at = text.find("@")
    while at >= 0:
        left = _EMAIL_LOCAL_RX.search(text, max(0, at - 64), at)
        if left is not None and (not spans or left.start() >= spans[-1][1]):
            right = _EMAIL_DOMAIN_RX.match(text, at + 1)
            end = right.end() if right is not None else at + 1
            spans.append((left.start(), end))
            at = text.find("@", end)
        else:
            at = text.find("@", at + 1)
    return spans


def _valid_email(candidate: str) -> bool:
    return len(candidate) <= 254 and bool(_EMAIL_OK_RX.match(candidate))


# ---------------------------------------------------------------------------- entities


@dataclass(slots=True)
class _Match:
    start: int
    end: int
    key: tuple[str, ...]
    entry: _Entry
    used: bool = False


@dataclass(slots=True)
class _Entities:
    filters: SearchFilters
    matches: list[_Match]
    city_match: _Match | None
    core_match: _Match | None
    """The match that gave the specialty (else the profession)."""
    leftover: list[str]
    clears: set[str]
    code_tokens: set[int]


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
)


def _find_matches(tokens: list[_Token], lex: _Lexicon) -> list[_Match]:
    matches: list[_Match] = []
    i, n = 0, len(tokens)
    while i < n:
        if tokens[i].key not in lex.first_words:
            i += 1
            continue
        found: _Match | None = None
        for length in range(min(lex.max_len, n - i), 0, -1):
            key = tuple(t.key for t in tokens[i : i + length])
            entry = lex.phrases.get(key)
            if entry is not None:
                found = _Match(i, i + length, key, entry)
                break
        if found is None:
            i += 1
        else:
            matches.append(found)
            i = found.end
    return matches


def _is_conjunction_or(tokens: list[_Token], match: _Match, all_caps: bool) -> bool:
    if match.key != ("or",):
        return False
    tok = tokens[match.start]
    if tok.raw == "OR" and not all_caps:
        return False
    prev = tokens[match.start - 1].low if match.start > 0 else ""
    return prev not in ("the", "an")


def _extract(msg: _Message, lex: _Lexicon) -> _Entities:
    tokens = msg.tokens
    matches = _find_matches(tokens, lex)
    negated_fields: set[str] = set()
    negated_tokens: set[int] = set()
    for m in [m for m in matches if _negated(tokens, m)]:
        matches.remove(m)  # "no nights", "not travel": not a filter, and drops the old one
        negated_fields.update(_entry_fields(m.entry))
        negated_tokens.update(range(m.start, m.end))
    covered: dict[int, _Match] = {}
    for m in matches:
        for i in range(m.start, m.end):
            covered[i] = m

    def prev_word(i: int, back: int = 1) -> str:
        j = i - back
        return tokens[j].low if j >= 0 else ""

    city_matches = [m for m in matches if m.entry.cities and not m.entry.states]

    # -- state codes
    accepted_codes: dict[int, md.StateInfo] = {}
    deferred_codes: dict[int, md.StateInfo] = {}
    for i, tok in enumerate(tokens):
        code = tok.low
        code_state = lex.state_codes.get(code)
        if code_state is None or len(tok.raw) != 2 or not tok.raw.isalpha():
            continue
        match = covered.get(i)
        if match is not None and (match.end - match.start > 1 or match.entry.states):
            continue  # part of a longer phrase ("or nurse", "pa c") or a state synonym ("dc")
        after_city = any(
            c.end == i and any(x.state_code == code_state.code for x in _city_infos(c))
            for c in matches
        )
        located = (
            prev_word(i) == "in" or (prev_word(i) in _LOCATION_PREPOSITIONS and code != "me")
        ) or (prev_word(i, 2) == "state" and prev_word(i) == "of")
        if after_city or located:
            accepted_codes[i] = code_state
            continue
        upper = tok.raw.isupper() and not msg.all_caps
        if match is not None:
            if code in _CODE_CONFLICT_SLOTS and (upper or code != "or"):
                deferred_codes[i] = code_state
            continue
        if upper:
            if code not in UPPERCASE_COMMON_CODES:
                accepted_codes[i] = code_state
        elif code not in LOWERCASE_AMBIGUOUS_CODES:
            accepted_codes[i] = code_state
    for i in accepted_codes:
        match = covered.get(i)
        if match is not None:
            matches.remove(match)
            del covered[i]

    # -- professions
    prof_matches = [m for m in matches if m.entry.professions and m.start not in accepted_codes]
    profession: md.ProfessionInfo | None = None
    profession_match: _Match | None = None
    for m in prof_matches:
        if m.start in deferred_codes:
            continue
        profession, profession_match = m.entry.professions[0], m
        break
    if profession is None:
        for m in prof_matches:
            profession, profession_match = m.entry.professions[0], m
            deferred_codes.pop(m.start, None)
            break

    # -- specialties
    spec_matches = [
        m
        for m in matches
        if m.entry.specialties
        and not _is_conjunction_or(tokens, m, msg.all_caps)
        and m.start not in accepted_codes
    ]
    specialty: md.SpecialtyInfo | None = None
    specialty_match: _Match | None = None
    implied: str | None = None
    deferred_specs = [m for m in spec_matches if m.start in deferred_codes]
    ordered = [m for m in spec_matches if m.start not in deferred_codes] + deferred_specs
    for m in ordered:
        term = " ".join(m.key)
        if profession is not None:
            if m is profession_match and not m.entry.specialties:
                continue
            found = md.find_specialty(term, profession.external_id)
            if found is not None:
                specialty, specialty_match = found, m
                break
            continue
        if term in WEAK_SPECIALTY_TERMS:
            continue
        candidates = m.entry.specialties
        rn = [s for s in candidates if s.profession_external_id == lex.rn_id]
        owners = {s.profession_external_id for s in candidates}
        if rn:
            specialty, specialty_match = rn[0], m
        elif len(owners) == 1:
            specialty, specialty_match = candidates[0], m
        else:
            continue
        if len(owners) == 1:
            implied = specialty.profession.name
        else:
            implied = _implied_profession_name(specialty.name)
        break
    if specialty_match is not None and specialty_match.start in deferred_codes:
        del deferred_codes[specialty_match.start]
    if profession_match is not None:
        profession_match.used = True
    if specialty_match is not None:
        specialty_match.used = True

    # Deferred codes (OR/PA/MA/MT/CT) whose other meaning lost to another term: a state.
    states_named = [m for m in matches if m.entry.states]
    for i, deferred_state in deferred_codes.items():
        match = covered.get(i)
        if match is None or match.used or states_named or accepted_codes:
            continue
        slot = _CODE_CONFLICT_SLOTS.get(tokens[i].low)
        if (slot == "profession" and profession is not None) or (
            slot == "specialty" and specialty is not None
        ):
            accepted_codes[i] = deferred_state
            matches.remove(match)

    # -- states and cities
    state: md.StateInfo | None = None
    for m in matches:
        if m.entry.states:
            state = m.entry.states[0]
            m.used = True
            break
    if state is None and accepted_codes:
        state = accepted_codes[min(accepted_codes)]
    city: str | None = None
    city_match: _Match | None = None
    for m in city_matches:
        if m not in matches:
            continue
        if not _city_in_context(msg, m, accepted_codes, states_named):
            continue
        city_sense = m.entry.cities[0]
        city, city_match = city_sense.name, m
        m.used = True
        if state is None and city_sense.state is not None:
            state = md.state_by_code(city_sense.state)
        elif state is None:
            named = md.cities_named(city_sense.name)
            if len(named) == 1:
                state = named[0].state
        break

    # -- shift, job type, hot, certifications
    times: list[str] = []
    hours: list[int] = []
    job_types: list[JobType] = []
    hot = False
    certs: list[str] = []
    for m in matches:
        e = m.entry
        if e.shifts and not (e.professions or e.specialties):
            before = tokens[m.start - 1].low if m.start > 0 else ""
            if (before.isdigit() or before in _COUNT_WORDS) and len(m.key) == 1:
                continue  # "3 days a week", "two nights": a count, not a shift
            m.used = True
            for sense in e.shifts:
                if sense.shift and sense.shift not in times:
                    times.append(sense.shift)
                if sense.hours and sense.hours not in hours:
                    hours.append(sense.hours)
        if e.job_types and not e.specialties:
            m.used = True
            for jt in e.job_types:
                if jt not in job_types:
                    job_types.append(jt)
        if e.hot and not (e.specialties or e.professions):
            m.used = True
            hot = True
        if (
            e.certifications
            and not (e.specialties or e.professions or e.states)
            and e.certifications[0].name not in certs
        ):
            m.used = True
            certs.append(e.certifications[0].name)

    filters = SearchFilters(
        profession=profession.name if profession else implied,
        specialty=specialty.name if specialty else None,
        state=state.code if state else None,
        city=city,
        job_type=job_types[0] if len(job_types) == 1 else None,
        shift=times[0] if len(times) == 1 else None,
        shift_hours=hours[0] if len(hours) == 1 else None,
        min_weekly_pay=msg.weekly_pay,
        min_hourly_pay=msg.hourly_pay,
        start=msg.start.start,
        start_from=msg.start.start_from,
        start_to=msg.start.start_to,
        hot_only=True if hot else None,
        specialty_term=" ".join(specialty_match.key) if specialty_match else None,
        profession_implied=profession is None
        and implied is not None
        and not (specialty_match and _names_profession(specialty_match.key, lex)),
    )

    used_tokens: set[int] = set(accepted_codes) | negated_tokens
    for m in matches:
        e = m.entry
        filter_words = (e.states or e.cities or e.shifts or e.job_types or e.hot) and not (
            e.specialties or e.professions
        )
        if m.used or filter_words:  # "Florida or Georgia": Georgia is no search text
            used_tokens.update(range(m.start, m.end))
    leftover = [
        t.low
        for i, t in enumerate(tokens)
        if i not in used_tokens and not t.hole and t.low not in _STOPWORDS
    ]
    if certs:
        cert_words = {w for m in matches if m.entry.certifications and m.used for w in m.key}
        leftover = [w for w in leftover if w not in cert_words] + certs
    clears: set[str] = set(negated_fields)
    if len(times) > 1:
        clears.add("shift")  # "days or nights": either is fine
    if len(job_types) > 1:
        clears.add("job_type")
    for rx, names in _CLEAR_RULES:
        if rx.search(msg.norm):
            clears.update(names)
            for name in names:  # "not just hot jobs" clears hot_only, it does not set it
                setattr(filters, name, None)
    return _Entities(
        filters=filters,
        matches=matches,
        city_match=city_match,
        core_match=specialty_match or profession_match,
        leftover=leftover,
        clears=clears,
        code_tokens=set(accepted_codes),
    )


_NEGATORS = _words("no not without except avoid dont never nothing")
_NEGATION_BRIDGE = _words("want like more the any doing working do")


def _negated(tokens: list[_Token], match: _Match) -> bool:
    """``no nights``, ``not travel``, ``don't want nights`` (but not ``no, nights``)."""
    i = match.start
    if i >= 1 and tokens[i].joined and tokens[i - 1].low in _NEGATORS:
        return True
    return (
        i >= 2
        and tokens[i].joined
        and tokens[i - 1].joined
        and tokens[i - 1].low in _NEGATION_BRIDGE
        and tokens[i - 2].low in _NEGATORS
    )


def _entry_fields(entry: _Entry) -> set[str]:
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


def _names_profession(key: tuple[str, ...], lex: _Lexicon) -> bool:
    """The phrase contains a profession word ("icu nurse", "er nurse")."""
    return any(
        entry is not None and bool(entry.professions)
        for entry in (lex.phrases.get((word,)) for word in key)
    )


def _city_infos(match: _Match) -> tuple[md.CityInfo, ...]:
    out: list[md.CityInfo] = []
    for sense in match.entry.cities:
        if sense.state is not None:
            found = md.find_city(sense.name, sense.state)
            if found is not None:
                out.append(found)
        else:
            out.extend(md.cities_named(sense.name))
    return tuple(out)


def _city_in_context(
    msg: _Message, match: _Match, codes: Mapping[int, md.StateInfo], states_named: list[_Match]
) -> bool:
    if " ".join(match.key) not in CONTEXT_CITIES:
        return True
    tokens = msg.tokens
    if match.start > 0 and tokens[match.start - 1].low in _CITY_CONTEXT_WORDS:
        return True
    if match.end in codes or any(s.start == match.end for s in states_named):
        return True
    first = tokens[match.start].raw
    return match.start > 0 and first[:1].isupper() and not msg.all_caps


# ---------------------------------------------------------------------------- intents


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


_WHO_RX = _rx(
    r"\b(?:who|what) (?:are|r) (?:you|u)\b|\bare (?:you|u) (?:a |an )?(?:real|human|person|bot|"
    r"robot|ai|machine|chatbot|computer|live|actual)\b|\byour name\b|\bwho am i (?:talking|"
    r"speaking|chatting) (?:to|with)\b|\bis this (?:a )?(?:bot|robot|human|real person|ai)\b"
)
_HUMAN_RX = _rx(
    r"\b(?:talk|speak|chat|connect|transfer|put me through|reach|contact)\b(?:\s+\w+){0,5}?\s+"
    r"(?:a |an |the |my |to |with |real |live |actual )*(?:recruiter|recruiters|person|human|"
    r"humans|agent|representative|rep|someone|somebody|staff member|team member|manager|"
    r"operator|people)\b"
    r"|\bcall me\b|\b(?:give|can) (?:me|you) (?:a )?call\b|\bphone call\b|\bcall me back\b"
    r"|\bhave (?:a |my |the )?(?:recruiter|someone|somebody) (?:call|contact|email|text|reach)\b"
    r"|^(?:a |an |the |my )?(?:real |live |actual )?(?:recruiter|human|agent|representative|"
    r"operator|person)(?: please| pls| now)?$"
    r"|\b(?:i want|i need|i would like|id like|can i get|can i have|get me|let me talk to|"
    r"give me|i wanna talk to) (?:a |an |to |my )?(?:talk to |speak to |speak with |talk with )?"
    r"(?:a |an |my )?(?:real |live |actual )?(?:recruiter|human|person|agent|representative|rep)\b"
    r"|\bwho is my recruiter\b|\bcontact me\b|\breach out to me\b|\bcall back\b"
    r"|\bwhats your (?:phone |phone number|number|email|contact)\b|\bhow (?:do|can) i (?:contact|"
    r"reach|call|email) (?:you|a recruiter|someone|a person|excel)\b"
)
_REFERRAL_LINK_RX = _rx(r"\breferral (?:link|code|url|program)\b|\bhow (?:do|can) i refer\b")
_REFERRAL_STATUS_RX = _rx(
    r"\b(?:did|has|have|is) (?:my )?(?:friend|friends|buddy|colleague|coworker|referral|"
    r"referrals|referee|the person i referred)\b.*\b(?:sign|signed|register|registered|apply|"
    r"applied|join|joined|start|started|hired|placed|use|used)\b"
    r"|\breferrals? (?:status|bonus|bonuses|reward|rewards|payment|payments|payout|money|check)\b"
    r"|\bmy referrals?\b|\b(?:check|see|view|show|list) (?:on )?(?:my )?referrals?\b"
    r"|\b(?:bonus|reward|payout)s?\b.*\b(?:referral|referred|friend|refer)\b"
    r"|\b(?:referral|referred|friend|refer)\b.*\b(?:bonus|reward|payout|paid)\b"
    r"|\bdid (?!i |you )\w+(?: \w+)? (?:sign up|signed up|register|registered|join|joined|"
    r"apply|applied|get hired|get placed)\b"
    r"|\bpeople i (?:referred|invited)\b|\b(?:who|how many) (?:people )?(?:have )?i "
    r"(?:referred|invited)\b|\bi referred\b"
)
_REFER_RX = _rx(
    r"\b(?:refer|referring|invite|inviting|recommend|recommending)\b"
    r"|\b(?:i have|i know|ive got|my) (?:a )?(?:friend|colleague|coworker|buddy|sister|brother|"
    r"cousin|wife|husband) (?:who|that) (?:is|s|might|may|would|wants|needs)\b"
)
_LOGIN_RX = _rx(
    r"\b(?:log ?in|login|logging in|sign ?in|signin|signing in)\b|\b(?:i )?(?:already )?(?:have|"
    r"got) an account\b|\balready (?:registered|signed up|a member|have an account)\b"
    r"|\bmy account\b|\bexisting (?:account|user|candidate)\b"
)
_NEGATED_APPLY_RX = _rx(
    r"\b(?:dont|do not|not|never|no need to|stop) (?:want to |wanna |going to |gonna )?"
    r"(?:apply|submit)\b"
)
_APPLY_RX = _rx(
    r"\b(?:apply|applying|submit (?:an |my )?application|put me in for|submit me|"
    r"sign me up|lets apply)\b"
    r"|\b(?:i want|id like|i would like|ill take|i will take|i wanna|i want to take) "
    r"(?:this|that|it|the) ?(?:one|job|position)?\b"
    r"|^(?:im |i am )?(?:very |really )?interested(?: in (?:it|this|that|this one|that one|"
    r"this job|that job))?$"
)
_INTERESTED_RX = _rx(r"\b(?:im |i am )?interested in\b")
_DETAILS_RX = _rx(
    r"\btell me (?:more )?(?:about|abt)\b|\bmore (?:info|information|details|detail)\b|"
    r"\b(?:details|detail|info|information|specifics)\b(?: (?:on|about|for|of))?\b|"
    r"\bmore about\b|^(?:tell me more|more info|details)$|\bwhat about\b|\bhow about\b"
    r"|\b(?:show|see|open|view) (?:me )?(?:the )?(?:details|job)\b"
)
_TOPIC_RX: Final[tuple[tuple[DetailTopic, re.Pattern[str]], ...]] = (
    (
        "pay",
        _rx(
            r"\b(?:pay|pays|paying|paid|rate|rates|salary|money|compensation|stipend|stipends|"
            r"how much|weekly|hourly|bonus|package|gross)\b"
        ),
    ),
    (
        "certifications",
        _rx(
            r"\b(?:certs?|certifications?|certified|license|licenses|licensure|requirements?|"
            r"required|requires?|qualifications?|need to have|credentials?|bls|acls|pals|"
            r"experience)\b"
        ),
    ),
    ("shift", _rx(r"\b(?:shift|shifts|schedule|hours|what time|days|nights|weekends?)\b")),
    (
        "dates",
        _rx(
            r"\b(?:start|starts|start date|when|duration|how long|length|end|ends|end date|"
            r"weeks|contract length)\b"
        ),
    ),
    (
        "location",
        _rx(r"\b(?:where|location|located|address|city|facility|hospital|client|unit)\b"),
    ),
)
_QUESTION_RX = _rx(
    r"^(?:what|whats|how|when|where|which|does|do|is|are|can|will|tell)\b|\b(?:what|how much|"
    r"how long|when|where|which)\b"
)
_MORE_RX = _rx(
    r"^(?:show |see |give me |load |get |any |what )?(?:me )?(?:some )?(?:more|others|other ones|"
    r"other jobs|another|another one|the rest|next|else)(?: please| pls| jobs| results| options|"
    r"| ones| listings| of them| page| one)*$"
    r"|\b(?:show|see|load|give|get) (?:me )?(?:some )?more\b(?! (?:about|info|details|on))"
    r"|\bnext (?:page|results|ones|batch|set|few|\d+|five|ten|jobs)\b"
    r"|\bmore (?:results|jobs|options|listings|positions|openings)\b|\bwhat else\b"
    r"|\bany (?:other|others|more)\b|\bkeep going\b|\bsee the rest\b"
)
_SEARCH_CUE_RX = _rx(
    r"\b(?:jobs?|positions?|openings?|assignments?|contracts?|gigs?|roles?|opportunit(?:y|ies)|"
    r"listings?|postings?|vacanc(?:y|ies)|work|hiring|search|find|looking for|look for|"
    r"searching|anything)\b"
)
_RESET_RX = _rx(
    r"\b(?:new search|start over|start again|reset|different search|clear (?:the )?"
    r"(?:filters|search)|forget (?:that|those|it|the previous|the last)|something else)\b"
)
_REFINE_CUE_RX = _rx(
    r"\b(?:only|instead|what about|how about|what if|also|too|rather|switch to|change (?:it )?to|"
    r"make it|same but|of those|among those|any of those|narrow|filter)\b"
)
_HELP_RX = _rx(
    r"^(?:help|help me|menu|options|commands|what can you do|what do you do|how does this work|"
    r"how does it work|how do (?:i|you) use (?:this|it|you)|what can i (?:ask|say|do)|"
    r"what are my options|instructions|how to use|what can you help (?:me )?with|"
    r"can you help(?: me)?|i need help|get started|what do you know|\?+)(?: please)?$"
    r"|\bwhat (?:else )?can (?:you|u) (?:do|help)\b|\bhow (?:do|can) i use\b"
)
_CANCEL_RX = _rx(
    r"^(?:no|nope|nah|no thanks|no thank you|cancel|cancel it|cancel that|stop|never ?mind|nvm|"
    r"forget it|forget about it|not now|maybe later|not interested|dont|do not|no way|quit|"
    r"exit|abort|changed my mind|i changed my mind|hold on|wait|not yet|never)\b"
    r"|\b(?:cancel|never ?mind|changed my mind|dont submit|do not submit|dont do it)\b"
)
_CONFIRM_RX = _rx(
    r"^(?:yes|yeah|yea|yep|yup|ya|yas|y|sure|sure thing|confirm|confirmed|i confirm|submit|"
    r"submit it|please submit|do it|go ahead|go for it|sounds good|sounds great|please do|"
    r"absolutely|definitely|of course|correct|thats right|thats correct|right|affirmative|"
    r"lets do it|lets go|send it|yes please|apply|apply now|ok do it|ok go ahead|"
    r"si|certainly|please)\b"
)
_ACK_CONFIRM_RX = _rx(r"^(?:ok|okay|k|kk|alright|all right|fine|cool|great|perfect)\b")
_BYE_RX = _rx(
    r"\b(?:bye|goodbye|good bye|see you|see ya|cya|good night|goodnight|talk (?:to you )?later|"
    r"ttyl|have a (?:good|nice|great) (?:day|night|one|evening|weekend)|take care)\b"
)
_HOW_ARE_RX = _rx(
    r"\bhow (?:are|r) (?:you|u|ya)\b|\bhows it going\b|\bhow is it going\b|\bhow are things\b|"
    r"\bwhats up\b|^sup$|\bhow do you do\b|\bhows your day\b"
)
_THANKS_RX = _rx(
    r"\b(?:thanks|thank you|thank u|thx|ty|tysm|appreciate it|appreciated|much appreciated|"
    r"cheers)\b"
)
_ACK_RX = _rx(
    r"^(?:ok|okay|k|kk|cool|great|nice|awesome|perfect|got it|gotcha|alright|all right|lol|"
    r"haha|wow|neat|understood|fine|good|sounds good|ok cool|good to know|interesting)$"
)
_GREETING_RX = _rx(
    r"^(?:hi|hello|hey|hiya|howdy|yo|greetings|hola|good (?:morning|afternoon|evening|day)|"
    r"hey there|hi there|hello there|heya|sup)\b"
)
_GREETING_FILLER = _words(
    """hi hello hey hiya howdy yo greetings hola good morning afternoon evening day there
    everyone all folks team assistant bot excel friend again"""
)
_REF_NOUNS = _words(
    """one job position listing result option posting gig assignment opening role
    opportunity contract"""
)
_ORDINALS: Final[Mapping[str, int]] = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "fifth": 5, "5th": 5, "sixth": 6, "6th": 6, "seventh": 7, "7th": 7, "eighth": 8, "8th": 8,
    "ninth": 9, "9th": 9, "tenth": 10, "10th": 10, "last": -1, "final": -1, "bottom": -1,
    "top": 1,
}  # fmt: skip
_TIME_NOUNS = frozenset({"week", "month", "year", "time", "day", "night", "shift", "name"})
_NUMBER_REF_RX = re.compile(
    r"(?:#\s*|\b(?:number|num|no|job|option|result|listing|posting)\.?\s*#?\s*)(\d{1,2})\b"
)
_BARE_NUMBER_RX = re.compile(r"^\s*#?\s*(\d{1,2})\s*[.!?]*\s*$")
_UUID_RX = re.compile(
    r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", re.IGNORECASE
)
_DEICTIC_RX = _rx(
    r"\b(?:this|that|the) (?:one|job|position|listing|posting|gig|assignment|opportunity|role|"
    r"opening)\b|\b(?:it|this|that)\b"
)
_DETERMINER_REF_RX = _rx(
    r"\b(?:this|that) (?:one|job|position|listing|posting|gig|assignment|opening|role)\b"
    r"|\b(?:this|that|the) (?P<mid>(?:[\w¤]+ ){1,4}?)one\b"
    r"|\b(?:this|that|the) (?P<mid2>(?:[\w¤]+ ){1,4}?)(?:job|position|listing|posting|gig|"
    r"assignment|opening|role)\b(?! (?:in|near|around) )"
    r"|\b(?:this|that|the) (?:one|job|position|listing|posting|gig|assignment|opening|role) "
    r"(?:in|at|near) "
)
"""Pointing at a listed job: "that one", "the ICU one", "the Dallas job", "the one in Dallas"."""


def _ordinal(msg: _Message, ent: _Entities) -> int | None:
    m = _BARE_NUMBER_RX.match(msg.text)
    if m:
        value = int(m.group(1))
        return value if 1 <= value <= 50 else None
    m = _NUMBER_REF_RX.search(msg.text.lower())
    if m and 1 <= int(m.group(1)) <= 50:
        return int(m.group(1))
    tokens = msg.tokens
    covered = {i for mt in ent.matches if mt.used for i in range(mt.start, mt.end)}
    content = [t for t in tokens if t.low not in _STOPWORDS or t.low in _ORDINALS]
    for i, tok in enumerate(tokens):
        ordinal = _ORDINALS.get(tok.low)
        if ordinal is None or i in covered:
            continue
        nxt = tokens[i + 1].low if i + 1 < len(tokens) else ""
        prev = tokens[i - 1].low if i > 0 else ""
        if nxt in _TIME_NOUNS:
            continue
        if tok.low == "top" and nxt not in _REF_NOUNS:
            continue
        if nxt in _REF_NOUNS or prev in ("the", "that", "this") or len(content) == 1:
            return ordinal
    return None


def _topic(norm: str) -> DetailTopic | None:
    for topic, rx in _TOPIC_RX:
        if rx.search(norm):
            return topic
    return None


def _reference(msg: _Message, ent: _Entities, *, pointed: bool) -> JobReference | None:
    """The job this message points at, if it points at one.

    ``pointed``: the intent acts on a job (apply), so "it"/"this"/"that" and bare entity words
    ("apply to Dallas") are references too.
    """
    ordinal = _ordinal(msg, ent)
    uuid = _UUID_RX.search(msg.text)
    if uuid is not None:
        return JobReference(ordinal=ordinal, job_id=uuid.group(0).lower())
    city = ent.filters.city
    text: str | None = ent.filters.specialty or (
        ent.filters.profession if not ent.filters.profession_implied else None
    )
    determiner = _DETERMINER_REF_RX.search(msg.norm)
    mid = determiner.group("mid") or determiner.group("mid2") if determiner else None
    if text is None and mid:
        city_words = set(ent.city_match.key) if ent.city_match else set()
        words = [
            w
            for w in mid.split()
            if w not in _STOPWORDS
            and w not in city_words
            and w not in _ORDINALS
            and w not in _REF_NOUNS
            and not w.isdigit()
            and w != "¤"
        ]
        text = " ".join(words) or None
    if ordinal is not None:
        return JobReference(ordinal=ordinal, city=city, text=text)
    if determiner is not None or (pointed and (city or text or _DEICTIC_RX.search(msg.norm))):
        return JobReference(city=city, text=text)
    return None


def _core_named(f: SearchFilters) -> bool:
    return f.specialty is not None or (f.profession is not None and not f.profession_implied)


def _search_understanding(msg: _Message, ent: _Entities) -> Understanding:
    f = ent.filters
    query_words = [w for w in ent.leftover if len(w) > 1 or w.isdigit()]
    if all(w.isdigit() for w in query_words):
        query_words = []
    f.query = " ".join(query_words) if query_words else None
    reset = bool(_RESET_RX.search(msg.norm))
    has_filters = not f.is_empty()
    named_profession = f.profession is not None and not f.profession_implied
    bare = (
        not _SEARCH_CUE_RX.search(msg.norm)
        and len(msg.tokens) <= 3
        and not named_profession
        and set(f.as_dict()) <= {"specialty", "profession"}
    )
    refinement = (
        not reset
        and (has_filters or bool(ent.clears))
        and (bool(_REFINE_CUE_RX.search(msg.norm)) or not _core_named(f) or bare)
    )
    if refinement:
        replace = set(f.as_dict()) | ent.clears
        if f.state is not None and f.city is None:
            replace.add("city")
        if f.min_weekly_pay is not None or f.min_hourly_pay is not None:
            replace.update(("min_weekly_pay", "min_hourly_pay"))
        if f.start or f.start_from or f.start_to:
            replace.update(("start", "start_from", "start_to"))
        replace_fields = frozenset(replace)
    else:
        replace_fields = frozenset(FILTER_FIELDS)
    if _core_named(f) and (f.state or f.city):
        confidence = 0.95
    elif has_filters:
        confidence = 0.85
    else:
        confidence = 0.6
    return Understanding(
        intent=Intent.SEARCH,
        filters=f,
        refinement=refinement,
        replace_fields=replace_fields,
        confidence=confidence,
    )


def _short(msg: _Message, limit: int = 6) -> bool:
    return len([t for t in msg.tokens if not t.hole]) <= limit


def _understand_free(msg: _Message, lex: _Lexicon) -> Understanding:
    norm = msg.norm
    ent = _extract(msg, lex)
    f = ent.filters
    email = msg.emails[0] if msg.emails else None

    if _WHO_RX.search(norm) and f.is_empty():
        return Understanding(Intent.SMALLTALK, smalltalk="who_are_you", confidence=0.9)
    if _HUMAN_RX.search(norm):
        return Understanding(Intent.HUMAN, confidence=0.95)
    refers = bool(_REFER_RX.search(norm) or _REFERRAL_LINK_RX.search(norm))
    if email and (refers or re.search(r"\b(?:friend|colleague|coworker|buddy)\b", norm)):
        return Understanding(Intent.REFER_FRIEND, referral_email=email, confidence=0.95)
    if _REFERRAL_STATUS_RX.search(norm) and not _REFERRAL_LINK_RX.search(norm):
        return Understanding(Intent.REFERRAL_STATUS, confidence=0.95)
    if refers:
        bad = [FieldError("referral_email", "email_format")] if msg.bad_emails else []
        return Understanding(
            Intent.REFER_FRIEND,
            contact=ContactInfo(errors=bad) if bad else None,
            confidence=0.9,
        )
    if _LOGIN_RX.search(norm):
        contact = ContactInfo(email=email) if email else None
        return Understanding(Intent.LOGIN, contact=contact, confidence=0.9)
    if _NEGATED_APPLY_RX.search(norm):
        return Understanding(Intent.CANCEL, confidence=0.9)
    if _APPLY_RX.search(norm) or (
        _INTERESTED_RX.search(norm) and _reference(msg, ent, pointed=False) is not None
    ):
        return Understanding(
            Intent.APPLY, job_reference=_reference(msg, ent, pointed=True), confidence=0.9
        )

    reference = _reference(msg, ent, pointed=False)
    details_verb = bool(_DETAILS_RX.search(norm))
    topic = _topic(norm)
    is_question = bool(_QUESTION_RX.search(norm)) or msg.text.rstrip().endswith("?")
    if reference is not None and (
        reference.ordinal is not None or reference.job_id or details_verb or topic or is_question
    ):
        return Understanding(
            Intent.JOB_DETAILS, job_reference=reference, detail_topic=topic, confidence=0.9
        )
    if reference is not None and f.is_empty():
        return Understanding(
            Intent.JOB_DETAILS, job_reference=reference, detail_topic=topic, confidence=0.75
        )
    if reference is not None and not _SEARCH_CUE_RX.search(norm.replace("job", "")):
        return Understanding(
            Intent.JOB_DETAILS, job_reference=reference, detail_topic=topic, confidence=0.7
        )
    if details_verb and f.is_empty() and not re.search(r"\b(?:what|how) about\b", norm):
        return Understanding(Intent.JOB_DETAILS, detail_topic=topic, confidence=0.8)
    if _MORE_RX.search(norm) and f.is_empty():
        return Understanding(Intent.MORE_RESULTS, confidence=0.9)

    contact = _free_contact(msg, lex)
    if contact is not None and (contact.email or contact.phone or msg.bad_emails):
        return Understanding(Intent.PROVIDE_INFO, contact=contact, confidence=0.85)

    if not f.is_empty() or ent.clears or _RESET_RX.search(norm):
        return _search_understanding(msg, ent)
    if _HELP_RX.search(norm):
        return Understanding(Intent.HELP, confidence=0.9)
    if topic is not None and is_question and not _SEARCH_CUE_RX.search(norm):
        return Understanding(Intent.JOB_DETAILS, detail_topic=topic, confidence=0.6)
    if _CANCEL_RX.search(norm) and _short(msg):
        return Understanding(Intent.CANCEL, confidence=0.85)
    if _CONFIRM_RX.search(norm) and _short(msg):
        return Understanding(Intent.CONFIRM, confidence=0.8)
    if _SEARCH_CUE_RX.search(norm):
        return _search_understanding(msg, ent)
    if contact is not None and (contact.first_name or contact.last_name):
        intent = Intent.GREETING if _GREETING_RX.search(norm) else Intent.PROVIDE_INFO
        return Understanding(intent, contact=contact, confidence=0.7)
    if _BYE_RX.search(norm):
        return Understanding(Intent.SMALLTALK, smalltalk="bye", confidence=0.85)
    if _HOW_ARE_RX.search(norm):
        return Understanding(Intent.SMALLTALK, smalltalk="how_are_you", confidence=0.85)
    if _THANKS_RX.search(norm):
        return Understanding(Intent.SMALLTALK, smalltalk="thanks", confidence=0.85)
    if _ACK_RX.search(norm):
        return Understanding(Intent.SMALLTALK, smalltalk="ack", confidence=0.7)
    if _GREETING_RX.search(norm) and all(
        t.low in _GREETING_FILLER for t in msg.tokens if not t.hole
    ):
        return Understanding(Intent.GREETING, confidence=0.9)
    if _GREETING_RX.search(norm) and _short(msg, 4):
        return Understanding(Intent.GREETING, confidence=0.6)
    return Understanding(Intent.UNKNOWN, confidence=0.0)


# ---------------------------------------------------------------------------- contacts

_NAME_WORD_RX = re.compile(r"^[^\W\d_]+(?:['\-][^\W\d_]+)*\.?$")
_NAME_INTRO_RX = re.compile(
    r"\b(?:my\s+(?:full\s+|first\s+|last\s+)?name\s+is|my\s+name'?s|(?:full\s+|first\s+|last\s+)?"
    r"name\s*[:=-]|i\s*'?\s*a?m|this\s+is|it'?s|it\s+is)\s+",
    re.IGNORECASE,
)
_STRONG_NAME_INTRO_RX = re.compile(r"name", re.IGNORECASE)
_ANSWER_PREFIX_RX = re.compile(
    r"^\s*(?:(?:yes|yeah|yep|sure|ok|okay|hi|hello|hey|of course)\b[\s,.!]*)?"
    r"(?:(?:my\s+)?(?:full\s+|first\s+|last\s+|sur)?name\s*(?:is|'s|:|=|-)?|i\s*'?\s*a?m|"
    r"it'?s|it\s+is|this\s+is|call\s+me)?\s*",
    re.IGNORECASE,
)
_NAME_FILLERS = _words(
    """and my email phone number is its cell mobile e mail tel name first last"""
)
_NOT_NAMES = _words(
    """yes no yeah nope sure ok okay cancel stop help why what how skip later none na n/a
    nothing idk dunno pass hi hello hey thanks thank you the a an i im me please not"""
)


def _title(word: str) -> str:
    if word.islower() or word.isupper():
        return re.sub(r"[^\W\d_]+", lambda m: m.group(0)[:1].upper() + m.group(0)[1:].lower(), word)
    return word


_NAME_BLOCKERS = _words(
    """in at for near from to on with of by jobs job looking look need want find show search
    searching me the a an what how why where when who which can could would do does did
    apply help cancel hiring work working nights days travel any some more"""
)
"""Words that make an answer something other than a name ("ICU jobs in Texas")."""


def _not_a_name(word: str, lex: _Lexicon) -> bool:
    low = word.lower()
    if low in _NOT_NAMES or low in _NAME_BLOCKERS:
        return True
    entry = lex.phrases.get((low,))
    return entry is not None and bool(
        entry.professions or entry.specialties or entry.shifts or entry.job_types or entry.hot
    )


def _name_words(text: str, lex: _Lexicon) -> tuple[list[str], bool]:
    """Name words in an answer and whether anything else (not a name) was there."""
    words: list[str] = []
    other = False
    for part in re.split(r"[\s,;]+", text):
        piece = part.strip().rstrip(".!?").strip("\"'()")
        if not piece or piece == "¤":
            continue
        if piece.lower() in _NAME_FILLERS:
            continue
        if _NAME_WORD_RX.match(piece) and not _not_a_name(piece, lex) and len(piece) <= 40:
            words.append(_title(piece.rstrip(".")) if len(piece) > 2 else _title(piece))
        else:
            other = True
    return words, other


def _vocab_word(word: str, lex: _Lexicon) -> bool:
    entry = lex.phrases.get((word.lower(),))
    if entry is None:
        return word.lower() in _KNOWN_WORDS
    return bool(entry.professions or entry.specialties or entry.states or entry.shifts)


def _free_contact(msg: _Message, lex: _Lexicon) -> ContactInfo | None:
    """Contact details volunteered outside a question ("I'm Jane Doe, jane@x.com, ...")."""
    contact = ContactInfo(
        email=msg.emails[0] if msg.emails else None,
        phone=msg.phones[0] if msg.phones else None,
    )
    if msg.bad_emails and not msg.emails:
        contact.errors.append(FieldError("email", "email_format"))
    names: list[str] = []
    m = _NAME_INTRO_RX.search(msg.text)
    if m:
        strong = bool(_STRONG_NAME_INTRO_RX.search(m.group(0)))
        for piece in re.split(r"\s+", msg.text[m.end() :].strip()):
            word = piece.strip(',.;!?"()')
            if not word or not _NAME_WORD_RX.match(word) or len(names) == 3:
                break
            if not strong and (not word[:1].isupper() or msg.all_caps):
                break
            if word.lower() in _NOT_NAMES or word.lower() in _STOPWORDS:
                break
            if not strong and _vocab_word(word, lex):
                break
            names.append(_title(word))
            if piece.endswith((",", ".", ";", "!", "?")):
                break
    elif msg.emails or msg.phones:
        words, other = _name_words(msg.name_prefix, lex)
        if words and not other and len(words) <= 3:
            names = [w for w in words if not _vocab_word(w, lex)]
            if len(names) != len(words):
                names = []
    if names:
        contact.first_name = names[0]
        contact.last_name = " ".join(names[1:]) or None
    return None if contact.is_empty() else contact


def _expected_contact(msg: _Message, expecting: str, lex: _Lexicon) -> Understanding | None:
    """A bare answer to the engine's question, or ``None`` if the message is something else."""
    norm = msg.norm
    if _CANCEL_RX.search(norm) and _short(msg) and not msg.emails and not msg.phones:
        return Understanding(Intent.CANCEL, confidence=0.9)
    if _HUMAN_RX.search(norm):
        return Understanding(Intent.HUMAN, confidence=0.9)
    if _LOGIN_RX.search(norm):
        email = msg.emails[0] if msg.emails else None
        return Understanding(
            Intent.LOGIN, contact=ContactInfo(email=email) if email else None, confidence=0.9
        )

    if expecting == "referral_email":
        email = msg.emails[0] if msg.emails else _spelled_email(msg.text)
        if email:
            return Understanding(Intent.REFER_FRIEND, referral_email=email, confidence=0.95)
        if msg.bad_emails or (_short(msg, 4) and not _QUESTION_RX.search(norm)):
            return Understanding(
                Intent.REFER_FRIEND,
                contact=ContactInfo(errors=[FieldError("referral_email", "email_format")]),
                confidence=0.7,
            )
        return None

    contact = ContactInfo(
        email=msg.emails[0] if msg.emails else None,
        phone=msg.phones[0] if msg.phones else None,
    )
    if expecting == "email" and contact.email is None:
        contact.email = _spelled_email(msg.text)
    if msg.bad_emails and contact.email is None:
        contact.errors.append(FieldError("email", "email_format"))

    if expecting in _NAME_FIELDS:
        body = _ANSWER_PREFIX_RX.sub("", msg.text, count=1) if not msg.emails else msg.name_prefix
        body = _ANSWER_PREFIX_RX.sub("", body, count=1) if msg.emails else body
        if msg.emails or msg.phones:
            body = _blank_contacts(body)
        words, other = _name_words(body, lex)
        if words and not other and len(words) <= 4:
            if expecting == "last_name":
                contact.last_name = " ".join(words)
            else:
                contact.first_name = words[0]
                contact.last_name = " ".join(words[1:]) or None
            return Understanding(Intent.PROVIDE_INFO, contact=contact, confidence=0.9)
        if not contact.is_empty():
            return Understanding(Intent.PROVIDE_INFO, contact=contact, confidence=0.8)
        return None  # something else; if it is nothing else either, the caller re-asks

    if expecting == "phone" and contact.phone is None:
        digits = re.sub(r"\D", "", msg.text)
        mostly_digits = len(digits) >= max(3, len(re.sub(r"[\s().+\-]", "", msg.text)) // 2)
        if digits and mostly_digits:
            contact.errors.append(FieldError("phone", "phone_digits"))
            return Understanding(Intent.PROVIDE_INFO, contact=contact, confidence=0.8)
    if (
        expecting == "email"
        and contact.email is None
        and not contact.errors
        and _short(msg, 4)
        and not _QUESTION_RX.search(norm)
        and not _CONFIRM_RX.search(norm)
    ):
        contact.errors.append(FieldError("email", "email_format"))
    if contact.email or contact.phone or contact.errors:
        return Understanding(Intent.PROVIDE_INFO, contact=contact, confidence=0.9)
    return None


def _blank_contacts(text: str) -> str:
    return _PHONE_RX.sub(" ", _blank(text, _email_spans(text)))


def _spelled_email(text: str) -> str | None:
    m = _SPELLED_EMAIL_RX.search(text.lower())
    if not m:
        return None
    candidate = f"{m.group(1)}@{m.group(2)}.{m.group(3)}"
    return candidate if _valid_email(candidate) else None


# ---------------------------------------------------------------------------- entry point


def understand(
    text: str, *, expecting: str | None = None, today: dt.date | None = None
) -> Understanding:
    """Understand one visitor message.

    ``expecting`` is what the engine just asked for (one of :data:`Expecting`), so that bare
    answers ("Jane", "jane@x.com", "555 123 4567", "yes") are read as such; anything that is
    clearly something else (a search, "talk to a recruiter", "cancel") is understood as that.
    ``today`` anchors relative dates ("next month", "in March"); default :func:`date.today`.
    """
    lex = _lexicon()
    msg = _parse_message(text or "", today or dt.date.today())
    if not msg.tokens and not msg.emails and not msg.phones:
        return Understanding(Intent.UNKNOWN)
    wanted = expecting if expecting in _EXPECTING else None
    if wanted == "confirm_apply" and not _UUID_RX.search(msg.text):
        # A message naming a job ("apply to job <id>") is about that job, not a bare yes.
        norm = msg.norm
        if _NEGATED_APPLY_RX.search(norm) or (_CANCEL_RX.search(norm) and _short(msg, 8)):
            return Understanding(Intent.CANCEL, confidence=0.95)
        if (_CONFIRM_RX.search(norm) or _ACK_CONFIRM_RX.search(norm)) and _short(msg, 8):
            return Understanding(Intent.CONFIRM, confidence=0.95)
    elif wanted is not None:
        answer = _expected_contact(msg, wanted, lex)
        if answer is not None:
            return answer
    result = _understand_free(msg, lex)
    if result.intent is Intent.UNKNOWN and wanted in _NAME_FIELDS | {"email", "phone"}:
        assert wanted is not None
        reason: ErrorReason = (
            "name_format"
            if wanted in _NAME_FIELDS
            else "email_format"
            if wanted == "email"
            else "phone_digits"
        )
        return Understanding(
            Intent.PROVIDE_INFO,
            contact=ContactInfo(errors=[FieldError(wanted, reason)]),
            confidence=0.4,
        )
    return result
