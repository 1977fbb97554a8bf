"""Professional licenses: type, state, number, expiry and the multistate (compact) flag.

Written in many ways, one per line or spread over a few lines::

    RN License - Texas #884471 (Compact) exp. 05/31/2027
    Registered Nurse, TX, 884471, Multistate, expires 5/2027
    State of California RN License 95123456 Exp 08/2026
    LPN - Ohio - PN.123456 - 2026-01-31
    Nurse Licensure Compact (multistate) license: Florida RN9312345
    RN | TX | 884471 | 05/2027                  (a table turned into lines)
    Registered Nurse                            (a type heading the lines below it)
      Texas Board of Nursing, License #884471
      Compact | Expires 05/31/2027

Rules: a value comes from the entry's own words, never from elsewhere in the resume; the
compact flag is ``True`` only when the entry says compact / multistate / NLC, ``False``
when it says single-state, else ``None``; in a table with a "Compact" (or "Multistate")
column, the row's answer in it ("Yes", "Y", "✓" / "No", "N") says it too, with the column's
title and the answer as its evidence; a compact license of a state outside the
compact cannot exist, so then the flag stays ``None`` and the state's confidence drops. A
date with "exp" / "expires" / "valid through" is the expiry; a bare date on a license line
is read as the expiry (how license lists are written) with less confidence, unless it is
long past (then it is when the license was first issued, which has no field).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from data_layer.resumes.parsing.dates import find_ranges, keyword_before
from data_layer.resumes.parsing.model import Evidenced, License
from data_layer.resumes.parsing.places import NON_COMPACT_STATES, StateMention, find_states
from data_layer.resumes.parsing.text import Line, TermMatch, clean, find_terms, normalize_words
from data_layer.resumes.parsing.vocab import (
    certification_index,
    license_type_index,
)

__all__ = ["LicenseLine", "parse_license_lines", "read_license_line"]

_LICENSE_WORD = re.compile(r"(?i)\b(?:licen[sc]e[ds]?|licensure|lic\.?)(?![a-z])")
_NUMBER_KEYWORD = re.compile(
    r"(?ix)(?:\#|\bno\.?|\bnumber|\bnum\.?|\blic(?:en[sc]e)?\.?(?:\s*(?:\#|no\.?|number))?|\bid)"
    r"\s*[:#.]?\s*(?P<num>(?:[A-Z]{1,5}[.\-]?)?\d[\dA-Z.\-]*[\dA-Z]|\d{3,})(?![\w/])"
)
# "041.568905" (Illinois): a board code, a dot and the number are one number.
_NUMBER_BARE = re.compile(
    r"(?<![\w.\-/#])(?P<num>(?:[A-Z]{1,5}[.\-]?)?\d[\dA-Z\-]*[\dA-Z](?:\.\d{4,})?)(?![\w/]|\.\d)"
)
_PHONE_LIKE = re.compile(r"^\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}$")
# "RN9312345": a nursing board's number prefix names the type. Other prefixes do not say
# one thing everywhere (Florida's "CRT" is a radiologic technologist, elsewhere a
# respiratory therapist), so they never give a type.
_PREFIX_TYPES = ("APRN", "LPN", "LVN", "RN")
_COMPACT = re.compile(r"(?i)\b(?:compact|multi[\s-]?state|nlc|nurse\s+licensure\s+compact)\b")
_SINGLE = re.compile(r"(?i)\b(?:single[\s-]?state|non[\s-]?compact|not\s+compact)\b")
# A table's column title that asks whether the license is multistate.
_COMPACT_TITLE = re.compile(r"(?i)\b(?:compact|multi[\s-]?state|nlc)\b")
# A cell answering it: the whole cell, or a word on its own in a row read as one line.
_ANSWER = r"(?:yes|y|no|n|✓|✔|☑|✗|✘)"
_ANSWER_CELL = re.compile(rf"(?i)^\s*(?P<answer>{_ANSWER})\s*$")
_ANSWER_IN_ROW = re.compile(rf"(?i)(?:^|(?<=\s)|(?<=\|))(?P<answer>{_ANSWER})(?=\s|\||$)")
_HEADER_WORDS = frozenset(
    [
        "type",
        "state",
        "number",
        "no",
        "license",
        "lic",
        "expiration",
        "expires",
        "exp",
        "expiry",
        "status",
        "compact",
        "multistate",
        "issued",
        "date",
        "board",
        "credential",
    ]
)


@dataclass(slots=True)
class _Number:
    value: str
    start: int
    end: int
    evidence: str
    confidence: float


@dataclass(slots=True)
class LicenseLine:
    """What one line (or one part of a line) says about a license."""

    line: Line
    types: list[TermMatch] = field(default_factory=list)
    states: list[StateMention] = field(default_factory=list)
    numbers: list[_Number] = field(default_factory=list)
    expiry: Evidenced[datetime.date] | None = None
    compact: Evidenced[bool] | None = None
    license_word: bool = False
    certification_terms: int = 0
    job_dates: bool = False
    """A span of dates ("2021 - 2023", "06/2022 - Present"): how a job is dated, where a
    two-column page puts a job's line among the licenses."""

    @property
    def empty(self) -> bool:
        return not (self.types or self.states or self.numbers or self.expiry or self.compact)

    @property
    def is_license(self) -> bool:
        """Whether the line names a license rather than a certification or a job."""
        if self.states and (self.types or self.numbers or self.license_word):
            return True
        if self.license_word and self.numbers:
            return True
        return bool(self.types and self.numbers and not self.certification_terms)


def _numbers(text: str, taken: list[tuple[int, int]]) -> list[_Number]:
    cleaned = clean(text)
    found: list[_Number] = []

    def free(start: int, end: int) -> bool:
        return not any(start < e and s < end for s, e in taken)

    for match in _NUMBER_KEYWORD.finditer(cleaned):
        start, end = match.span("num")
        value = text[start:end].rstrip(".-")
        if not free(start, end) or sum(c.isdigit() for c in value) < 3:
            continue
        found.append(
            _Number(value, start, start + len(value), text[match.start() : end].strip(), 0.95)
        )
        taken.append((start, end))
    for match in _NUMBER_BARE.finditer(cleaned):
        start, end = match.span("num")
        value = text[start:end]
        if not free(start, end) or sum(c.isdigit() for c in value) < 4 or _PHONE_LIKE.match(value):
            continue
        found.append(_Number(value, start, end, value, 0.85))
        taken.append((start, end))
    return sorted(found, key=lambda n: n.start)


def _expiry(
    text: str, today: datetime.date, taken: list[tuple[int, int]]
) -> Evidenced[datetime.date] | None:
    best: Evidenced[datetime.date] | None = None
    for span in find_ranges(text, today):
        if span.end is not None:
            end = span.end
            if end.present:
                continue
            taken.append((span.text_start, span.text_end))
            day = end.last_day()
            if day is not None:
                best = Evidenced(day, 0.8, span.text)
            continue
        mention = span.start
        taken.append((mention.start, mention.end))
        said = keyword_before(text, mention.start)
        day = mention.last_day()
        if day is None:
            continue
        if said is not None and said[0] == "expiry":
            return Evidenced(day, 0.95, text[said[1] : mention.end].strip())
        if said is not None:
            continue
        # A bare date: the expiry, unless long past (the year the license was first issued).
        if day < today - datetime.timedelta(days=730) or (mention.month is None and day < today):
            continue
        if best is None:
            best = Evidenced(day, 0.8 if mention.has_month else 0.6, mention.text)
    return best


def read_license_line(line: Line, today: datetime.date, *, text: str | None = None) -> LicenseLine:
    """The license facts of ``line`` (or of ``text``, a part of it)."""
    body = line.text if text is None else text
    taken: list[tuple[int, int]] = []
    found = LicenseLine(line=line)
    found.expiry = _expiry(body, today, taken)
    found.job_dates = any(span.end is not None for span in find_ranges(body, today))
    found.certification_terms = len(find_terms(body, certification_index()))
    # "12345-RCP": letters glued to the number are part of it, not the type.
    found.types = [t for t in find_terms(body, license_type_index()) if not _glued(body, t)]
    taken.extend((t.start, t.end) for t in found.types)
    found.states = find_states(body)
    taken.extend((s.start, s.end) for s in found.states)
    found.numbers = _numbers(body, taken)
    found.license_word = _LICENSE_WORD.search(body) is not None
    if match := _SINGLE.search(body):
        found.compact = Evidenced(False, 0.9, match.group())
    elif match := _COMPACT.search(body):
        found.compact = Evidenced(True, 0.9, match.group())
    return found


def _glued(text: str, term: TermMatch) -> bool:
    cleaned = clean(text)
    return bool(
        re.search(r"\d[-.]?$", cleaned[: term.start]) or re.match(r"[-.]?\d", cleaned[term.end :])
    )


def _segments(found: LicenseLine, today: datetime.date) -> list[LicenseLine]:
    """One line naming several licenses ("TX #1 (compact); CA #2") cut at each state."""
    codes = {s.code for s in found.states}
    if len(codes) < 2 or len(found.numbers) == 1:
        return [found]
    starts: list[int] = []
    seen: set[str] = set()
    for state in found.states:
        if state.code not in seen:
            seen.add(state.code)
            starts.append(state.start)
    text = found.line.text
    shared = [t for t in found.types if t.start < starts[0]]
    parts: list[LicenseLine] = []
    for i, begin in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(text)
        masked = " " * begin + text[begin:end] + " " * (len(text) - end)
        part = read_license_line(found.line, today, text=masked)
        if not part.types:
            part.types = shared
        parts.append(part)
    return parts


# A line cut short by a narrow column: it ends with the word that introduces a value
# ("exp.", "License No.") or with a month and day whose year is on the next line.
_DANGLING = re.compile(
    r"(?ix)(?:\bexp(?:ires|iration|iry)?\.?(?:\s+date)?|\bvalid\s+(?:through|thru|until)"
    r"|\blicen[sc]e\s+(?:no\.?|number|num\.?|\#)|\blic\.?\s*(?:no\.?|\#)|\#|\bno\."
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?)\s*:?$"
)


def _joined(line: Line, below: Line) -> Line | None:
    """``line`` and ``below`` as one line when ``line`` wraps onto ``below``: it dangles, or a
    license type or state name runs across the break ("Speech-Language" / "Pathologist")."""
    gap = below.start - (line.start + len(line.text))
    if gap not in (1, 2) or line.blank or below.blank:
        return None
    joined = Line(
        number=line.number,
        start=line.start,
        text=line.text + ("\n" if gap == 1 else "\r\n") + below.text,
    )
    cut = len(line.text)
    if _DANGLING.search(clean(line.text).rstrip()):
        return joined
    across = [(t.start, t.end) for t in find_terms(joined.text, license_type_index())]
    across += [(m.start, m.end) for m in find_states(joined.text) if m.by == "name"]
    if any(start < cut < end for start, end in across):
        return joined
    return None


def _unwrapped(lines: list[Line]) -> tuple[list[Line], dict[int, int]]:
    """The lines with each wrapped one joined to its continuation, and which line number
    each join swallowed (so both count as read)."""
    out: list[Line] = []
    swallowed: dict[int, int] = {}
    i = 0
    while i < len(lines):
        line = lines[i]
        joined = _joined(line, lines[i + 1]) if i + 1 < len(lines) else None
        if joined is not None:
            out.append(joined)
            swallowed[line.number] = lines[i + 1].number
            i += 2
            continue
        out.append(line)
        i += 1
    return out, swallowed


def _is_header_row(line: Line) -> bool:
    words = normalize_words(line.text).split()
    return (
        not any(ch.isdigit() for ch in line.text)
        and len(words) >= 2
        and sum(w in _HEADER_WORDS for w in words) >= 2
        and all(w in _HEADER_WORDS or len(w) <= 3 for w in words)
    )


def _answer(line: Line, *, whole_cell: bool) -> tuple[bool, int] | None:
    """The yes / no a table row gives in its compact column, and where it is in the line:
    the whole line when the table reads one cell a line, else the one answer word of the
    row (two would leave the column unknown)."""
    if whole_cell:
        found = [m] if (m := _ANSWER_CELL.match(line.text)) else []
    else:
        found = list(_ANSWER_IN_ROW.finditer(clean(line.text)))
    if len(found) != 1:
        return None
    answer = found[0].group("answer").lower()
    return answer in {"yes", "y", "✓", "✔", "☑"}, found[0].end("answer")


def _span(lines: dict[int, Line], title: tuple[str, int], answer: Line, end: int) -> str:
    """The text from a column's title to a row's answer in it: the evidence of the answer
    (it says what was asked and what was answered)."""
    words, number = title
    between = [lines[n].text for n in range(number + 1, answer.number) if n in lines]
    return "\n".join([words, *between, answer.text[:end]])


def _is_header_cell(line: Line) -> bool:
    words = normalize_words(line.text).split()
    return 0 < len(words) <= 2 and all(w in _HEADER_WORDS for w in words)


def _header_cells(lines: list[Line]) -> set[int]:
    """Numbers of the lines that are a table's column titles, one cell a line ("License",
    "State", "Number", "Expires"): how a Word table reads as text. Two titles in a row at
    least, so a lone "Compact" under a license is still its flag."""
    cells: set[int] = set()
    run: list[int] = []
    for line in [*lines, None]:
        if line is not None and line.blank:
            continue
        if line is not None and _is_header_cell(line):
            run.append(line.number)
            continue
        if len(run) >= 2:
            cells.update(run)
        run = []
    return cells


def _only_type(found: LicenseLine) -> bool:
    """Whether the line is nothing but a license type ("RRT", "Registered Nurse")."""
    if len(found.types) != 1 or found.states or found.numbers or found.expiry:
        return False
    bare = normalize_words(found.line.text)
    return bare == normalize_words(found.types[0].text)


@dataclass(slots=True)
class _Entry:
    type: Evidenced[str] | None = None
    state: Evidenced[str] | None = None
    number: Evidenced[str] | None = None
    expiration_date: Evidenced[datetime.date] | None = None
    compact: Evidenced[bool] | None = None
    penalty: float = 0.0
    lines: set[int] = field(default_factory=set)
    """Numbers of the lines read into the entry: used only if a license comes of it."""

    def accepts(self, part: LicenseLine) -> bool:
        """Whether ``part`` continues this entry (it says nothing this entry already says)."""
        if part.types and self.type is not None and part.types[0].key != self.type.value:
            return False
        if part.states and self.state is not None:
            return False
        if part.numbers and self.number is not None:
            return False
        if part.expiry and self.expiration_date is not None:
            return False
        return not (part.compact and self.compact is not None)

    def take(self, part: LicenseLine) -> None:
        if part.types and self.type is None:
            first = part.types[0]
            self.type = Evidenced(first.key, 0.95, first.text)
        if part.states and self.state is None:
            codes = {s.code for s in part.states}
            first = part.states[0]
            self.state = Evidenced(first.code, 0.95 if len(codes) == 1 else 0.7, first.text)
        if part.numbers and self.number is None:
            number = part.numbers[0]
            confidence = number.confidence if len(part.numbers) == 1 else number.confidence - 0.2
            self.number = Evidenced(number.value, confidence, number.evidence)
            if self.type is None and not part.types:
                prefix = next((p for p in _PREFIX_TYPES if re.match(rf"{p}\d", number.value)), None)
                if prefix is not None:
                    self.type = Evidenced(prefix, 0.7, number.value)
        if part.expiry and self.expiration_date is None:
            self.expiration_date = part.expiry
        if part.compact and self.compact is None:
            self.compact = part.compact

    def license(self, group_type: Evidenced[str] | None) -> License | None:
        if self.state is None and self.number is None:
            return None
        kind = self.type or group_type
        state, compact = self.state, self.compact
        if (
            compact is not None
            and compact.value
            and state is not None
            and state.value in NON_COMPACT_STATES
        ):
            # A multistate license of a state outside the compact does not exist.
            compact = None
            state = Evidenced(state.value, 0.5, state.evidence)

        def lowered(value: Evidenced[str] | None) -> Evidenced[str] | None:
            if value is None or not self.penalty:
                return value
            return Evidenced(value.value, round(value.confidence - self.penalty, 2), value.evidence)

        expiry = self.expiration_date
        if expiry is not None and self.penalty:
            expiry = Evidenced(
                expiry.value, round(expiry.confidence - self.penalty, 2), expiry.evidence
            )
        return License(
            type=lowered(kind),
            state=lowered(state),
            number=lowered(self.number),
            expiration_date=expiry,
            compact=compact,
        )


def parse_license_lines(
    lines: list[Line],
    today: datetime.date,
    *,
    heading: Line | None = None,
    in_section: bool = True,
) -> tuple[list[License], set[int]]:
    """The licenses of a run of lines, and the numbers of the lines they were read from.

    In a licenses / certifications section every license line counts; elsewhere
    (``in_section=False``) only lines that say "license" and carry a number.
    """
    licenses: list[License] = []
    used: set[int] = set()
    group: Evidenced[str] | None = None
    if heading is not None:
        kinds = find_terms(heading.text, license_type_index())
        if kinds:
            group = Evidenced(kinds[0].key, 0.8, kinds[0].text)
    entry: _Entry | None = None

    def close() -> None:
        nonlocal entry
        if entry is not None:
            made = entry.license(group)
            if made is not None:
                licenses.append(made)
                # A line that gave no license (a certification's expiry wrapped onto a
                # line of its own) is left for the certifications.
                used.update(entry.lines)
        entry = None

    header_cells = _header_cells(lines) if in_section else set()
    # The current table's compact column title: its words to the line's end, and the
    # number of the (last) line it is on.
    compact_title: tuple[str, int] | None = None
    in_header = False
    originals = {line.number: line for line in lines}
    swallowed: dict[int, int] = {}
    if in_section:
        lines, swallowed = _unwrapped(lines)
    readings = [None if line.blank else read_license_line(line, today) for line in lines]
    for i, line in enumerate(lines):
        found = readings[i]
        if found is None:
            continue
        if in_section and (_is_header_row(line) or line.number in header_cells):
            close()
            if not in_header:  # a new table: its own columns
                compact_title = None
            in_header = True
            if title := _COMPACT_TITLE.search(line.text):
                compact_title = (
                    line.text[title.start() :],
                    swallowed.get(line.number, line.number),
                )
            continue
        in_header = False
        if compact_title is not None and (entry is not None or not found.empty):
            whole = found.empty
            answer = _answer(line, whole_cell=whole)
            if answer is not None and (whole or found.compact is None):
                flag = Evidenced(answer[0], 0.85, _span(originals, compact_title, line, answer[1]))
                if not whole:
                    found.compact = flag
                elif entry is not None and entry.compact is None:
                    entry.compact = flag
                    entry.lines.add(line.number)
                    continue
        if not in_section:
            # Outside a licenses section only a line that says "license" with a number.
            if found.license_word and found.numbers and (found.states or found.types):
                for part in _segments(found, today):
                    entry = _Entry(penalty=0.15, lines={line.number})
                    entry.take(part)
                    close()
            continue
        if found.empty or (found.job_dates and not found.numbers):
            close()
            continue
        if found.certification_terms and not found.is_license:
            # "RRT" or "Registered Respiratory Therapist" is a credential too: a license
            # type when the line is only that and the next line goes on with its state or
            # number (a table's row read cell by cell, or a type heading its lines).
            nxt = next((r for r in readings[i + 1 :] if r is not None), None)
            continues = (
                nxt is not None
                and (nxt.states or nxt.numbers)
                and not nxt.types
                and not nxt.certification_terms
            )
            if not (_only_type(found) and continues):
                close()
                continue
        if found.types and not (found.states or found.numbers or found.expiry):
            # "Registered Nurse" on its own: the type of the license lines below it too.
            close()
            group = Evidenced(found.types[0].key, 0.8, found.types[0].text)
            entry = _Entry(lines={line.number})
            entry.take(found)
            continue
        for part in _segments(found, today):
            if entry is None or not entry.accepts(part):
                close()
                entry = _Entry()
            entry.take(part)
            entry.lines.add(line.number)
    close()
    used.update(swallowed[n] for n in list(used) if n in swallowed)
    return _unique(licenses), used


def _unique(licenses: list[License]) -> list[License]:
    seen: set[tuple[str | None, ...]] = set()
    kept: list[License] = []
    for lic in licenses:
        key = tuple(None if v is None else str(v.value) for v in (lic.type, lic.state, lic.number))
        if key not in seen:
            seen.add(key)
            kept.append(lic)
    return kept
