"""Schools of the Education section: institution, degree, field of study, dates.

``degree`` is the degree as written without its field ("Bachelor of Science", "BSN",
"A.S."), ``field`` what follows "in" (or stands next to a bare abbreviation): "Bachelor of
Science in Nursing (BSN)" -> "Bachelor of Science" + "Nursing"; "BSN" alone has no field
(the abbreviation implies nursing, but the text does not say it). One date is the
graduation (the end), a range gives both.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from data_layer.resumes.parsing.dates import find_ranges
from data_layer.resumes.parsing.model import Education, Evidenced
from data_layer.resumes.parsing.places import find_location, state_code_of
from data_layer.resumes.parsing.text import Line, clean, is_bullet, split_pieces

__all__ = ["parse_education_lines"]

_DEGREE = re.compile(
    r"""(?x)
    (?<![A-Za-z])
    (?:
        (?i:(?:bachelor|master|doctor|associate)(?:'s|s)?
            (?:\s+(?:of|in)\s+(?:applied\s+)?(?:science|arts|nursing\s+practice|nursing|physical\s+therapy
                |occupational\s+therapy|health\s+science|business\s+administration|public\s+health
                |health\s+administration|philosophy|education|pharmacy|medicine|social\s+work)
               (?=\s|,|$|\))
            | \s+degree)?)
      | (?i:doctorate|high\s+school\s+diploma|diploma|certificate|ged)
      | (?:BSN|ADN|ASN|MSN|DNP|DPT|MPT|MSPT|MOT|OTD|MSOT|PharmD|PhD|MBA|MHA|MPH|AAS|BSRT|AS|BS|BA
         |MS|MA|AA|AASN|RRT)
      | (?:A\.A\.S\.|A\.S\.N?\.?|B\.S\.N?\.?|M\.S\.N?\.?|B\.A\.|M\.A\.|Ph\.D\.|D\.P\.T\.|A\.D\.N\.)
    )
    (?![A-Za-z])
    """
)
_FIELD_AFTER = re.compile(
    # Not after a dash: "Certificate - Mercy College" names the school.
    r"^(?:\s*(?:in|,|:)\s*|\s+)(?P<field>[A-Z][A-Za-z&/' ]{2,60}?)"
    r"(?=\s*(?:\(|,|\||;|\s-\s|$|\s\d))"
)
# "Bachelor of Science in Nursing", "Associate Degree in Nursing", "BS in Nursing": degrees
# with a name of their own (BSN, ADN, MSN), so the field stays in the degree too.
_NURSING_DEGREE = re.compile(r"(?i)^\s+in\s+nursing$")
_FIELD_BEFORE = re.compile(r"(?P<field>[A-Z][A-Za-z&/' ]{2,40}?)\s+$")
_INSTITUTION = re.compile(
    r"(?i)\b(?:university|college|school|institute|academy|polytechnic|universidad|conservatory)\b"
)
_CAMPUS = re.compile(r"^\s+at\s+[A-Z][\w.'\-]*(?:\s+[A-Z][\w.'\-]*){0,2}")
# Pieces of a degree line that are no school: honours, grades, what is still to come.
_NOT_SCHOOL = re.compile(
    r"(?i)\b(?:cum\s+laude|honou?rs|dean'?s\s+list|gpa|expected|graduated|anticipated|minor"
    r"|concentration|coursework|thesis|present|current)\b"
)
_NOT_FIELD = re.compile(
    r"(?i)\b(?:university|college|school|institute|academy|expected|graduated|gpa)\b"
)


@dataclass(slots=True)
class _Entry:
    institution: Evidenced[str] | None = None
    degree: Evidenced[str] | None = None
    field: Evidenced[str] | None = None
    start_date: Evidenced[datetime.date] | None = None
    end_date: Evidenced[datetime.date] | None = None

    def education(self) -> Education | None:
        if self.institution is None and self.degree is None:
            return None
        return Education(
            institution=self.institution,
            degree=self.degree,
            field=self.field,
            start_date=self.start_date,
            end_date=self.end_date,
        )


def _read_degree(text: str, entry: _Entry) -> bool:
    match = _DEGREE.search(text)
    if match is None:
        return False
    degree = match.group()
    # Typographic dashes as ASCII (same length): "in Nursing — Regis University".
    after = _FIELD_AFTER.match(clean(text)[match.end() :])
    field: str | None = None
    if (
        after
        and not _NOT_FIELD.search(after.group("field"))
        and not _NOT_SCHOOL.search(after.group("field"))
        and not _DEGREE.fullmatch(after.group("field").strip())
    ):
        rest = text[match.end() :]
        field = rest[after.start("field") : after.end("field")].strip()
        named = text[match.end() : match.end() + after.end("field")].rstrip()
        if _NURSING_DEGREE.match(named):
            degree = text[match.start() : match.end() + len(named)]
    entry.degree = Evidenced(degree, 0.9, degree)
    if field is None and match.group().lower() in {"diploma", "certificate", "degree"}:
        before = _FIELD_BEFORE.search(text[: match.start()])
        if before and not _NOT_FIELD.search(before.group("field")):
            field = before.group("field").strip()
    if field:
        entry.field = Evidenced(field, 0.8, field)
    return True


def _read_institution(text: str) -> Evidenced[str] | None:
    for piece in split_pieces(text):
        if _INSTITUTION.search(piece.text) and not _DEGREE.fullmatch(piece.text):
            # "University of Texas at Austin": the campus after "at" is part of the name.
            campus = _CAMPUS.match(text[piece.end :])
            end = piece.end + (campus.end() if campus else 0)
            value = text[piece.start : end]
            return Evidenced(value, 0.9, value)
    return None


def _beside_degree(text: str, entry: _Entry) -> Evidenced[str] | None:
    """The school of a degree line that names it without "University" or "College"
    ("ADN - UNC Chapel Hill, 2012"): the one other piece that is a name."""
    names: list[str] = []
    place = find_location(text)
    if place is not None:
        text = text[: place.start] + " " * (place.end - place.start) + text[place.end :]
    for piece in split_pieces(text):
        body = piece.text.strip()
        words = body.split()
        if (
            not body
            or _DEGREE.search(body)
            or (entry.field is not None and body == entry.field.value)
            or _NOT_SCHOOL.search(body)
            or re.search(r"\d", body)
            or not 1 <= len(words) <= 6
            or not all(
                w[:1].isupper() or w.lower() in {"of", "at", "the", "and", "&"} for w in words
            )
            or state_code_of(body) is not None
            or find_location(body) is not None
        ):
            continue
        names.append(body)
    if len(names) != 1:
        return None
    return Evidenced(names[0], 0.6, names[0])


def parse_education_lines(lines: list[Line], today: datetime.date) -> list[Education]:
    entries: list[_Entry] = []
    entry = _Entry()
    for line in lines:
        if line.blank:
            continue
        text = line.text
        ranges = find_ranges(text, today)
        masked = text
        for span in ranges:
            masked = (
                masked[: span.text_start]
                + " " * (span.text_end - span.text_start)
                + masked[span.text_end :]
            )
        institution = _read_institution(masked)
        probe = _Entry()
        has_degree = _read_degree(masked, probe)
        if institution is None and has_degree:
            institution = _beside_degree(masked, probe)
        elif (
            institution is None
            and entry.degree is not None
            and entry.institution is None
            and not is_bullet(text)
        ):
            # The line under a degree: "UNC Chapel Hill, Chapel Hill, NC - 2016".
            institution = _beside_degree(masked, entry)
        if is_bullet(text) and not (institution or has_degree):
            continue
        if (institution and entry.institution) or (has_degree and entry.degree):
            entries.append(entry)
            entry = _Entry()
        if institution:
            entry.institution = institution
        if has_degree:
            entry.degree, entry.field = probe.degree, probe.field
        if (
            ranges
            and entry.end_date is None
            and entry.start_date is None
            and (institution or has_degree or not is_bullet(text))
        ):
            span = ranges[0]
            if span.end is not None:
                start = span.start.first_day()
                entry.start_date = Evidenced(start, 0.85, span.start.text) if start else None
                end = None if span.end.present else span.end.last_day()
                entry.end_date = Evidenced(end, 0.85, span.end.text) if end else None
            else:
                end = span.start.last_day()
                entry.end_date = Evidenced(end, 0.8, span.text) if end else None
    entries.append(entry)
    return [made for e in entries if (made := e.education()) is not None]
