"""Jobs of the Experience section: company, title, location, dates, description, specialty.

Each job is anchored on its dates ("06/2021 - 12/2021", "Jan 2019 - Present"): the lines
next to them that are not bullets are its header, the lines down to the next job's
header its description. How many header lines stand above the dates is learnt from the
first job (resumes repeat one layout), so "Title / Company / Dates" and "Title | Dates /
Company" both work.

Header lines are cut at separators (``|``, spaced dashes, commas, "at", "(via AMN)") and
each piece is read as the location ("City, ST"), the company (hospital, medical center,
clinic, health system ...) or the title (nurse, therapist, technologist ...). A piece
only placed by elimination ("which line is the company") gets a lower confidence; a unit
written with the title ("Travel RN - ICU") stays in the title and gives the specialty,
mapped to the master catalog's specialties of the title's profession.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import cache

from data_layer.master.catalog import normalize_term, professions, specialties
from data_layer.resumes.parsing.dates import DateRange, find_ranges
from data_layer.resumes.parsing.model import Evidenced, Experience
from data_layer.resumes.parsing.places import find_location
from data_layer.resumes.parsing.text import (
    Line,
    Span,
    TermMatch,
    clean,
    find_terms,
    is_bullet,
    normalize_words,
    split_pieces,
    strip_bullet,
)

__all__ = ["parse_experience_lines", "specialty_names_in"]

_RN = 10001

_COMPANY_WORDS = frozenset(
    [
        "hospital",
        "hospitals",
        "medical",
        "center",
        "centre",
        "centers",
        "clinic",
        "clinics",
        "health",
        "healthcare",
        "system",
        "systems",
        "inc",
        "llc",
        "corp",
        "corporation",
        "company",
        "group",
        "associates",
        "institute",
        "rehab",
        "rehabilitation",
        "staffing",
        "agency",
        "services",
        "partners",
        "pharmacy",
        "labs",
        "laboratory",
        "living",
        "senior",
        "manor",
        "village",
        "facility",
        "network",
        "physicians",
        "memorial",
        "regional",
        "general",
        "community",
        "county",
        "university",
        "childrens",
        "children's",
        "va",
        "veterans",
        "baptist",
        "methodist",
        "presbyterian",
        "mercy",
        "kaiser",
        "permanente",
        "hopkins",
        "mayo",
        "banner",
        "ascension",
        "adventhealth",
        "atrium",
        "intermountain",
        "providence",
        "sutter",
        "geisinger",
        "dignity",
        "tenet",
        "hca",
        "ochsner",
        "baylor",
        "st",
        "saint",
        "lutheran",
        "adventist",
        "christus",
        "sanford",
        "cedars",
        "sinai",
        "montefiore",
        "langone",
        "nyu",
        "ucla",
        "ucsf",
        "usc",
        "uc",
        "cleveland",
        "wellstar",
        "novant",
        "piedmont",
        "prisma",
        "beaumont",
        "hospice",
        "homecare",
        "care",
        "home",
        "surgery",
        "surgical",
        "foundation",
        "trust",
        "ltd",
    ]
)
_COMPANY_ENDINGS = frozenset(
    [
        "hospital",
        "hospitals",
        "center",
        "centre",
        "clinic",
        "clinics",
        "health",
        "healthcare",
        "system",
        "systems",
        "inc",
        "llc",
        "corp",
        "corporation",
        "group",
        "associates",
        "institute",
        "services",
        "agency",
        "staffing",
        "partners",
        "pharmacy",
        "network",
        "foundation",
        "medicine",
        "ltd",
        "therapy",
        "rehab",
        "rehabilitation",
        "care",
    ]
)
# Nouns a job title ends with ("ICU Staff Nurse", "Travel Physical Therapist").
_TITLE_ENDINGS = frozenset(
    [
        "aide",
        "analyst",
        "aprn",
        "assistant",
        "clinician",
        "cna",
        "consultant",
        "coordinator",
        "cota",
        "counselor",
        "crna",
        "crt",
        "dietitian",
        "director",
        "dpt",
        "educator",
        "emt",
        "extern",
        "intern",
        "lead",
        "lpn",
        "lvn",
        "manager",
        "navigator",
        "np",
        "nurse",
        "officer",
        "ot",
        "paramedic",
        "pharmacist",
        "physician",
        "practitioner",
        "preceptor",
        "pt",
        "pta",
        "resident",
        "rn",
        "rrt",
        "scientist",
        "slp",
        "sonographer",
        "specialist",
        "supervisor",
        "tech",
        "technician",
        "technologist",
        "therapist",
        "worker",
    ]
)
# Words anywhere in a title: its nouns and the words that qualify them.
_TITLE_WORDS = _TITLE_ENDINGS | frozenset(
    [
        "agency",
        "bedside",
        "certified",
        "charge",
        "chief",
        "coach",
        "contract",
        "diem",
        "float",
        "head",
        "licensed",
        "occupational",
        "per",
        "physical",
        "prn",
        "registered",
        "respiratory",
        "speech",
        "staff",
        "travel",
        "traveler",
    ]
)
_AGENCY = re.compile(r"(?i)^(?:via|through|thru|contracted\s+(?:via|through)|agency:?)\s+")
# Travel staffing agencies: named in a header, they are not the facility worked at.
_AGENCIES = re.compile(
    r"(?i)^(?:amn(?:\s+healthcare)?|aya(?:\s+healthcare)?|cross\s+country(?:\s+healthcare|\s+nurses)?"
    r"|medical\s+solutions|trusted(?:\s+health)?|vivian|fastaff|host\s+healthcare|travel\s+nurse\s+across"
    r"\s+america|tnaa|fusion\s+medical\s+staffing|aureus\s+medical|triage\s+staffing|ventura\s+medstaff"
    r"|nomad\s+health|favorite\s+healthcare\s+staffing|maxim\s+healthcare|supplemental\s+health\s+care"
    r"|ami\s+expeditionary|travel\s+nurses\s+inc|health\s+carousel|onestaff\s+medical|anders\s+group"
    r"|excel\s+staffing)$"
)
_HEADER_WORDS_MAX = 20


@cache
def _specialty_index(profession_external_id: int) -> dict[str, str]:
    index: dict[str, str] = {}
    for spec in specialties():
        if spec.profession_external_id == profession_external_id:
            for term in spec.terms:
                index.setdefault(normalize_words(term), spec.name)
    return index


@cache
def _profession_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for prof in professions():
        for term in prof.terms:
            index.setdefault(normalize_words(normalize_term(term)), str(prof.external_id))
    return index


def specialty_names_in(text: str, profession_external_id: int | None = None) -> list[str]:
    """The catalog specialties ``text`` names (of one profession, or of any)."""
    if profession_external_id is not None:
        return [m.key for m in find_terms(text, _specialty_index(profession_external_id))]
    names: list[str] = []
    for prof in professions():
        names.extend(m.key for m in find_terms(text, _specialty_index(prof.external_id)))
    return names


@dataclass(slots=True)
class _Piece:
    line: Line
    span: Span
    role: str = "unknown"
    confidence: float = 0.0

    @property
    def text(self) -> str:
        return self.span.text


def _words(text: str) -> list[str]:
    return normalize_words(text).split()


def _is_unit(text: str) -> bool:
    """A piece that is only a unit or specialty ("ICU", "Cardiac ICU", "Med-Surg")."""
    words = _words(text)
    if not words or len(words) > 4:
        return False
    matches = find_terms(text, _any_specialty_index())
    return sum(len(normalize_words(m.text).split()) for m in matches) == len(words)


@cache
def _any_specialty_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for prof in professions():
        for term, name in _specialty_index(prof.external_id).items():
            index.setdefault(term, name)
    return index


def _classify(piece: _Piece) -> None:
    words = _words(piece.text)
    if not words:
        return
    company = sum(w in _COMPANY_WORDS for w in words)
    title = sum(w in _TITLE_WORDS for w in words) + len(find_terms(piece.text, _profession_index()))
    # "Patient Care Assistant (Long-Term Care)": the bracketed unit does not end the name.
    last = (_words(re.sub(r"\s*\([^()]*\)\s*$", "", piece.text)) or words)[-1]
    if _is_unit(piece.text):
        piece.role, piece.confidence = "unit", 0.8
    elif last in _COMPANY_ENDINGS and last not in _TITLE_ENDINGS:
        piece.role, piece.confidence = "company", 0.9
    elif last in _TITLE_ENDINGS:
        piece.role, piece.confidence = "title", 0.9
    elif company > title:
        piece.role, piece.confidence = "company", 0.8
    elif title > company:
        piece.role, piece.confidence = "title", 0.8


# What is left of a date range once its dates are blanked out: never a title or company.
_DATE_WORDS = frozenset(["present", "current", "to date", "to", "through", "thru", "until", "till"])


def _header_pieces(
    lines: list[Line], anchor: Line, dates: DateRange
) -> tuple[list[_Piece], Evidenced[str] | None]:
    pieces: list[_Piece] = []
    location: Evidenced[str] | None = None
    for line in lines:
        text = line.text
        if line is anchor:
            # The dates are not a piece: blank them out (same length keeps offsets).
            text = (
                text[: dates.text_start]
                + " " * (dates.text_end - dates.text_start)
                + text[dates.text_end :]
            )
        found = find_location(text) if location is None else None
        if found is not None:
            location = Evidenced(found.text, 0.85, found.text)
            text = text[: found.start] + " " * (found.end - found.start) + text[found.end :]
        for span in split_pieces(text):
            body = span.text.strip(" ,;:|-()")
            if not body or not re.search(r"[A-Za-z]", body) or _AGENCY.match(body):
                continue
            if text[: span.start].rstrip().endswith("("):  # "(Aya Healthcare)", "(via AMN)"
                continue
            if normalize_words(body) in _DATE_WORDS:
                continue
            real = Span(span.start, span.end, line.text[span.start : span.end])
            pieces.append(_Piece(line=line, span=real))
    for piece in pieces:
        _classify(piece)
    return _joined_companies(pieces), location


def _joined_companies(pieces: list[_Piece]) -> list[_Piece]:
    """ "Banner - University Medical Center Phoenix": one company cut at its dash;
    "Kindred at Home": one name cut at its "at" (the "at" after a title still cuts)."""
    joined: list[_Piece] = []
    for piece in pieces:
        before = joined[-1] if joined else None
        if before is not None and _wrapped_name(before, piece):
            span = Span(before.span.start, before.span.end, f"{before.text} {piece.text}")
            joined[-1] = _Piece(line=before.line, span=span, role="company", confidence=0.7)
        elif before is not None and _name_with_at(before, piece):
            span = Span(
                before.span.start,
                piece.span.end,
                piece.line.text[before.span.start : piece.span.end],
            )
            role = "company" if "company" in (before.role, piece.role) else "unknown"
            joined[-1] = _Piece(line=piece.line, span=span, role=role, confidence=0.7)
        elif (
            before is not None
            and before.role == "company"
            and (piece.role == "company" or _campus(piece))
            and not _AGENCIES.match(piece.text)
            and before.line is piece.line
            and re.fullmatch(r"\s+-\s+", clean(piece.line.text[before.span.end : piece.span.start]))
        ):
            span = Span(
                before.span.start,
                piece.span.end,
                piece.line.text[before.span.start : piece.span.end],
            )
            joined[-1] = _Piece(
                line=piece.line,
                span=span,
                role="company",
                confidence=min(before.confidence, piece.confidence),
            )
        else:
            joined.append(piece)
    return joined


# Words a facility's name seldom starts with: a header line starting so continues the
# name that ends the line above.
_NAME_TAILS = frozenset(
    ["hospital", "hospitals", "medical", "center", "centre", "health", "healthcare", "clinic"]
)


def _wrapped_name(before: _Piece, piece: _Piece) -> bool:
    """A facility's name wrapped in a narrow column: "Banner - University" ending one
    line, "Medical Center Phoenix" starting the next."""
    words = _words(piece.text)
    # "Hospital" alone reads as a unit; "Medical ICU" is one, and not part of a name.
    name_only = all(w in _NAME_TAILS or w in _COMPANY_WORDS for w in words)
    return (
        before.role in ("company", "unknown")
        and (piece.role in ("company", "unknown") or (piece.role == "unit" and name_only))
        and piece.line.number == before.line.number + 1
        and not before.line.text[before.span.end :].strip(" ,;:|-")
        and not piece.line.text[: piece.span.start].strip()
        and bool(words)
        and words[0] in _NAME_TAILS
        and not _AGENCIES.match(before.text)
    )


def _name_with_at(before: _Piece, piece: _Piece) -> bool:
    """Two capitalised names joined by "at" on one line, neither a title nor a unit:
    "Kindred at Home", not "Staff RN at Mercy" nor "ICU at Mercy"."""
    return (
        before.line is piece.line
        and before.role in ("company", "unknown")
        and piece.role in ("company", "unknown")
        and before.text[:1].isupper()
        and piece.text[:1].isupper()
        and not _AGENCIES.match(piece.text)
        and re.fullmatch(r"\s+at\s+", clean(piece.line.text[before.span.end : piece.span.start]))
        is not None
    )


def _campus(piece: _Piece) -> bool:
    """ "Temple" in "Baylor Scott & White Medical Center - Temple": a campus or city named
    after the facility, one to three capitalised words that say nothing else."""
    words = piece.text.split()
    return (
        piece.role == "unknown"
        and 1 <= len(words) <= 3
        and all(re.fullmatch(r"[A-Z][A-Za-z.'\-]*", w) for w in words)
    )


def _title_with_unit(pieces: list[_Piece], title: _Piece) -> Evidenced[str]:
    """The title, with a unit written right after it on the same line ("Travel RN - ICU")."""
    index = pieces.index(title)
    end = title.span.end
    if index + 1 < len(pieces):
        nxt = pieces[index + 1]
        between = title.line.text[end : nxt.span.start]
        if (
            nxt.role == "unit"
            and nxt.line is title.line
            and re.fullmatch(r"\s*[-,/|:]\s*|\s+", clean(between))
        ):
            end = nxt.span.end
    value = title.line.text[title.span.start : end]
    return Evidenced(value, title.confidence, value)


def _fields(pieces: list[_Piece]) -> tuple[Evidenced[str] | None, Evidenced[str] | None]:
    title = next((p for p in pieces if p.role == "title"), None)
    companies = [p for p in pieces if p.role == "company"]
    # The facility rather than the travel agency that placed the nurse there.
    company = next((p for p in companies if not _AGENCIES.match(p.text)), None) or next(
        iter(companies), None
    )
    unknown = [p for p in pieces if p.role == "unknown"]
    if company is None and unknown:
        company = unknown.pop(0)
        company.role, company.confidence = "company", 0.55
    if title is None and unknown:
        title = unknown.pop(0)
        title.role, title.confidence = "title", 0.55
    if title is None:
        # A unit alone ("ICU") says the job no better than nothing; keep it as the title.
        title = next((p for p in pieces if p.role == "unit"), None)
        if title is not None:
            title.confidence = 0.5
    title_value = _title_with_unit(pieces, title) if title is not None else None
    company_value = Evidenced(company.text, company.confidence, company.text) if company else None
    return title_value, company_value


def _is_anchor(line: Line, today: datetime.date) -> DateRange | None:
    if is_bullet(line.text) or line.blank:
        return None
    ranges = [
        r
        for r in find_ranges(line.text, today)
        if r.end is not None or r.since or r.start.has_month or _alone(line, r)
    ]
    if not ranges:
        return None
    words = len(line.text.split())
    if words > _HEADER_WORDS_MAX and not re.search(r"\s{3,}|\|", line.text):
        return None
    if words > 6 and line.text.rstrip().endswith("."):
        return None  # a sentence of the description that mentions a date
    return ranges[-1]


def _alone(line: Line, span: DateRange) -> bool:
    """A year on its own at the end or start of a header line ("Staff RN ... 2019")."""
    rest = (line.text[: span.text_start] + line.text[span.text_end :]).strip(" ,|-()")
    return bool(rest) and (
        span.text_end >= len(line.text.rstrip())
        or span.text_start <= len(line.text) - len(line.text.lstrip())
    )


# Small words written lowercase in a title-case header ("Nurse of the Year", "via AMN").
_FUNCTION_WORDS = frozenset(
    ["a", "an", "and", "as", "at", "by", "de", "for", "in", "of", "on", "the", "to", "via", "with"]
)
# "Unit: Med-Surg", "Setting: Home Health": a fact about the job inside its description.
_DETAIL_LABEL = re.compile(
    r"(?i)^(?:unit|units|department|dept|setting|floor|specialty|specialties|population"
    r"|patient\s+population|ratio|caseload|census|duties|responsibilities|achievements"
    r"|accomplishments|charting|emr|ehr)\s*:"
)
_HEADER_SEPARATORS = re.compile(r"\||\s[-\u2013\u2014]\s|,|\s{3,}|\t")


def _sentence_like(body: str) -> bool:
    """A duty written as a sentence ("Managed a caseload of 12 patients per day"): most
    words after the first start lowercase. Word lists pasted as text lose their bullets,
    and a header line is written in title case or capitals."""
    words = [
        w for w in re.findall(r"[A-Za-z][A-Za-z'\-]*", body)[1:] if w.lower() not in _FUNCTION_WORDS
    ]
    lower = sum(w[0].islower() for w in words)
    return lower >= 2 and lower >= 0.4 * len(words)


def _header_like(line: Line) -> bool:
    body = strip_bullet(line.text).rstrip()
    words = len(normalize_words(body).split())
    # A header with separators holds several pieces ("Facility - via Agency, City, ST").
    most = 16 if _HEADER_SEPARATORS.search(clean(body)) else 10
    return (
        not is_bullet(line.text)
        and 0 < words <= most
        and not body.endswith(".")
        and not body[:1].islower()
        and not _DETAIL_LABEL.match(body)
        and not _sentence_like(body)
    )


def parse_experience_lines(lines: list[Line], text: str, today: datetime.date) -> list[Experience]:
    """The jobs of an Experience section's lines, in the order written."""
    body = list(lines)
    anchors: list[tuple[int, DateRange]] = []
    for i, line in enumerate(body):
        found = _is_anchor(line, today)
        if found is not None:
            anchors.append((i, found))
    if not anchors:
        return []
    starts = {i for i, _ in anchors}

    def run(i: int, step: int) -> list[int]:
        """Header-like lines next to line ``i`` (above or below), up to a blank or bullet."""
        taken: list[int] = []
        j = i + step
        while 0 <= j < len(body) and len(taken) < 3 and j not in starts:
            if body[j].blank or not _header_like(body[j]):
                break
            taken.append(j)
            j += step
        return sorted(taken)

    above = [run(i, -1) for i, _ in anchors]
    below = [run(i, +1) for i, _ in anchors]
    # How many header lines stand above the dates, learnt from the first job.
    k = len(above[0])
    for n in range(len(anchors) - 1):
        shared = set(below[n]) & set(above[n + 1])
        if shared:
            # The lines between two jobs' dates with nothing between them: the next job
            # takes as many as the first job had above its dates, this one the rest.
            between = sorted(set(below[n]) | set(above[n + 1]))
            cut = len(between) - min(k, len(between))
            below[n], above[n + 1] = between[:cut], between[cut:]
    if anchors[0][0] > 0:
        above[0] = [j for j in above[0] if j >= 0]
    jobs: list[Experience] = []
    for n, (i, dates) in enumerate(anchors):
        head = [*above[n], i, *below[n]]
        desc_start = head[-1] + 1
        desc_end = (
            (above[n + 1][0] if above[n + 1] else anchors[n + 1][0])
            if n + 1 < len(anchors)
            else len(body)
        )
        description = _description(body[desc_start:desc_end], text)
        jobs.append(_job(body, head, body[i], dates, description))
    return jobs


# "Unit: 32-bed CVICU", "Department - Emergency", "Specialties: L&D, Mother-Baby".
_UNIT_LABEL = re.compile(
    r"^\s*(?:units?|departments?|dept\.?|settings?|specialt(?:y|ies)|floors?|service|area)"
    r"\s*(?::|\s[-\u2013\u2014]\s)\s*(?P<value>\S.*)$",
    re.IGNORECASE,
)


def _specialty(title: str | None, description: str | None) -> Evidenced[str] | None:
    """The job's specialty, most specific evidence first.

    1. a unit the title names beside the profession ("CT Technologist - Level I Trauma
       CT": CT Trauma, the longest such term);
    2. a unit a description line labels ("Unit: CVICU");
    3. a unit of another profession's catalog named in the title in more than one word
       ("Patient Care Assistant (Nursing Home)": Long-Term Care);
    4. what the profession's own name implies ("Family Nurse Practitioner").
    """
    found = find_terms(title, _profession_index()) if title else []
    profession = int(found[0].key) if found else _RN
    inside: list[TermMatch] = []
    outside: list[TermMatch] = []
    for match in find_terms(title, _specialty_index(profession)) if title else []:
        within = any(p.start <= match.start and match.end <= p.end for p in found)
        (inside if within else outside).append(match)
    if outside:
        best = max(outside, key=lambda m: len(m.text.split()))
        return Evidenced(best.key, 0.8, best.text)
    for line in (description or "").splitlines():
        label = _UNIT_LABEL.match(line)
        if label is not None:
            names = find_terms(label["value"], _specialty_index(profession)) or find_terms(
                label["value"], _any_specialty_index()
            )
            if names:
                return Evidenced(names[0].key, 0.75, names[0].text)
    if title:
        other = [
            m
            for m in find_terms(title, _any_specialty_index())
            # One generic word of another trade ("Clinical" Nurse) is no unit.
            if len(m.text.split()) > 1
            and not any(p.start <= m.start and m.end <= p.end for p in found)
        ]
        if other:
            return Evidenced(other[0].key, 0.7, other[0].text)
    if inside:
        return Evidenced(inside[0].key, 0.7, inside[0].text)
    return None


def _description(lines: list[Line], text: str) -> Evidenced[str] | None:
    kept = [line for line in lines if not line.blank]
    if not kept:
        return None
    value = "\n".join(strip_bullet(line.text) for line in kept)
    evidence = text[kept[0].start : kept[-1].start + len(kept[-1].text)]
    return Evidenced(value, 0.8, evidence)


def _job(
    body: list[Line],
    head: list[int],
    anchor: Line,
    dates: DateRange,
    description: Evidenced[str] | None,
) -> Experience:
    header = [body[h] for h in head]
    pieces, location = _header_pieces(header, anchor, dates)
    title, company = _fields(pieces)
    start = dates.start.first_day()
    start_date = (
        Evidenced(start, 0.95 if dates.start.has_month else 0.85, dates.start.text)
        if start
        else None
    )
    end_date: Evidenced[datetime.date] | None = None
    current: Evidenced[bool] | None = None
    if dates.end is not None:
        if dates.end.present:
            current = Evidenced(True, 0.95, dates.end.text)
        else:
            end = dates.end.last_day()
            end_date = (
                Evidenced(end, 0.95 if dates.end.has_month else 0.85, dates.end.text)
                if end
                else None
            )
    elif dates.since:
        current = Evidenced(True, 0.8, dates.text)
    specialty = _specialty(
        title.value if title is not None else None,
        description.value if description is not None else None,
    )
    return Experience(
        company=company,
        title=title,
        location=location,
        start_date=start_date,
        end_date=end_date,
        description=description,
        specialty=specialty,
        current=current,
    )
