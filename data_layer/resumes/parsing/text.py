"""Lines of a resume with their offsets, bullets, separators and vocabulary matching.

Every value the parser returns is read from a slice of one line (or a run of lines), so
the evidence it reports is always an exact substring of the text it was given.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

__all__ = [
    "BULLET",
    "Line",
    "Span",
    "TermMatch",
    "clean",
    "find_terms",
    "is_bullet",
    "lines_of",
    "normalize_words",
    "split_pieces",
    "strip_bullet",
]

BULLET = re.compile(r"^\s*(?:[•·▪▫●◦○■□►▶➤✓✔\-*–—+>]|\d{1,2}[.)])\s+")
"""A list item's marker; a dash counts only when followed by a space ("-12" is not one)."""

_WORD = re.compile(r"[A-Za-z0-9]+|&")
_SPACES = re.compile(r"\s+")
# The unicode a PDF or DOCX extraction leaves in place of ASCII punctuation.
_TRANSLATE = str.maketrans(
    {
        "\u2013": "-",
        "\u2014": "-",
        "\u2012": "-",
        "\u2010": "-",
        "\u2011": "-",
        "\u2212": "-",
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\t": " ",
    }
)


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the text: its number, where it starts in the text, and its characters."""

    number: int
    start: int
    text: str

    @property
    def stripped(self) -> str:
        return self.text.strip()

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass(frozen=True, slots=True)
class Span:
    """A slice ``[start, end)`` of a line's text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class TermMatch:
    """A vocabulary term found in a line: what it names and where (line offsets)."""

    key: str
    start: int
    end: int
    text: str


def lines_of(text: str) -> list[Line]:
    """The lines of ``text`` (any line ending), each with its offset in ``text``."""
    found: list[Line] = []
    offset = 0
    for number, raw in enumerate(text.splitlines(keepends=True)):
        body = raw.rstrip("\r\n\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85")
        found.append(Line(number=number, start=offset, text=body))
        offset += len(raw)
    return found


def clean(text: str) -> str:
    """``text`` with typographic dashes/quotes/spaces as ASCII (same length, so offsets hold)."""
    return text.translate(_TRANSLATE)


def is_bullet(text: str) -> bool:
    return BULLET.match(clean(text)) is not None


def strip_bullet(text: str) -> str:
    """The item without its list marker and surrounding spaces."""
    match = BULLET.match(clean(text))
    return (text[match.end() :] if match else text).strip()


def normalize_words(text: str) -> str:
    """Lowercase words separated by single spaces (``&`` as ``and``) for term lookups."""
    words = (w.lower() if w != "&" else "and" for w in _WORD.findall(text.replace("'", "")))
    return " ".join(words)


def _word_spans(text: str) -> list[tuple[str, int, int]]:
    return [
        (m.group().lower() if m.group() != "&" else "and", m.start(), m.end())
        for m in _WORD.finditer(text)
    ]


_HEADS: dict[int, tuple[Mapping[str, str], frozenset[str], int]] = {}


def _heads(index: Mapping[str, str]) -> tuple[frozenset[str], int]:
    """The first words of an index's terms and its longest term, computed once per index."""
    known = _HEADS.get(id(index))
    if known is None or known[0] is not index:
        firsts = frozenset(term.split(" ", 1)[0] for term in index)
        longest = max((term.count(" ") + 1 for term in index), default=1)
        known = (index, firsts, longest)
        _HEADS[id(index)] = known
    return known[1], known[2]


def find_terms(text: str, index: Mapping[str, str], *, max_words: int = 6) -> list[TermMatch]:
    """Every non-overlapping term of ``index`` (normalized words -> key) in ``text``.

    Longest match first at each word, left to right, on whole words only: ``"BLS/ACLS"``
    holds two terms, ``"ACLSX"`` none.
    """
    firsts, longest = _heads(index)
    words = _word_spans(text)
    found: list[TermMatch] = []
    i = 0
    while i < len(words):
        hit: TermMatch | None = None
        if words[i][0] in firsts:
            for n in range(min(max_words, longest, len(words) - i), 0, -1):
                term = " ".join(w for w, _, _ in words[i : i + n])
                key = index.get(term)
                if key is not None:
                    start, end = words[i][1], words[i + n - 1][2]
                    hit = TermMatch(key=key, start=start, end=end, text=text[start:end])
                    i += n
                    break
        if hit is None:
            i += 1
        else:
            found.append(hit)
    return found


# "(via AMN)", "(Aya Healthcare)": the staffing agency in brackets is a piece of its own.
_AGENCY_WORDS = (
    r"(?i:via|through|thru|agency|contract)\b|[^)]*\b(?i:staffing|agency|healthcare|travel)"
)
_AGENCY_BRACKET = rf"\s*\((?={_AGENCY_WORDS})"
_PIECE_SEPARATORS = re.compile(
    r"\s*\|\s*|\s+[-~]\s+|\s*;\s*|\s{3,}|\s*\t\s*|\s*,\s+|\s+(?:at|@)\s+|\s*[•·▪●]\s*"
    rf"|{_AGENCY_BRACKET}"
)


def split_pieces(text: str) -> Iterator[Span]:
    """The parts of a header line between separators (``|``, spaced dashes, commas...)."""
    cleaned = clean(text)
    position = 0
    for match in _PIECE_SEPARATORS.finditer(cleaned):
        if match.start() > position:
            yield _trimmed(text, position, match.start())
        position = match.end()
    if position < len(text):
        yield _trimmed(text, position, len(text))


def _trimmed(text: str, start: int, end: int) -> Span:
    chunk = text[start:end]
    strip = " ,;:|-"
    # A bracket is trimmed only when its partner is not in the piece: "(WOCN)" stays.
    lead = strip + ("(" if ")" not in chunk else "")
    trail = strip + (")" if "(" not in chunk else "")
    left = len(chunk) - len(chunk.lstrip(lead))
    right = len(chunk.rstrip(trail))
    return Span(start=start + left, end=start + max(right, left), text=chunk[left:right])


def collapse(text: str) -> str:
    """Single spaces, typographic punctuation as ASCII, lowercase: how evidence is compared."""
    return _SPACES.sub(" ", clean(text)).strip().casefold()
