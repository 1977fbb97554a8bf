"""Certifications under the catalog's names (BLS, ACLS, PALS, TNCC...), issuer and dates.

Read from the certifications / licenses / credentials sections only (a "BLS" in a job's
bullets is not a card the candidate holds). Forms::

    BLS/ACLS/PALS - AHA - exp 03/2026          three cards sharing issuer and expiry
    ACLS (American Heart Association), expires March 2026
    TNCC - ENA - 2025-2029                     issued 2025, expires end of 2029
    BLS exp 03/2026, ACLS exp 04/2026          each its own
    CCRN (AACN), certified 2021
    Basic Life Support                         issuer and expiry on the lines below
      American Heart Association
      Expires: 03/2026

A date with "exp"/"valid through" is the expiry, "issued"/"certified"/"obtained" the
issue date; a bare date still ahead is the expiry, one already past the issue date (both
with less confidence). A line naming no catalog certification is kept under its own name
only when it looks like one ("certified", "certificate", an issuer or a date on the line).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from data_layer.resumes.parsing.dates import DateRange, find_dates, find_ranges, keyword_before
from data_layer.resumes.parsing.model import Certification, Evidenced
from data_layer.resumes.parsing.text import (
    Line,
    TermMatch,
    clean,
    find_terms,
    normalize_words,
    split_pieces,
    strip_bullet,
)
from data_layer.resumes.parsing.vocab import certification_index, issuer_index

__all__ = ["parse_certification_lines"]

_JOINER = re.compile(r"(?i)^[\s/,&+|\-]*(?:and[\s/,&+|\-]*)?$")
# A line a narrow column cut short: it ends with the word that introduces a date ("Exp:",
# "valid through"), with a month whose year is on the next line, or with a comma.
_DANGLING = re.compile(
    r"(?ix)(?:\bexp(?:ires|iration|iry)?\.?(?:\s+date)?|\bvalid\s+(?:through|thru|until)"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?(?:\s+\d{1,2})?|,)"
    r"\s*:?$"
)
_CERT_WORDS = re.compile(
    r"(?i)\b(?:certified|certification|certificate|card|course|provider|credential)\b"
)


@dataclass(slots=True)
class _Cluster:
    """Certifications written together ("BLS/ACLS/PALS") and the facts that follow them."""

    names: list[TermMatch | Evidenced[str]]
    start: int
    issuer: Evidenced[str] | None = None
    date: Evidenced[datetime.date] | None = None
    expiration_date: Evidenced[datetime.date] | None = None
    confidence_cut: float = 0.0
    extra: list[str] = field(default_factory=list)

    def certifications(self) -> list[Certification]:
        made: list[Certification] = []
        for name in self.names:
            value = Evidenced(name.key, 0.95, name.text) if isinstance(name, TermMatch) else name
            made.append(
                Certification(
                    name=value,
                    issuer=self.issuer,
                    date=self.date,
                    expiration_date=self.expiration_date,
                )
            )
        return made


# A registry credential written as the board, the modality spelt out and the code in
# brackets: "ARRT Computed Tomography (CT)" is the catalog's "arrt ct", not "arrt" alone.
_BOARD_CODE = re.compile(
    r"\b(?P<board>ARRT|ASCP|NBRC|ARDMS)\b[A-Za-z ,\-]{0,40}?\((?P<code>[A-Za-z]{1,4})\)"
)


def _catalog_terms(text: str) -> list[TermMatch]:
    board: list[TermMatch] = []
    masked = text
    for match in _BOARD_CODE.finditer(text):
        key = certification_index().get(normalize_words(f"{match['board']} {match['code']}"))
        if key is not None:
            board.append(TermMatch(key, match.start(), match.end(), match.group()))
            masked = (
                masked[: match.start()]
                + " " * (match.end() - match.start())
                + masked[match.end() :]
            )
    found = board + [
        TermMatch(t.key, t.start, t.end, text[t.start : t.end])
        for t in find_terms(masked, certification_index())
    ]
    return sorted(found, key=lambda t: t.start)


def _names_and_issuers(text: str) -> tuple[list[TermMatch], list[TermMatch]]:
    certs = _catalog_terms(text)
    issuers = find_terms(text, issuer_index())
    issuer_spans = {(i.start, i.end) for i in issuers}
    names = {c.key for c in certs}
    kept: list[TermMatch] = []
    seen: set[str] = set()
    for cert in certs:
        # "AWHONN", "ARRT", "NBRC": a body that also names a certification is the issuer
        # when another certification is on the line.
        if (cert.start, cert.end) in issuer_spans and len(names) > 1:
            continue
        if cert.key in seen:
            continue
        seen.add(cert.key)
        kept.append(cert)
    kept_spans = [(c.start, c.end) for c in kept]
    # An issuer inside a longer certification term ("BLS - AHA", a catalog synonym) is
    # still the issuer; one that is the certification's own word ("AWHONN") is not.
    free_issuers = [
        i
        for i in issuers
        if not any((i.start, i.end) == span for span in kept_spans)
        and not any(i.start < e and s < i.end and not (s < i.start) for s, e in kept_spans)
    ]
    return kept, free_issuers


def _clusters(text: str, certs: list[TermMatch]) -> list[_Cluster]:
    clusters: list[_Cluster] = []
    cleaned = clean(text)
    previous: TermMatch | None = None
    for cert in certs:
        if previous is not None and _JOINER.match(cleaned[previous.end : cert.start]):
            clusters[-1].names.append(cert)
        else:
            clusters.append(_Cluster(names=[cert], start=cert.start))
        previous = cert
    return clusters


def _owner(clusters: list[_Cluster], position: int) -> _Cluster:
    owner = clusters[0]
    for cluster in clusters:
        if cluster.start <= position:
            owner = cluster
    return owner


def _assign_date(
    cluster: _Cluster, text: str, span: DateRange, today: datetime.date, cut: float
) -> None:
    if span.end is not None:
        start = span.start.first_day()
        if start is not None and cluster.date is None:
            cluster.date = Evidenced(start, 0.85 - cut, span.text)
        end = span.end.last_day()
        if end is not None and cluster.expiration_date is None:
            cluster.expiration_date = Evidenced(end, 0.85 - cut, span.text)
        return
    mention = span.start
    said = keyword_before(text, mention.start)
    if said is not None:
        evidence = text[said[1] : mention.end].strip()
        if said[0] == "expiry":
            day = mention.last_day()
            if day is not None and cluster.expiration_date is None:
                cluster.expiration_date = Evidenced(day, 0.95 - cut, evidence)
        else:
            day = mention.first_day()
            if day is not None and cluster.date is None:
                cluster.date = Evidenced(day, 0.9 - cut, evidence)
        return
    last = mention.last_day()
    if last is None:
        return
    if last >= today:
        if cluster.expiration_date is None:
            cluster.expiration_date = Evidenced(last, 0.7 - cut, mention.text)
    else:
        first = mention.first_day()
        if first is not None and cluster.date is None:
            cluster.date = Evidenced(first, 0.6 - cut, mention.text)


_FACT_WORDS = re.compile(
    r"(?i)\b(?:exp(?:ires|iration|iry|ired)?|issued|valid|through|thru|until|date|dates|on|by|from"
    r"|certified|renewed|renewal|due|good|obtained|earned|card|provider|issuer|issuing|body)\b"
)


def _only_facts(text: str, issuers: list[TermMatch], ranges: list[DateRange]) -> bool:
    """Whether the line holds nothing but an issuer, dates and the words around them."""
    spans = sorted(
        [(i.start, i.end) for i in issuers] + [(r.text_start, r.text_end) for r in ranges]
    )
    rest, position = [], 0
    for start, end in spans:
        rest.append(text[position:start])
        position = max(position, end)
    rest.append(text[position:])
    leftover = _FACT_WORDS.sub(" ", " ".join(rest))
    return not re.search(r"[A-Za-z]", leftover)


def _own_name(line: Line, today: datetime.date) -> Evidenced[str] | None:
    """The name of a certification the catalog does not know, when the line looks like one."""
    body = strip_bullet(line.text)
    if not body or body.endswith(".") or len(body.split()) > 14:
        return None
    # "Erie County Medical Center | 01/2025 - 12/2025": a span of dates dates a job (two
    # columns read side by side put job lines here), and a date is no name.
    if any(span.end is not None for span in find_ranges(body, today)):
        return None
    offset = line.text.index(body)
    first = next(split_pieces(body), None)
    if first is None or not any(c.isupper() for c in first.text) or len(first.text.split()) > 8:
        return None
    if find_dates(first.text, today):
        return None
    looks = (
        _CERT_WORDS.search(body) or find_terms(body, issuer_index()) or re.search(r"\d{4}", body)
    )
    if not looks:
        return None
    text = line.text[offset + first.start : offset + first.end]
    return Evidenced(" ".join(text.split()), 0.5, text)


_ANY_DAY = datetime.date(2000, 1, 1)  # reads two-digit years; only whether a date is there


def _wraps(line: Line, below: Line) -> bool:
    """Whether ``line`` goes on in ``below``: it dangles, it opened a bracket it did not
    close ("Basic Life Support (American Heart" / "Association), expires 9/2028"), the
    next line starts with the bracketed abbreviation of a name ("Advanced Cardiac Life
    Support" / "(ACLS) | AHA"), or an
    issuer's or certification's name runs across the break ("American Heart" /
    "Association (valid through 2026-09)")."""
    gap = below.start - (line.start + len(line.text))
    if gap not in (1, 2) or line.blank or below.blank:
        return False
    text = clean(line.text).rstrip()
    if _DANGLING.search(text) or text.count("(") > text.count(")"):
        return True
    if below.text.lstrip().startswith("(") and not find_dates(line.text, _ANY_DAY):
        return True  # the name's abbreviation in brackets, put on the next line
    joined = line.text + " " + below.text
    cut = len(line.text)
    terms = find_terms(joined, issuer_index()) + find_terms(joined, certification_index())
    return any(term.start < cut < term.end for term in terms)


def _unwrapped(lines: list[Line], skip: set[int]) -> tuple[list[Line], dict[int, list[int]]]:
    """The lines with each wrapped one joined to its continuation (as one line of the
    text, line break included, so evidence stays a slice of it), and the numbers of the
    lines each joined line holds. License lines (``skip``) are not joined."""
    out: list[Line] = []
    holds: dict[int, list[int]] = {}
    for line in lines:
        previous = out[-1] if out else None
        if (
            previous is not None
            and previous.number not in skip
            and line.number not in skip
            and _wraps(previous, line)
        ):
            gap = line.start - (previous.start + len(previous.text))
            joined = previous.text + ("\n" if gap == 1 else "\r\n") + line.text
            out[-1] = Line(number=previous.number, start=previous.start, text=joined)
            holds[previous.number].append(line.number)
            continue
        out.append(line)
        holds[line.number] = [line.number]
    return out, holds


def parse_certification_lines(
    lines: list[Line], today: datetime.date, *, skip: set[int] | None = None
) -> list[Certification]:
    """The certifications of a credentials section's lines (``skip``: license lines)."""
    found: list[Certification] = []
    last: _Cluster | None = None
    pending: list[_Cluster] = []

    def flush() -> None:
        for cluster in pending:
            found.extend(cluster.certifications())
        pending.clear()

    lines, holds = _unwrapped(lines, skip or set())
    for line in lines:
        if line.blank:
            continue
        if skip and any(number in skip for number in holds[line.number]):
            flush()
            last = None
            continue
        text = line.text
        certs, issuers = _names_and_issuers(text)
        ranges = find_ranges(text, today)
        if not certs:
            if last is not None and (issuers or ranges) and _only_facts(text, issuers, ranges):
                # A line of its own for the issuer or the dates of the card above.
                for issuer in issuers:
                    if last.issuer is None:
                        last.issuer = Evidenced(" ".join(issuer.text.split()), 0.8, issuer.text)
                for span in ranges:
                    _assign_date(last, text, span, today, 0.1)
                continue
            own = _own_name(line, today)
            if own is None:
                continue
            cluster = _Cluster(names=[own], start=line.text.index(own.evidence))
            clusters = [cluster]
        else:
            clusters = _clusters(text, certs)
        for issuer in issuers:
            owner = _owner(clusters, issuer.start)
            if owner.issuer is None:
                owner.issuer = Evidenced(" ".join(issuer.text.split()), 0.9, issuer.text)
        for span in ranges:
            _assign_date(_owner(clusters, span.text_start), text, span, today, 0.0)
        pending.extend(clusters)
        last = clusters[-1]
    flush()
    return _unique(found)


def _unique(certifications: list[Certification]) -> list[Certification]:
    seen: set[str] = set()
    kept: list[Certification] = []
    for cert in certifications:
        key = cert.name.value if cert.name is not None else ""
        if key not in seen:
            seen.add(key)
            kept.append(cert)
    return kept
