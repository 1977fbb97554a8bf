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
from data_layer.resumes.parsing.text import Line, is_bullet, split_pieces

__all__ = ["parse_education_lines"]

_DEGREE = re.compile(
    r"""(?x)
    (?<![A-Za-z])
    (?:
        (?i:(?:bachelor|master|doctor|associate)(?:'s|s)?
            (?:\s+(?:of|in)\s+(?:applied\s+)?(?:science|arts|nursing|physical\s+therapy
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
    r"^(?:\s*(?:in|,|-|:)\s*|\s+)(?P<field>[A-Z][A-Za-z&/' ]{2,60}?)"
    r"(?=\s*(?:\(|,|\||;|\s-\s|$|\s\d))"
)
_FIELD_BEFORE = re.compile(r"(?P<field>[A-Z][A-Za-z&/' ]{2,40}?)\s+$")
_INSTITUTION = re.compile(
    r"(?i)\b(?:university|college|school|institute|academy|polytechnic|universidad|conservatory)\b"
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
    entry.degree = Evidenced(degree, 0.9, degree)
    after = _FIELD_AFTER.match(text[match.end() :])
    field: str | None = None
    if (
        after
        and not _NOT_FIELD.search(after.group("field"))
        and not _DEGREE.fullmatch(after.group("field").strip())
    ):
        field = after.group("field").strip()
    elif degree.lower() in {"diploma", "certificate", "degree"}:
        before = _FIELD_BEFORE.search(text[: match.start()])
        if before and not _NOT_FIELD.search(before.group("field")):
            field = before.group("field").strip()
    if field:
        entry.field = Evidenced(field, 0.8, field)
    return True


def _read_institution(text: str) -> Evidenced[str] | None:
    for piece in split_pieces(text):
        if _INSTITUTION.search(piece.text) and not _DEGREE.fullmatch(piece.text):
            return Evidenced(piece.text, 0.9, piece.text)
    return None


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
