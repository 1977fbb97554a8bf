"""The things a question names, grounded in the master data and the recruiters' names.

Professions, specialties, states, cities, job types, "hot" and certifications are read by
the chat NLU (:func:`assistant.agent.nlu.entities.extract` over the chat lexicon, whose
words come from the master tables with the catalog's synonyms): "RN", "LPN", "CNA", "ICU",
"ER"/"ED", "L&D", "OR", "PACU", "tele", "med surg", "PT/OT/SLP", "Texas"/"TX", "cali".
A specialty names only itself here: "ICU applications" counts ICU whatever the profession
(the chat fills in Registered Nurse for a job search; a count must not narrow silently).

Also read here: a job by its number or id ("job 1000234", "#1000234"), a recruiter by name
("Sarah's placements", "for recruiter Lee"), whose data the question means ("my", "our
team", "everyone"), and the words nothing understood (an unknown specialty is said so,
never guessed).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final
from uuid import UUID

from assistant.agent.nlu.entities import extract
from assistant.agent.nlu.lexicon import Lexicon
from assistant.agent.nlu.message import parse_message
from assistant.agent.nlu.text import HOLE_MARK
from assistant.agent.nlu.words import KNOWN_WORDS, STOPWORDS
from assistant.copilot.nlu.words import COPILOT_WORDS, FILLER_WORDS

__all__ = [
    "Grounding",
    "RecruiterName",
    "find_job_reference",
    "find_recruiter",
    "ground",
    "says_mine",
    "says_team",
]

_UUID_RX = re.compile(
    r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", re.IGNORECASE
)
_JOB_NUMBER_RX = re.compile(
    r"(?:\bjob(?:\s+(?:order|posting|req|requisition))?\s*(?:#|no\.?|num(?:ber)?|id|ref)?\s*:?\s*"
    r"#?|#\s*)(?P<n>\d{3,12})\b",
    re.IGNORECASE,
)
_PAY_CUE_RX = re.compile(
    r"\$|\bpay|\bpaying|\bpays\b|\bpaid\b|\brates?\b|\bsalar|\bwages?\b|\bhourly\b|\bweekly\b|"
    r"/\s*(?:hr|hour|h|wk|week|w)\b|\b(?:an|per|a) (?:hour|hr|week|wk)\b|\d\s*k\b|\busd\b|"
    r"\bdollars?\b",
    re.IGNORECASE,
)
_MY_RX = re.compile(r"\b(?:my|mine|me|i|ive|im|myself|my own)\b")
_TEAM_RX = re.compile(
    r"\b(?:team|teams|everyone|everybody|all recruiters|every recruiter|each recruiter|"
    r"company|agency|firm|org|organization|company wide|companywide|across the board|all of us|"
    r"whole|entire|all desks)\b"
)


@dataclass(frozen=True, slots=True)
class RecruiterName:
    recruiter_id: UUID
    name: str


@dataclass(frozen=True, slots=True)
class Grounding:
    profession: str | None = None
    specialty: str | None = None
    state_code: str | None = None
    state_name: str | None = None
    city: str | None = None
    job_type: str | None = None
    hot: bool | None = None
    certifications: tuple[str, ...] = ()
    clears: frozenset[str] = frozenset()
    """Fields the question clears ("any specialty", "anywhere", "all states")."""
    extra_terms: tuple[str, ...] = ()
    """Further professions/specialties named beside the first ("LPN and CNA")."""
    unknown: tuple[str, ...] = ()
    """Words neither the copilot nor the master data know, in question order."""
    shift: str | None = None
    """"nights", "days": the jobs' shift (no metric filters on it)."""
    min_weekly_pay: float | None = None
    min_hourly_pay: float | None = None
    """"paying over $2,500": the chat NLU's pay reading."""
    matched_words: frozenset[str] = field(default_factory=frozenset)

    @property
    def names_something(self) -> bool:
        return any(
            (self.profession, self.specialty, self.state_code, self.job_type, self.hot,
             self.certifications)
        )  # fmt: skip


def ground(
    text: str, today: dt.date, lexicon: Lexicon, *, ignore: frozenset[str] = frozenset()
) -> Grounding:
    """The master-data terms of ``text`` (periods already cut out of it) and unknown words.

    ``ignore``: further words that are known (recruiter names, statuses read elsewhere).
    """
    msg = parse_message(text, today, lexicon)
    found = extract(msg, lexicon)
    f = found.filters
    profession = None if found.provenance.profession_implied else f.profession
    state_name = None
    if f.state:
        state = lexicon.states_by_code.get(f.state.lower())
        state_name = state.name if state else f.state
    certifications = tuple(
        dict.fromkeys(
            m.entry.certifications[0].name for m in found.matches if m.entry.certifications
        )
    )
    covered: set[int] = set()
    extra: list[str] = []
    chosen = {profession, f.specialty, f.profession}
    for m in found.matches:
        covered.update(range(m.start, m.end))
        for named in (*m.entry.specialties[:1], *m.entry.professions[:1]):
            if named.name not in chosen and named.name not in extra and not m.entry.states:
                extra.append(named.name)
    job_type = f.job_type
    if job_type is None and any(
        msg.tokens[i].low == "travel" for m in found.matches for i in range(m.start, m.end)
    ):
        # "travel rns" is read as a profession phrase: its "travel" still names the jobs'
        # type, as "travel rn" and "travel nurses" do (never dropped without a word)
        job_type = "Travel"
    unknown: list[str] = []
    matched: set[str] = set()
    if f.state:
        ignore = ignore | {f.state.lower()}
    for i, token in enumerate(msg.tokens):
        if token.hole or token.raw == HOLE_MARK:
            continue
        word = token.low
        if i in covered:
            matched.add(word)
            continue
        if (
            word.isdigit()
            or len(word) < 2
            or word in FILLER_WORDS
            or word in COPILOT_WORDS
            or word in STOPWORDS
            or word in KNOWN_WORDS
            or word in ignore
            or token.key in COPILOT_WORDS
            or (word.endswith("s") and word[:-1] in FILLER_WORDS | COPILOT_WORDS)
        ):
            continue
        unknown.append(word)
    return Grounding(
        profession=profession,
        specialty=f.specialty,
        state_code=f.state,
        state_name=state_name,
        city=f.city,
        job_type=job_type,
        hot=f.hot_only,
        certifications=certifications,
        clears=found.clears,
        extra_terms=tuple(extra),
        unknown=tuple(unknown),
        matched_words=frozenset(matched),
        shift=f.shift,
        # "jobs with more than 10 applicants" is no pay: only a number said as pay is
        min_weekly_pay=msg.weekly_pay if _PAY_CUE_RX.search(text) else None,
        min_hourly_pay=msg.hourly_pay if _PAY_CUE_RX.search(text) else None,
    )


def find_job_reference(text: str) -> str | None:
    """A job named by id (a UUID) or by its number ("job 1000234", "#1000234")."""
    m = _UUID_RX.search(text)
    if m:
        return m.group(0).lower()
    m = _JOB_NUMBER_RX.search(text)
    return m.group("n") if m else None


_NAME_STOP: Final = frozenset({"will", "may", "hope", "grace", "joy", "mark", "bill", "sue"})
"""First names that are also words: they count only written with a capital."""


def find_recruiter(
    raw: str, recruiters: Sequence[RecruiterName]
) -> tuple[RecruiterName | None, frozenset[str]]:
    """The recruiter the question names (full name, or a first or last name only one
    recruiter has), and the words of that name."""
    low = raw.lower()
    for rec in recruiters:
        full = " ".join(rec.name.lower().split())
        if full and re.search(rf"\b{re.escape(full)}(?:'?s)?\b", low):
            return rec, frozenset(full.split()) | {w + "s" for w in full.split()}
    parts: dict[str, list[RecruiterName]] = {}
    for rec in recruiters:
        words = rec.name.split()
        for word in {words[0], words[-1]} if words else set():
            if len(word) >= 3:
                parts.setdefault(word.lower(), []).append(rec)
    for word, owners in parts.items():
        if len(owners) != 1:
            continue
        flags = 0 if word in _NAME_STOP or word in KNOWN_WORDS else re.IGNORECASE
        pattern = word.capitalize() if flags == 0 else word
        if re.search(rf"\b{re.escape(pattern)}(?:'?s)?\b", raw, flags):
            return owners[0], frozenset({word, word + "s"})
    return None, frozenset()


def says_mine(norm: str) -> bool:
    """ "my candidates", "did I place", "for me"."""
    return bool(_MY_RX.search(norm))


def says_team(norm: str) -> bool:
    """ "our team", "everyone", "the whole agency"."""
    return bool(_TEAM_RX.search(norm))
