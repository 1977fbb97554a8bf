"""A candidate's own corrections to what was read from their resume, applied to the parse.

After the assistant says what it read ("RN license in TX (compact) ending 4471, expires
2027-05-31; BLS and ACLS ..."), the candidate may answer with what is different, in their
own words::

    my Texas license expires June 2028          the TX one is good till 05/31/2028
    CA license expires 2027-01-31 not 2026      my Texas license is compact
    the Florida one isn't multistate            I don't have a California license
    remove ACLS                                 no PALS, that expired
    I also have a Florida RN license exp 03/2027
    add PALS exp 2027                           BLS expires 04/2027
    it's a Florida license, not California      my TX license number is RN884472

:func:`apply_correction` reads such a message against ``structured_data`` and ``details``
(as stored in ``parsed_resumes``) and returns both changed, with what changed and what
could not be applied, and why. Only licenses (expiry, compact flag, number, state, type,
added or removed) and certifications (expiry, name, added or removed) are changed: years
of experience come from the jobs' dates, and employers, titles, education and contact
details are not read from a chat message, so a message about them is reported back, never
guessed at. A value it sets carries the candidate's words as its evidence, confidence 1.0
and ``corrected: true`` in its details.

The message is read with the resume parser's own pieces (license lines, certification
names, dates, states, the compact words), one clause at a time: "remove ACLS and BLS
expires 04/2027" is two corrections, "BLS and ACLS expire 04/2027" one about two cards.
Pure functions, no I/O.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Final, Literal

from data_layer.master.catalog import find_state
from data_layer.resumes.parsing.certifications import parse_certification_lines
from data_layer.resumes.parsing.dates import DateMention, find_dates, keyword_before
from data_layer.resumes.parsing.licenses import read_license_line
from data_layer.resumes.parsing.places import NON_COMPACT_STATES, StateMention
from data_layer.resumes.parsing.text import Line, clean, normalize_words
from data_layer.resumes.parsing.vocab import (
    COMPACT_WORDS,
    SINGLE_STATE_WORDS,
    certification_index,
)

__all__ = [
    "Change",
    "Corrected",
    "CorrectionReading",
    "NotApplied",
    "apply_correction",
    "read_correction",
    "reapply_corrections",
]

Kind = Literal["licenses", "certifications"]
Action = Literal["expiry", "compact", "number", "state", "type", "name", "removed", "added"]

MAX_TEXT: Final = 2000
"""Characters of a message kept in the corrections log (the chat allows 4,000)."""
_MAX_EVIDENCE: Final = 300
_CORRECTED_CONFIDENCE: Final = 1.0

# ------------------------------------------------------------------ what is said
# A clause ends at a sentence's end, a comma or a joining word; the pieces are put back
# together below when one names what another says something about.
_BREAKS = re.compile(
    r"[.;!?\n]+(?=\s|$)|,|\s+(?:but|and|however|though|although|whereas)\s+", re.IGNORECASE
)
_DETERMINERS = r"(?:(?:a|an|the|my|any|one|that|this|your)\s+)*"
_NEGATED_BEFORE = re.compile(
    rf"(?:\bnot|\bno|\bnever|\bnor|\binstead\s+of|\brather\s+than)\s+{_DETERMINERS}$"
)
_QUESTION = re.compile(
    r"(?i)^\s*(?:is|are|does|do|did|can|could|would|will|what|when|which|how|why|where|who)\b"
)
_LEADING_NO = re.compile(r"^\s*(?:no|nope|nah)\b(?!\s+longer)")
# A date said to be the old value: "not 2026", "from 05/2026 to 05/2027", "it says 2026".
_OLD_DATE_BEFORE = re.compile(
    r"(?:\bnot|\binstead\s+of|\brather\s+than|\bfrom|\bwas|\bsays?|\bsaid|\bshows?|\blisted"
    r"|\byou\s+(?:have|had|put|wrote|listed)|n't\s+expire|\bnot\s+expir(?:e|ing))"
    r"\s*(?:as\s+)?[:\-]?\s*(?:(?:on|in|the)\s+)?$"
)
_OR_BEFORE = re.compile(r"\bor\s+(?:maybe\s+)?$")
# When it was got or renewed, which we do not keep: never read as its expiry.
_ISSUED_BEFORE = re.compile(
    r"\b(?:renewed|got|took|passed|completed|issued|since|obtained|earned|received"
    r"|licensed|certified)\b[^,;]*$"
)
_REMOVE = re.compile(
    r"\b(?:remove|delete|drop|erase|scratch|cross\s+(?:it\s+)?(?:off|out)"
    r"|take\s+(?:it\s+)?(?:off|out|away)|get\s+rid\s+of"
    r"|(?:do\s+not|don'?t|dont|did\s+not|didn'?t|never|no\s+longer)\s+(?:have|hold|had|held"
    r"|got|own|carry)|never\s+(?:had|held|got)|(?:is\s+not|isn'?t|not)\s+mine"
    r"|i\s+(?:have|hold)\s+no|i'?ve\s+got\s+no|not\s+(?:licensed|certified)"
    r"|does\s*n'?t\s+exist|should\s*n'?t\s+be\s+(?:there|on\s+(?:there|it)|listed))\b"
)
# Said of a card with no new date, these take it off the list ("no PALS, that expired").
_LAPSED = re.compile(
    r"\b(?:expired|lapsed|let\s+(?:it|them)\s+(?:lapse|expire)|inactive"
    r"|not\s+(?:active|valid|current)(?:\s+any\s*more)?|(?:did\s*n'?t|did\s+not|never)\s+renew)\b"
)
_ADD = re.compile(
    r"\b(?:add|also\s+(?:have|hold|got)|i\s+(?:also\s+)?(?:have|hold|got|earned|obtained|passed)"
    r"|i'?ve\s+(?:also\s+)?(?:got|earned|obtained|passed)|i'?m\s+(?:also\s+)?(?:licensed"
    r"|certified)|you\s+(?:missed|forgot|left\s+out|skipped)|(?:is|are)\s+missing|forgot"
    r"|left\s+out|plus|there'?s\s+also|new)\b"
)
_NUMBER_WORD = re.compile(r"(?:\bnumber\b|\bnum\b|\bno\.|#|\blic(?:ense)?\s*(?:no|#))")
_COMPACT_NEGATED = re.compile(
    r"(?:\bnot|n't|\bno\s+longer|\bnever|\bnor)\s+"
    r"(?:(?:a|an|the|really|actually|part\s+of|in|under|on|of)\s+)*$"
)
# Two-letter codes that are also words people type in capitals ("OK, my Texas license..."):
# a state only when a license word follows ("my OK license", "the OR one").
_WORDLIKE_CODES = frozenset({"OK", "OR", "IN", "ME", "HI", "ID"})
_LICENSE_AFTER = re.compile(
    r"^\s*(?:rn|lpn|lvn|aprn|np|nursing|nurse)?\s*(?:licen[sc]e|lic\b|one\b)"
)

_FIRST_PERSON = re.compile(r"\b(?:i|i'm|im|i've|ive|my|mine)\b")
_TOPICS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "experience",
        re.compile(
            r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|a\s+few|several)"
            r"\s*\+?\s*(?:years?|yrs?|months?)\b|\bexperience\b"
        ),
    ),
    (
        "work",
        re.compile(
            r"\b(?:worked|work|working|employer|employed|company|hospital|clinic|facility|jobs?"
            r"|position|title|unit|department|specialty|specialties|manager|supervisor)\b"
        ),
    ),
    (
        "education",
        re.compile(
            r"\b(?:degree|school|college|university|graduated|graduate|bsn|adn|msn|dnp|diploma"
            r"|education|studied)\b"
        ),
    ),
    ("contact", re.compile(r"\b(?:name|e-?mail|phone|address|zip)\b")),
    ("skills", re.compile(r"\b(?:skills?|epic|cerner|meditech)\b")),
)
_TOPIC_REASONS: Final[dict[str, str]] = {
    "experience": "years of experience come from the dates of your jobs, and I can't change "
    "work history here",
    "work": "I can't change work history (employers, job titles, dates) here",
    "education": "I can't change education here",
    "contact": "I can't change contact details here",
    "skills": "I can't change skills here",
}
UNCLEAR: Final = "I couldn't tell what to change"
WHICH_ONE: Final = "I couldn't tell which license or certification that is about"
ISSUE_DATE: Final = (
    "I keep when a license or certification expires, not when it was issued or renewed"
)


@cache
def _compact_pattern() -> re.Pattern[str]:
    def words(terms: Sequence[str]) -> str:
        spelled = sorted(terms, key=len, reverse=True)
        return "|".join(r"[\s\-]*".join(re.escape(w) for w in term.split()) for term in spelled)

    return re.compile(
        rf"\b(?:(?P<single>{words(SINGLE_STATE_WORDS)})|(?P<multi>{words(COMPACT_WORDS)}))\b"
    )


@cache
def _catalog_names() -> frozenset[str]:
    return frozenset(certification_index().values())


# ------------------------------------------------------------------ results
@dataclass(frozen=True, slots=True)
class Change:
    """One value changed by the candidate's words."""

    kind: Kind
    action: Action
    label: str
    """What it is about, as the summary names it: "TX RN license", "ACLS"."""
    value: str | bool | None
    """The new value: an ISO date, the compact flag, a state, type or name; None if removed."""
    said: str
    """The candidate's words it was read from."""

    def describe(self) -> str:
        """What changed, in a few plain words ("changed BLS's expiry to 2027-04-30")."""
        mine = f"your {self.label}" if self.kind == "licenses" else self.label
        if self.action == "expiry":
            return f"changed {mine}'s expiry to {self.value}"
        if self.action == "compact":
            return f"marked {mine} as {'compact' if self.value else 'single-state'}"
        if self.action == "number":
            # The chat shows a license number's last four characters only.
            return f"changed {mine}'s number to the one ending {str(self.value)[-4:]}"
        if self.action in ("state", "type", "name"):
            return f"changed {mine} to {self.value}"
        if self.action == "removed":
            return f"removed {mine}"
        return f"added {mine}{self._until()}"

    def _until(self) -> str:
        return f" (expires {self.value})" if isinstance(self.value, str) and self.value else ""

    def record(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "action": self.action,
            "label": self.label,
            "value": self.value,
            "said": self.said,
        }


@dataclass(frozen=True, slots=True)
class NotApplied:
    """Part of the message that changed nothing, and why (said back to the candidate)."""

    said: str
    reason: str

    def record(self) -> dict[str, Any]:
        return {"said": self.said, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class Corrected:
    """The parse after a correction: ``structured`` and ``details`` (copies; the inputs are
    never changed), what changed and what was not applied."""

    structured: dict[str, Any]
    details: dict[str, Any]
    changes: tuple[Change, ...] = ()
    not_applied: tuple[NotApplied, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.changes)

    def log_entry(self, text: str, at: dt.datetime) -> dict[str, Any]:
        """What ``parsed_resumes.corrections`` keeps of this message: enough to apply it
        again to a new parse of the same resume (:func:`reapply_corrections`)."""
        return {
            "text": text[:MAX_TEXT],
            "at": at,
            "changes": [c.record() for c in self.changes],
            "not_applied": [n.record() for n in self.not_applied],
        }


@dataclass(frozen=True, slots=True)
class CorrectionReading:
    """What a message says about the resume's facts, before any is applied."""

    facts: bool
    """It names a license or certification with something to change about it."""
    topics: tuple[str, ...]
    """Other parts of a resume it talks about (experience, work, education...)."""
    first_person: bool
    """It speaks of the candidate ("I", "my"), as a statement about them does."""


# ------------------------------------------------------------------ reading one clause
@dataclass(slots=True)
class _LicenseRef:
    state: str | None
    type: str | None
    negated: bool = False


@dataclass(slots=True)
class _CertRef:
    name: str
    issuer: str | None
    negated: bool = False


@dataclass(slots=True)
class _Clause:
    start: int
    end: int
    said: str
    lowered: str
    """The clause as read (ASCII punctuation, lower case): date offsets are into it."""
    licenses: list[_LicenseRef] = field(default_factory=list)
    license_word: bool = False
    certifications: list[_CertRef] = field(default_factory=list)
    new_dates: list[DateMention] = field(default_factory=list)
    old_dates: list[DateMention] = field(default_factory=list)
    issued_dates: list[DateMention] = field(default_factory=list)
    expiry_said: list[bool] = field(default_factory=list)
    """Per new date: whether an expiry word stands before it ("expires", "exp.")."""
    compact: bool | None = None
    number: str | None = None
    remove: bool = False
    lapsed: bool = False
    add: bool = False
    leading_no: bool = False
    topics: list[str] = field(default_factory=list)

    @property
    def targets(self) -> bool:
        return bool(self.licenses or self.certifications or self.license_word)

    @property
    def values(self) -> bool:
        return bool(self.new_dates or self.compact is not None or self.number)

    @property
    def predicates(self) -> bool:
        # "no PALS" says something of PALS; "not the CA one" only points away from it.
        said_no = self.leading_no and any(r.negated for r in _refs(self))
        return bool(
            self.values
            or said_no
            or self.old_dates
            or self.issued_dates
            or self.remove
            or self.lapsed
            or self.add
        )

    @property
    def empty(self) -> bool:
        return not (self.targets or self.predicates or self.topics)


def _states(text: str, found: Sequence[StateMention], *, licensing: bool) -> list[StateMention]:
    """The states named, less two capitals that are something else here: a word ("OK, ...")
    or, in a clause about school or work that says nothing of licenses, a name ("UT Austin")."""
    return [
        state
        for state in found
        if state.by != "code"
        or _LICENSE_AFTER.match(text[state.end :].lower()) is not None
        or (licensing and state.code not in _WORDLIKE_CODES)
    ]


def _negated(lowered: str, start: int) -> bool:
    return _NEGATED_BEFORE.search(lowered[:start]) is not None


def _compact(lowered: str) -> bool | None:
    said: list[tuple[bool, bool]] = []
    for match in _compact_pattern().finditer(lowered):
        value = match.group("multi") is not None
        said.append((value, _COMPACT_NEGATED.search(lowered[: match.start()]) is not None))
    plain = [value for value, negated in said if not negated]
    if plain:
        return plain[-1]
    return (not said[-1][0]) if said else None


def _read(text: str, start: int, end: int, today: dt.date) -> _Clause:
    """What ``text[start:end]`` says about which license or certification."""
    raw = text[start:end]
    body = clean(raw)
    lowered = body.lower()
    clause = _Clause(start=start, end=end, said=raw.strip()[:_MAX_EVIDENCE], lowered=lowered)
    line = Line(0, 0, body)
    found = read_license_line(line, today)
    clause.license_word = found.license_word
    dates = [d for d in find_dates(body, today) if not d.present]
    date_spans = [(d.start, d.end) for d in dates]

    topics = [name for name, pattern in _TOPICS if pattern.search(lowered)]
    licensing = bool(found.license_word or found.types or found.compact or not topics)
    states = _states(body, found.states, licensing=licensing)
    types = list(found.types)
    certs = [
        c
        for c in parse_certification_lines([line], today)
        if c.name is not None and c.name.value in _catalog_names()
    ]
    cert_names = {c.name.value for c in certs if c.name is not None}
    # "RRT" is a license type and a credential: a license when the clause says so.
    if states or found.license_word:
        certs = [
            c for c in certs if c.name is not None and c.name.value not in ("NBRC RRT", "NBRC CRT")
        ]
    else:
        types = [t for t in types if f"NBRC {t.key}" not in cert_names]
    type_keys = [t.key for t in types]
    if states:
        paired = len(type_keys) == len(states)
        for i, state in enumerate(states):
            kind = type_keys[i] if paired else (type_keys[0] if len(type_keys) == 1 else None)
            clause.licenses.append(_LicenseRef(state.code, kind, _negated(lowered, state.start)))
    elif types:
        for t in types:
            clause.licenses.append(_LicenseRef(None, t.key, _negated(lowered, t.start)))
    for cert in certs:
        assert cert.name is not None
        where = lowered.find(cert.name.evidence.lower())
        issuer = cert.issuer.value if cert.issuer is not None else None
        clause.certifications.append(
            _CertRef(cert.name.value, issuer, where >= 0 and _negated(lowered, where))
        )

    for mention in dates:
        before = lowered[: mention.start]
        role = keyword_before(body, mention.start)
        if _OLD_DATE_BEFORE.search(before):
            clause.old_dates.append(mention)
        elif role is not None and role[0] == "expiry":
            clause.new_dates.append(mention)
            clause.expiry_said.append(True)
        elif role is not None or _ISSUED_BEFORE.search(before):
            clause.issued_dates.append(mention)
        else:
            clause.new_dates.append(mention)
            clause.expiry_said.append(False)
    clause.compact = _compact(lowered)
    if _NUMBER_WORD.search(lowered):
        numbers = [
            n for n in found.numbers if not any(n.start < e and s < n.end for s, e in date_spans)
        ]
        if len(numbers) == 1:
            clause.number = numbers[0].value
    clause.remove = _REMOVE.search(lowered) is not None
    clause.lapsed = _LAPSED.search(lowered) is not None
    clause.add = _ADD.search(lowered) is not None
    clause.leading_no = _LEADING_NO.match(lowered) is not None
    if not clause.targets:
        clause.topics = topics
    return clause


def _pieces(text: str) -> list[tuple[int, int]]:
    """The spans between breaks, questions left out: "is my Texas license compact?" asks,
    it corrects nothing."""
    spans: list[tuple[int, int]] = []
    position = 0
    for match in _BREAKS.finditer(text):
        if "?" not in match.group():
            spans.append((position, match.start()))
        position = match.end()
    spans.append((position, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip() and not _QUESTION.match(text[s:e])]


def _clauses(text: str, today: dt.date) -> list[_Clause]:
    """The message's clauses: pieces joined where one names a license or certification and
    the next says something about it ("BLS and ACLS expire 04/2027"), or one says something
    about what the one before named ("no PALS, that expired")."""

    def joined(first: _Clause, last: _Clause) -> _Clause:
        return _read(text, first.start, last.end, today)

    clauses: list[_Clause] = []
    waiting: _Clause | None = None
    for start, end in _pieces(text):
        piece = _read(text, start, end, today)
        if piece.empty:
            continue
        if piece.targets and not piece.predicates:
            waiting = piece if waiting is None else joined(waiting, piece)
            continue
        if piece.predicates and not piece.targets and not piece.topics:
            if waiting is not None:
                clauses.append(joined(waiting, piece))
                waiting = None
            elif clauses and clauses[-1].targets:
                clauses[-1] = joined(clauses[-1], piece)
            else:
                clauses.append(piece)
            continue
        if waiting is not None:
            piece = joined(waiting, piece)
            waiting = None
        clauses.append(piece)
    if waiting is not None:
        if clauses and clauses[-1].targets and clauses[-1].predicates:
            clauses[-1] = joined(clauses[-1], waiting)
        else:
            clauses.append(waiting)
    return clauses


def read_correction(text: str, *, today: dt.date | None = None) -> CorrectionReading:
    """What ``text`` says about a resume's facts (nothing is applied): how the chat tells a
    correction from a plain yes or no."""
    clauses = _clauses(text or "", today or dt.date.today())
    facts = any(
        (c.targets and (c.predicates or c.leading_no or any(r.negated for r in _refs(c))))
        or c.compact is not None
        or c.number is not None
        for c in clauses
    )
    topics = tuple(dict.fromkeys(t for c in clauses for t in c.topics))
    return CorrectionReading(
        facts=facts,
        topics=topics,
        first_person=_FIRST_PERSON.search(clean(text or "").lower()) is not None,
    )


def _refs(clause: _Clause) -> list[_LicenseRef | _CertRef]:
    return [*clause.licenses, *clause.certifications]


# ------------------------------------------------------------------ applying
def _rows(data: dict[str, Any], key: str) -> list[Any]:
    rows = data.get(key)
    if not isinstance(rows, list):
        rows = []
        data[key] = rows
    return rows


def _said_by_them(said: str) -> dict[str, Any]:
    """A corrected value's details: the candidate's own words are its evidence."""
    return {"confidence": _CORRECTED_CONFIDENCE, "evidence": said, "corrected": True}


def _blank_detail(kind: Kind) -> dict[str, Any]:
    return {"compact": None, "fields": {}} if kind == "licenses" else {"fields": {}}


class _Resume:
    """The copies being corrected, with the parallel details lists kept in step."""

    def __init__(self, structured: Mapping[str, Any], details: Mapping[str, Any] | None) -> None:
        self.structured: dict[str, Any] = copy.deepcopy(dict(structured))
        self.details: dict[str, Any] = copy.deepcopy(dict(details or {}))

    def items(self, kind: Kind) -> list[Mapping[str, Any]]:
        rows = self.structured.get(kind)
        if not isinstance(rows, list):
            return []
        return [r if isinstance(r, Mapping) else {} for r in rows]

    def compact(self, index: int) -> bool | None:
        entries = self.details.get("licenses")
        if isinstance(entries, list) and index < len(entries):
            entry = entries[index]
            return entry.get("compact") if isinstance(entry, Mapping) else None
        return None

    def _detail(self, kind: Kind, index: int) -> dict[str, Any]:
        rows = _rows(self.structured, kind)
        entries = _rows(self.details, kind)
        while len(entries) < len(rows):
            entries.append(_blank_detail(kind))
        if not isinstance(entries[index], dict):
            entries[index] = _blank_detail(kind)
        return entries[index]

    def set(self, kind: Kind, index: int, name: str, value: Any, said: str) -> None:
        row = _rows(self.structured, kind)[index]
        # The compact flag has no column in structured_data: it lives in the details.
        if isinstance(row, dict) and name != "compact":
            row[name] = value
        detail = self._detail(kind, index)
        if name == "compact":
            detail["compact"] = value
        fields = detail.get("fields")
        if not isinstance(fields, dict):
            fields = {}
            detail["fields"] = fields
        fields[name] = _said_by_them(said)
        detail["corrected"] = True

    def add(self, kind: Kind, row: dict[str, Any], said: str, compact: bool | None) -> None:
        rows = _rows(self.structured, kind)
        entries = _rows(self.details, kind)
        while len(entries) < len(rows):
            entries.append(_blank_detail(kind))
        del entries[len(rows) :]
        rows.append(row)
        entry = _blank_detail(kind)
        entry["fields"] = {
            name: _said_by_them(said) for name, value in row.items() if value is not None
        }
        if kind == "licenses":
            entry["compact"] = compact
            if compact is not None:
                entry["fields"]["compact"] = _said_by_them(said)
        entry["corrected"] = True
        entries.append(entry)

    def remove(self, kind: Kind, indexes: Sequence[int]) -> None:
        rows = _rows(self.structured, kind)
        entries = self.details.get(kind)
        for index in sorted(set(indexes), reverse=True):
            del rows[index]
            if isinstance(entries, list) and index < len(entries):
                del entries[index]


def _license_label(row: Mapping[str, Any]) -> str:
    words = [str(v) for v in (row.get("state"), row.get("type")) if v]
    return " ".join([*words, "license"])


def _ref_label(ref: _LicenseRef) -> str:
    return " ".join([*(v for v in (ref.state, ref.type) if v), "license"])


def _state_name(code: str) -> str:
    info = find_state(code)
    return info.name if info is not None else code


def _cert_key(name: Any) -> str:
    text = str(name or "")
    return certification_index().get(normalize_words(text), text).casefold()


@dataclass(slots=True)
class _Outcome:
    changes: list[Change] = field(default_factory=list)
    not_applied: list[NotApplied] = field(default_factory=list)

    def skip(self, clause: _Clause, reason: str) -> None:
        self.not_applied.append(NotApplied(clause.said, reason))


def _license_matches(resume: _Resume, ref: _LicenseRef) -> list[int]:
    found = []
    for i, row in enumerate(resume.items("licenses")):
        if ref.state is not None and row.get("state") != ref.state:
            continue
        if ref.type is not None and row.get("type") not in (None, ref.type):
            continue
        found.append(i)
    return found


def _cert_matches(resume: _Resume, ref: _CertRef) -> list[int]:
    key = _cert_key(ref.name)
    return [
        i
        for i, row in enumerate(resume.items("certifications"))
        if _cert_key(row.get("name")) == key
    ]


def _which(resume: _Resume, indexes: Sequence[int]) -> str:
    rows = resume.items("licenses")
    return ", ".join(_license_label(rows[i]) for i in indexes)


def _one_license(
    resume: _Resume, ref: _LicenseRef, clause: _Clause, out: _Outcome, *, missing: str
) -> int | None:
    """The one license ``ref`` names, or ``None`` (and why, in ``out``)."""
    found = _license_matches(resume, ref)
    if len(found) == 1:
        return found[0]
    if not found:
        out.skip(clause, missing)
    else:
        out.skip(clause, f"you have more than one that fits ({_which(resume, found)}): say which")
    return None


def _expiry(clause: _Clause, out: _Outcome) -> str | Literal[False] | None:
    """The new expiry the clause says (ISO), ``None`` when it says none, ``False`` when it
    cannot be told (and why, in ``out``)."""
    dates = clause.new_dates
    if len({d.last_day() for d in dates}) > 1:
        said = [d for d, keyword in zip(dates, clause.expiry_said, strict=True) if keyword]
        dates = said if len({d.last_day() for d in said}) == 1 else []
        if any(_OR_BEFORE.search(clause.lowered[: d.start]) for d in clause.new_dates):
            dates = []  # "03/2028 or 04/2028": they are not sure either
        if not dates:
            out.skip(clause, "I couldn't tell which of those dates is the new expiry")
            return False
    if not dates:
        if clause.old_dates and clause.compact is None and not clause.number:
            out.skip(clause, "I couldn't tell the right date: tell me when it expires")
            return False
        if clause.issued_dates and clause.compact is None and not clause.number:
            out.skip(clause, ISSUE_DATE)
            return False
        return None
    day = dates[0].last_day()
    return day.isoformat() if day is not None else None


def _apply_license_values(
    resume: _Resume,
    index: int,
    clause: _Clause,
    expiry: str | None,
    out: _Outcome,
) -> None:
    row = resume.items("licenses")[index]
    label = _license_label(row)
    if expiry is not None and row.get("expiration_date") == expiry:
        out.skip(clause, f"your {label} already expires {expiry}")
    elif expiry is not None:
        resume.set("licenses", index, "expiration_date", expiry, clause.said)
        out.changes.append(Change("licenses", "expiry", label, expiry, clause.said))
    if clause.compact is not None:
        state = str(row.get("state") or "")
        if clause.compact and state in NON_COMPACT_STATES:
            out.skip(
                clause,
                f"{_state_name(state)} is not in the Nurse Licensure Compact, so its licenses "
                "are single-state",
            )
        else:
            if resume.compact(index) is clause.compact:
                flag = "compact" if clause.compact else "single-state"
                out.skip(clause, f"your {label} is already marked {flag}")
            else:
                resume.set("licenses", index, "compact", clause.compact, clause.said)
                out.changes.append(
                    Change("licenses", "compact", label, clause.compact, clause.said)
                )
    if clause.number and row.get("number") == clause.number:
        out.skip(clause, f"that is already your {label}'s number")
    elif clause.number:
        resume.set("licenses", index, "number", clause.number, clause.said)
        out.changes.append(Change("licenses", "number", label, clause.number, clause.said))


def _add_license(
    resume: _Resume, ref: _LicenseRef, clause: _Clause, expiry: str | None, out: _Outcome
) -> None:
    if ref.state is None:
        out.skip(clause, "I need the state of that license to add it")
        return
    compact = clause.compact
    if compact and ref.state in NON_COMPACT_STATES:
        out.skip(
            clause,
            f"{_state_name(ref.state)} is not in the Nurse Licensure Compact, so I added it as "
            "a single-state license",
        )
        compact = None
    row = {
        "type": ref.type,
        "state": ref.state,
        "number": clause.number,
        "expiration_date": expiry,
    }
    resume.add("licenses", row, clause.said, compact)
    out.changes.append(Change("licenses", "added", _license_label(row), expiry, clause.said))


def _add_certification(
    resume: _Resume, ref: _CertRef, clause: _Clause, expiry: str | None, out: _Outcome
) -> None:
    row = {"name": ref.name, "issuer": ref.issuer, "date": None, "expiration_date": expiry}
    resume.add("certifications", row, clause.said, None)
    out.changes.append(Change("certifications", "added", ref.name, expiry, clause.said))


def _remove(resume: _Resume, clause: _Clause, out: _Outcome) -> None:
    licenses: list[int] = []
    for ref in clause.licenses:
        found = _license_matches(resume, ref)
        if not found:
            out.skip(clause, f"there is no {_ref_label(ref)} in what I read, so nothing to remove")
        elif len(found) > 1 and ref.state is None:
            out.skip(clause, f"you have more than one ({_which(resume, found)}): say which")
        else:
            licenses.extend(found)
    if not clause.licenses and not clause.certifications and clause.license_word:
        found = _license_matches(resume, _LicenseRef(None, None))
        if len(found) == 1:
            licenses.extend(found)
        else:
            out.skip(clause, WHICH_ONE)
    certs: list[int] = []
    for ref in clause.certifications:
        found = _cert_matches(resume, ref)
        if not found:
            out.skip(clause, f"there is no {ref.name} in what I read, so nothing to remove")
        certs.extend(found)
    rows = resume.items("licenses")
    for index in sorted(set(licenses)):
        out.changes.append(
            Change("licenses", "removed", _license_label(rows[index]), None, clause.said)
        )
    cert_rows = resume.items("certifications")
    for index in sorted(set(certs)):
        name = str(cert_rows[index].get("name") or "")
        out.changes.append(Change("certifications", "removed", name, None, clause.said))
    resume.remove("licenses", licenses)
    resume.remove("certifications", certs)


def _swap(resume: _Resume, clause: _Clause, out: _Outcome) -> bool:
    """ "It's a Florida license, not California", "it's BLS, not ACLS": the negated one,
    renamed. False when the clause is no such swap."""
    wrong = [r for r in _refs(clause) if r.negated]
    right = [r for r in _refs(clause) if not r.negated]
    if len(wrong) != 1 or len(right) != 1 or type(wrong[0]) is not type(right[0]):
        return False
    old, new = wrong[0], right[0]
    if isinstance(old, _CertRef) and isinstance(new, _CertRef):
        found = _cert_matches(resume, old)
        if len(found) != 1 or _cert_matches(resume, new):
            return False
        resume.set("certifications", found[0], "name", new.name, clause.said)
        out.changes.append(Change("certifications", "name", old.name, new.name, clause.said))
        return True
    if not (isinstance(old, _LicenseRef) and isinstance(new, _LicenseRef)):
        return False
    if old.state and new.state and old.state != new.state:
        name, value = "state", new.state
        target = _LicenseRef(old.state, new.type or old.type)
    elif old.type and new.type and old.type != new.type and old.state == new.state:
        name, value = "type", new.type
        target = _LicenseRef(old.state, old.type)
    else:
        return False
    index = _one_license(
        resume, target, clause, out, missing=f"there is no {_ref_label(old)} in what I read"
    )
    if index is None:
        return True
    label = _license_label(resume.items("licenses")[index])
    resume.set("licenses", index, name, value, clause.said)
    out.changes.append(Change("licenses", name, label, value, clause.said))  # type: ignore[arg-type]
    return True


def _apply_values(resume: _Resume, clause: _Clause, out: _Outcome) -> None:
    """New values (expiry, compact, number) for what the clause names, adding what is
    missing when the candidate says they have it."""
    expiry = _expiry(clause, out)
    if expiry is False:
        return
    refs = [r for r in _refs(clause) if not r.negated]
    if not refs and clause.leading_no:
        refs = _refs(clause)  # "no my Texas license expires ...": the no answers the question
    licenses = [r for r in refs if isinstance(r, _LicenseRef)]
    certs = [r for r in refs if isinstance(r, _CertRef)]
    if not refs:
        if clause.license_word or clause.compact is not None or clause.number:
            licenses = [_LicenseRef(None, None)]
        else:
            out.skip(clause, WHICH_ONE)
            return
    if expiry is None and clause.compact is None and not clause.number:
        if clause.add:
            _add_all(resume, clause, licenses, certs, None, out)
        else:
            out.skip(clause, UNCLEAR)
        return
    for ref in licenses:
        found = _license_matches(resume, ref)
        if not found and clause.add:
            _add_license(resume, ref, clause, expiry, out)
            continue
        missing = (
            f'there is no {_ref_label(ref)} in what I read (to add it, say "I also have '
            f'a {_ref_label(ref)}")'
        )
        if ref.state is None and ref.type is None and not resume.items("licenses"):
            missing = "there is no license in what I read"
        index = _one_license(resume, ref, clause, out, missing=missing)
        if index is not None:
            _apply_license_values(resume, index, clause, expiry, out)
    for ref in certs:
        found = _cert_matches(resume, ref)
        if not found:
            if clause.add:
                _add_certification(resume, ref, clause, expiry, out)
            else:
                out.skip(
                    clause,
                    f'there is no {ref.name} in what I read (to add it, say "add {ref.name}")',
                )
            continue
        if expiry is None:
            continue  # compact or a number say nothing about a card
        for index in found:
            if resume.items("certifications")[index].get("expiration_date") == expiry:
                out.skip(clause, f"{ref.name} already expires {expiry}")
                continue
            resume.set("certifications", index, "expiration_date", expiry, clause.said)
            out.changes.append(Change("certifications", "expiry", ref.name, expiry, clause.said))


def _add_all(
    resume: _Resume,
    clause: _Clause,
    licenses: Sequence[_LicenseRef],
    certs: Sequence[_CertRef],
    expiry: str | None,
    out: _Outcome,
) -> None:
    for ref in licenses:
        if _license_matches(resume, ref) and ref.state is not None:
            out.skip(clause, f"your {_ref_label(ref)} is already on the list")
        else:
            _add_license(resume, ref, clause, expiry, out)
    for cert in certs:
        if _cert_matches(resume, cert):
            out.skip(clause, f"{cert.name} is already on the list")
        else:
            _add_certification(resume, cert, clause, expiry, out)


def _apply_clause(resume: _Resume, clause: _Clause, out: _Outcome) -> None:
    if not clause.targets and clause.topics:
        out.skip(clause, _TOPIC_REASONS[clause.topics[0]])
        return
    if not clause.targets and not clause.values:
        if clause.topics:
            out.skip(clause, _TOPIC_REASONS[clause.topics[0]])
        elif clause.predicates:
            out.skip(clause, WHICH_ONE)
        else:
            out.skip(clause, UNCLEAR)
        return
    negated = any(r.negated for r in _refs(clause))
    lapsed = clause.lapsed and not clause.new_dates
    if clause.remove or lapsed or (negated and not clause.values and clause.leading_no):
        _remove(resume, clause, out)
        return
    if clause.values or clause.old_dates or clause.issued_dates:
        _apply_values(resume, clause, out)
        return
    if negated and _swap(resume, clause, out):
        return
    if negated:
        _remove(resume, clause, out)
        return
    if clause.add:
        licenses = [r for r in clause.licenses if not r.negated]
        certs = [r for r in clause.certifications if not r.negated]
        _add_all(resume, clause, licenses, certs, None, out)
        return
    out.skip(clause, UNCLEAR)


def apply_correction(
    structured: Mapping[str, Any],
    details: Mapping[str, Any] | None,
    text: str,
    *,
    today: dt.date | None = None,
) -> Corrected:
    """``structured`` and ``details`` as the candidate's message ``text`` corrects them.

    The inputs are not changed. Every part of the message is either a change or a
    :class:`NotApplied` saying why not; nothing outside what the message names changes.
    """
    today = today or dt.date.today()
    resume = _Resume(structured, details)
    out = _Outcome()
    clauses = _clauses((text or "")[:MAX_TEXT], today)
    if not clauses and (text or "").strip():
        out.not_applied.append(NotApplied(text.strip()[:_MAX_EVIDENCE], UNCLEAR))
    for clause in clauses:
        _apply_clause(resume, clause, out)
    return Corrected(
        structured=resume.structured,
        details=resume.details,
        changes=tuple(out.changes),
        not_applied=tuple(out.not_applied),
    )


def reapply_corrections(
    structured: Mapping[str, Any],
    details: Mapping[str, Any] | None,
    log: Sequence[Mapping[str, Any]],
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A new parse of a resume with the corrections its candidate made to the old one
    (``parsed_resumes.corrections``), in the order they were made."""
    current: Corrected = Corrected(dict(structured), dict(details or {}))
    for entry in log:
        text = entry.get("text")
        if not isinstance(text, str) or not text.strip():
            continue
        at = entry.get("at")
        day = at.date() if isinstance(at, dt.datetime) else None
        current = apply_correction(current.structured, current.details, text, today=day)
    return current.structured, current.details
