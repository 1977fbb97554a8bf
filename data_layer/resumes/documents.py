"""Text out of an uploaded resume file: PDF, Word (.docx) or plain text, told apart by content.

Nothing here trusts the file's name or declared type: the bytes decide. What cannot be read
safely raises :class:`UnreadableDocument` with one short sentence for the person who uploaded
it; a scan that cannot be recognised here comes back with ``needs_review`` instead of empty
fields, so nothing downstream mistakes "no text" for "no licenses".

- PDF: pypdfium2 for the text layer; pages laid out in two columns (a vertical gutter with no
  text across most of the page) are read left column first, then right, instead of line by
  line across both. A page with (almost) no text layer but an image is a scan: rendered at
  300 dpi and read by Tesseract, for a bounded number of pages and seconds.
- DOCX: the ZIP's directory is checked before anything is unpacked (entry count, total
  unpacked size, odd paths, DTDs), then docx2python reads headers, body, tables, text boxes.
- Text: UTF-8, UTF-16 with a BOM, or cp1252, if it is mostly printable.

Everything is synchronous and CPU-bound: call it from a worker or through
``asyncio.to_thread``. PDFium is not thread-safe, so PDF work holds one process-wide lock.
"""

from __future__ import annotations

import bisect
import io
import itertools
import logging
import math
import re
import shutil
import statistics
import threading
import time
import unicodedata
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import pytesseract
from docx2python import docx2python
from lxml import etree
from PIL import Image, ImageChops, ImageFilter

from data_layer.resumes.parsing.ocr_text import tidy_ocr_text

log = logging.getLogger(__name__)

__all__ = [
    "MAX_RESUME_BYTES",
    "Document",
    "DocumentKind",
    "UnreadableDocument",
    "read_document",
]

DocumentKind = Literal["pdf", "docx", "text"]

MAX_RESUME_BYTES = 5 * 1024 * 1024

# A real resume .docx unpacks to well under 5 MB and has a few dozen parts; these bounds
# leave room for embedded photos while refusing decompression bombs before unpacking.
MAX_DOCX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_DOCX_ENTRIES = 2000

MAX_PDF_PAGES_READ = 30  # text layer: a resume is a few pages; the rest is not read
OCR_MAX_PAGES = 6
OCR_TIMEOUT_S = 60.0  # all OCR of one document together
OCR_DPI = 300  # Tesseract's glyph models are trained on text about 20-30 px high
# Automatic page layout with orientation (a scanned page may have two columns, a photo may
# be sideways or upside down: without it Tesseract reads nothing of such a page), and runs
# of spaces kept: a title and its dates set apart by a wide gap stay two pieces, as in a
# text-layer PDF.
OCR_CONFIG = "--psm 1 -c preserve_interword_spaces=1"
_MAX_SKEW = 8  # degrees of tilt looked for either way
# A huge page at 300 dpi would be gigabytes of pixels: scale down to this many instead.
OCR_MAX_PIXELS = 12_000_000
# Fewer visible characters than this on a page with an image: the page is a scan.
SCANNED_PAGE_MAX_CHARS = 30

TOO_LARGE = "This file is larger than 5 MB; please upload a smaller copy of your resume."
EMPTY_FILE = "This file is empty; please choose your resume again."
UNSUPPORTED = "We can read PDF, Word (.docx) or plain-text resumes; this file is none of those."
OLD_WORD = (
    "This looks like an old Word (.doc) or password-protected Word file; "
    "please save it as .docx or PDF and upload that."
)
ENCRYPTED_PDF = "This PDF is password-protected: please upload an unprotected copy."
DAMAGED_PDF = "This PDF is damaged and can't be opened; please export it again and upload that."
DAMAGED_DOCX = (
    "This Word file is damaged or unusually large inside; please save it again as .docx or PDF."
)
NO_TEXT = (
    "We couldn't find any text in this file; please upload a resume with selectable text "
    "or a clearer scan."
)
OCR_UNAVAILABLE = (
    "This looks like a scanned resume and text recognition is not installed here; "
    "a recruiter will review it."
)
OCR_OFF = "This looks like a scanned resume; a recruiter will review it."
OCR_TOO_SLOW = "This scanned resume took too long to read; a recruiter will review it."
OCR_PARTIAL = (
    "Part of this resume is scanned and text recognition is not available for it here; "
    "a recruiter will review it."
)

_CONTENT_TYPES: dict[DocumentKind, str] = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "text": "text/plain; charset=utf-8",
}
_EXTENSIONS: dict[DocumentKind, str] = {"pdf": "pdf", "docx": "docx", "text": "txt"}


@dataclass(frozen=True, slots=True)
class Document:
    """The text of a resume file, and how it was obtained.

    ``pages`` is the PDF's page count (1 for Word and text files, which have no fixed pages).
    ``needs_review`` is a sentence for the candidate when a person must read the file
    (a scan that could not be recognised here); ``text`` may then be empty.
    """

    kind: DocumentKind
    text: str
    pages: int
    ocr_used: bool
    needs_review: str | None

    @property
    def content_type(self) -> str:
        """MIME type of the stored file, from what it is (not what it was called)."""
        return _CONTENT_TYPES[self.kind]

    @property
    def extension(self) -> str:
        return _EXTENSIONS[self.kind]


class UnreadableDocument(ValueError):
    """The file cannot be read as a resume. ``str(error)`` is a sentence for the uploader;
    ``reason`` is a short code for logs and metrics."""

    def __init__(self, message: str, *, reason: str = "unreadable") -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason


def read_document(data: bytes, *, ocr: bool = True) -> Document:
    """Read a resume file. Raises :class:`UnreadableDocument` when it cannot be read."""
    if len(data) > MAX_RESUME_BYTES:
        raise UnreadableDocument(TOO_LARGE, reason="too_large")
    if not data.strip():
        raise UnreadableDocument(EMPTY_FILE if not data else NO_TEXT, reason="empty")
    started = time.perf_counter()
    head = data[:1024].lstrip(b"\x00\t\n\r\f ")
    if head.startswith(b"%PDF-"):
        document = _read_pdf(data, ocr=ocr)
    elif data.startswith(b"PK\x03\x04"):
        document = _read_docx(data)
    elif data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        # OLE compound file: a Word 97 .doc, or an encrypted .docx (Office wraps those in OLE).
        raise UnreadableDocument(OLD_WORD, reason="old_word")
    else:
        document = _read_text(data)
    if not document.text.strip() and document.needs_review is None:
        raise UnreadableDocument(NO_TEXT, reason="no_text")
    log.info(
        "resume file read: %s, %d bytes, %d pages, ocr %s, review %s, %.0f ms",
        document.kind,
        len(data),
        document.pages,
        document.ocr_used,
        document.needs_review is not None,
        (time.perf_counter() - started) * 1000,
    )
    return document


# ------------------------------------------------------------------------------ text


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u200b\u200e\u200f\u2028\u2029\ufeff]")
_BLANK_RUNS = re.compile(r"\n{3,}")


def _clean(text: str) -> str:
    """Newlines to ``\\n``, control characters out, trailing spaces off, at most one blank
    line in a row: the text the parser reads and its evidence snippets quote."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\f", "\n").replace("\v", "\n").replace("\u00a0", " ")
    text = _CONTROL.sub("", text)
    lines = (line.rstrip() for line in text.split("\n"))
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip("\n")


def _read_text(data: bytes) -> Document:
    decoded = _decode(data)
    if decoded is None or not _mostly_printable(decoded):
        raise UnreadableDocument(UNSUPPORTED, reason="unsupported")
    return Document(kind="text", text=_clean(decoded), pages=1, ocr_used=False, needs_review=None)


def _decode(data: bytes) -> str | None:
    if data.startswith(b"\xef\xbb\xbf"):
        encodings: tuple[str, ...] = ("utf-8-sig",)
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ("utf-16",)
    else:
        # cp1252 last: it decodes almost any bytes, so printability decides after it.
        encodings = ("utf-8", "cp1252")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _mostly_printable(text: str) -> bool:
    sample = text[:100_000]
    printable = sum(1 for char in sample if char.isprintable() or char in "\n\r\t\f")
    return printable >= 0.95 * len(sample)


# ------------------------------------------------------------------------------ docx

_WORD_MAIN_TYPES = (
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    b"application/vnd.ms-word.document.macroenabled.main+xml",
    b"application/vnd.ms-word.template.macroenabledtemplate.main+xml",
)
_DTD = re.compile(rb"<!\s*(doctype|entity)", re.IGNORECASE)
_MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# Parts whose text docx2python reads; the ones where a text box's fallback copy may sit.
_TEXT_PART = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
# docx2python's placeholders for images and note references: not resume text.
_DOCX_MARKERS = re.compile(
    r"----media/[^\s]*?----|----Image alt text---->.*?<|----(?:foot|end)note\d+----"
)
_DOCX_BULLET = re.compile(r"^--\t")


def _read_docx(data: bytes) -> Document:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = _safe_parts(archive)
    except UnreadableDocument:
        raise
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, RuntimeError, zlib.error):
        # RuntimeError: zipfile's NotImplementedError for unknown compression methods too.
        raise UnreadableDocument(DAMAGED_DOCX, reason="damaged_docx") from None
    content_types = parts.get("[Content_Types].xml", b"").lower()
    if not any(kind in content_types for kind in _WORD_MAIN_TYPES):
        raise UnreadableDocument(UNSUPPORTED, reason="unsupported")
    try:
        with docx2python(io.BytesIO(_without_fallbacks(parts)), duplicate_merged_cells=False) as d:
            sections = [d.header, d.body, d.footer, d.footnotes, d.endnotes]
    except Exception as error:  # docx2python raises whatever lxml/zipfile/its own code raise
        log.warning("docx not readable by docx2python (%s)", type(error).__name__)
        raise UnreadableDocument(DAMAGED_DOCX, reason="damaged_docx") from None
    header, body, footer, footnotes, endnotes = (list(_docx_lines(s)) for s in sections)
    # A document with several sections repeats its header and footer: once is enough.
    lines = [*dict.fromkeys(header), *body, *dict.fromkeys(footer), *footnotes, *endnotes]
    return Document(
        kind="docx", text=_clean("\n".join(lines)), pages=1, ocr_used=False, needs_review=None
    )


def _safe_parts(archive: zipfile.ZipFile) -> dict[str, bytes]:
    """Every part of the package, after checking the ZIP directory says it is safe to unpack.

    The declared sizes are binding: zipfile stops at a part's declared size and checks
    its CRC, so a part cannot unpack to more than the directory admits.
    """
    entries = archive.infolist()
    unpacked = sum(entry.file_size for entry in entries)
    if len(entries) > MAX_DOCX_ENTRIES or unpacked > MAX_DOCX_UNPACKED_BYTES:
        log.warning("docx refused: %d entries, %d bytes unpacked", len(entries), unpacked)
        raise UnreadableDocument(DAMAGED_DOCX, reason="zip_bomb")
    names = [entry.filename for entry in entries]
    if len(set(names)) != len(names) or not all(map(_plain_part_name, names)):
        raise UnreadableDocument(DAMAGED_DOCX, reason="zip_paths")
    if any(entry.flag_bits & 0x1 for entry in entries):  # encrypted entries
        raise UnreadableDocument(DAMAGED_DOCX, reason="zip_encrypted")
    parts = {entry.filename: archive.read(entry) for entry in entries}
    for name, content in parts.items():
        # Word never writes DTDs; one in a part is an entity-expansion or XXE attempt.
        if name.endswith((".xml", ".rels")) and (
            _DTD.search(content) or content.startswith((b"\xff\xfe", b"\xfe\xff"))
        ):
            raise UnreadableDocument(DAMAGED_DOCX, reason="docx_dtd")
    return parts


def _plain_part_name(name: str) -> bool:
    pieces = name.split("/")
    return (
        0 < len(name) <= 255
        and not name.startswith("/")
        and "\\" not in name
        and "\x00" not in name
        and ":" not in name
        and len(pieces) <= 8
        and all(piece not in ("", ".", "..") for piece in pieces[:-1])
        and pieces[-1] not in (".", "..")
    )


def _without_fallbacks(parts: dict[str, bytes]) -> bytes:
    """The package again, minus the legacy copies Word keeps of text boxes.

    Word writes each text box twice (``mc:Choice`` for current readers, ``mc:Fallback`` in
    VML for old ones) and docx2python reads both, so every text box came out twice.
    """
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as package:
        for name, content in parts.items():
            if _TEXT_PART.match(name) and b"Fallback" in content:
                root = etree.fromstring(content, parser)
                for fallback in root.iter(f"{{{_MC_NS}}}Fallback"):
                    choice = fallback.getprevious()
                    if choice is not None and next(choice.iter(f"{{{_W_NS}}}t"), None) is not None:
                        fallback.getparent().remove(fallback)
                content = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
            package.writestr(name, content)
    return out.getvalue()


def _docx_lines(tables: list[list[list[list[str]]]]) -> Iterator[str]:
    """One line per paragraph, and per paragraph of a table cell, in document order."""
    for table in tables:
        for row in table:
            for cell in row:
                for paragraph in cell:
                    text = _DOCX_MARKERS.sub("", paragraph)
                    text = _DOCX_BULLET.sub("- ", text).strip()
                    if text:
                        yield text


# ------------------------------------------------------------------------------ pdf

# PDFium must not be entered from two threads at once, even for different documents.
_PDFIUM = threading.Lock()


@dataclass(frozen=True, slots=True)
class _PageText:
    text: str
    scanned: bool  # little or no text layer, but something drawn: worth OCR


def _read_pdf(data: bytes, *, ocr: bool) -> Document:
    with _PDFIUM:
        try:
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as error:
            if getattr(error, "err_code", None) == pdfium_raw.FPDF_ERR_PASSWORD:
                raise UnreadableDocument(ENCRYPTED_PDF, reason="encrypted") from None
            raise UnreadableDocument(DAMAGED_PDF, reason="damaged_pdf") from None
        try:
            page_count = len(pdf)
            texts = [_read_page(pdf, index) for index in range(min(page_count, MAX_PDF_PAGES_READ))]
        except pdfium.PdfiumError:
            pdf.close()
            raise UnreadableDocument(DAMAGED_PDF, reason="damaged_pdf") from None
        except BaseException:
            pdf.close()
            raise
    try:
        scanned = [index for index, page in enumerate(texts) if page.scanned]
        review: str | None = None
        ocr_used = False
        pages = [page.text for page in texts]
        if scanned:
            recognised, review = _recognise(pdf, scanned[:OCR_MAX_PAGES], ocr=ocr)
            for index, text in recognised.items():
                if len(text.strip()) > len(pages[index].strip()):
                    pages[index] = text
                    ocr_used = True
            if review is None and len(scanned) > OCR_MAX_PAGES:
                log.info("pdf scan: OCR of %d pages skipped", len(scanned) - OCR_MAX_PAGES)
    finally:
        with _PDFIUM:
            pdf.close()
    text = _clean("\n\n".join(page for page in pages if page.strip()))
    if review is not None and text.strip():
        # Some pages have a text layer; the scanned ones could not be read here.
        review = OCR_PARTIAL if len(scanned) < len(texts) else review
    if review is not None and len(scanned) == len(texts):
        text = ""  # a stray caption on a scan is not the resume: a person reads it
    return Document(kind="pdf", text=text, pages=page_count, ocr_used=ocr_used, needs_review=review)


def _read_page(pdf: pdfium.PdfDocument, index: int) -> _PageText:
    page = pdf[index]
    textpage = page.get_textpage()
    try:
        text = _layout_text(textpage)
        visible = sum(1 for char in text if not char.isspace())
        scanned = visible < SCANNED_PAGE_MAX_CHARS and _draws_something(page)
        return _PageText(text=text, scanned=scanned)
    finally:
        textpage.close()
        page.close()


def _draws_something(page: pdfium.PdfPage) -> bool:
    # An image (a scan) or many vector paths (text converted to outlines); not a blank page.
    paths = 0
    for obj in page.get_objects():
        if obj.type == pdfium_raw.FPDF_PAGEOBJ_IMAGE:
            return True
        if obj.type == pdfium_raw.FPDF_PAGEOBJ_PATH:
            paths += 1
            if paths >= 50:
                return True
    return False


# --- two-column layout

# Lines whose middles are closer than this share of their height are one line of text.
_SAME_LINE = 0.4
# A column's first line this much taller than its usual line and than any line of the other
# column is a title (the name atop a sidebar on the right): that column is read first.
_TITLE_RATIO = 1.25
# Characters closer than this share of the line's height belong to one run of words: a
# word space is about a quarter of it, the gap between two columns is wider.
_WORD_GAP = 0.35
# Narrowest gap between columns, in points (typesetting points, 1/72 inch).
_MIN_GUTTER = 4


@dataclass(slots=True)
class _Row:
    """One line of text across the whole page (all columns): what the gutter is found from."""

    top: float
    bottom: float
    center: float
    height: float
    boxes: list[tuple[float, float]]  # (left, right) of its characters
    segments: list[tuple[float, float]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Piece:
    """One line of text on one side of the gutter (or across it)."""

    text: str
    left: float
    center: float
    height: float  # of its tallest character: its font size, whatever else is on the line


_Box = tuple[float, float, float, float]  # left, bottom, right, top


def _layout_text(textpage: pdfium.PdfTextPage) -> str:
    """The page's text, column by column when it is laid out in two columns."""
    text = textpage.get_text_range()
    count = textpage.count_chars()
    if count < 80 or len(text) != count:  # short page, or indices not 1:1 with characters
        return text
    boxes: dict[int, _Box] = {}
    for index, char in enumerate(text):
        if char.isspace():
            continue
        left, bottom, right, top = textpage.get_charbox(index, loose=True)
        if right > left and top > bottom:
            boxes[index] = (left, bottom, right, top)
    if not boxes:
        return text
    gutter = _gutter(_rows(list(boxes.values())))
    if gutter is None:
        return text
    return _read_columns(text, boxes, gutter)


def _segments(spans: Iterable[tuple[float, float]], gap: float) -> list[tuple[float, float]]:
    """Horizontal spans merged where less than ``gap`` apart: the words of a line join up,
    two columns stay apart."""
    segments: list[tuple[float, float]] = []
    for left, right in sorted(spans):
        if segments and left - segments[-1][1] <= gap:
            segments[-1] = (segments[-1][0], max(segments[-1][1], right))
        else:
            segments.append((left, right))
    return segments


def _rows(boxes: list[_Box]) -> list[_Row]:
    """Characters grouped into text lines (top of the page first), words merged into
    segments: runs of characters with less than about a character's width between them."""
    rows: list[_Row] = []
    for left, bottom, right, top in sorted(boxes, key=lambda box: -(box[1] + box[3])):
        center, height = (top + bottom) / 2, top - bottom
        row = rows[-1] if rows else None
        if row is not None and abs(row.center - center) <= _SAME_LINE * max(row.height, height):
            row.boxes.append((left, right))
            row.top, row.bottom = max(row.top, top), min(row.bottom, bottom)
        else:
            rows.append(_Row(top, bottom, center, height, [(left, right)]))
    for row in rows:
        row.segments = _segments(row.boxes, _WORD_GAP * row.height)
    return rows


def _gutter(rows: list[_Row]) -> float | None:
    """x of the clearest vertical band (in the middle 80% of the text) between two real
    columns of text, or None for other pages.

    Lines above all the columns' text or below it (a name and contact line across the
    page, a footer) do not count against a band: only lines with column text both above
    and below them at that x. The gutter is the widest run (4 pt or more) of x that the
    fewest such lines cross (no more than a tenth of the lines), and the page is cut at
    its middle: a line that reaches a little into the gap is not cut through.
    """
    if len(rows) < 8:
        return None
    x_min = min(row.segments[0][0] for row in rows)
    x_max = max(row.segments[-1][1] for row in rows)
    width = x_max - x_min
    if width < 200:
        return None
    # Each line as a bitmask of the x (1 pt steps) its segments cover.
    masks = []
    for row in rows:
        mask = 0
        for left, right in row.segments:
            start, end = int(left - x_min), int(right - x_min) + 1
            mask |= ((1 << (end - start)) - 1) << start
        masks.append(mask)
    everywhere = (1 << (int(width) + 2)) - 1
    clear_below = [0] * len(masks)  # x where some line below leaves a gap
    clear = 0
    for index in range(len(masks) - 1, -1, -1):
        clear_below[index] = clear
        clear |= everywhere & ~masks[index]
    coverage = [0] * (int(width) + 3)
    clear_above = 0
    for mask, below in zip(masks, clear_below, strict=True):
        for start, end in _runs(mask & clear_above & below):
            coverage[start] += 1
            coverage[end] -= 1
        clear_above |= everywhere & ~mask
    crossing = list(itertools.accumulate(coverage))
    low, high = int(0.1 * width), int(0.9 * width)
    for allowed in range(max(1, len(rows) // 10) + 1):
        start, length = _widest_run(
            [low <= x <= high and count <= allowed for x, count in enumerate(crossing)]
        )
        if length >= _MIN_GUTTER:
            gutter = x_min + start + (length - 1) / 2
            return gutter if _two_real_columns(rows, gutter, x_min, x_max) else None
    return None


def _widest_run(flags: list[bool]) -> tuple[int, int]:
    """(start, length) of the longest run of True in ``flags``; length 0 when none."""
    best, position = (0, 0), 0
    for flag, group in itertools.groupby(flags):
        length = len(list(group))
        if flag and length > best[1]:
            best = (position, length)
        position += length
    return best


def _runs(mask: int) -> Iterator[tuple[int, int]]:
    """(start, end) of each run of set bits of ``mask``, end exclusive."""
    while mask:
        low = mask & -mask
        start = low.bit_length() - 1
        carried = mask + low  # the run's bits clear and the first bit above it is set
        end = (carried & -carried).bit_length() - 1
        yield start, end
        mask &= carried


def _two_real_columns(rows: list[_Row], gutter: float, x_min: float, x_max: float) -> bool:
    """Text on both sides of the gutter that reads like columns: several lines each, each
    side an eighth of the width or more (a narrow sidebar too), the right side's lines
    starting at one left edge (not right-aligned dates), and columns over a good part of
    the page's height."""
    left_rows = right_rows = 0
    left_edge, right_edges = x_min, Counter[int]()
    right_reach = gutter
    column_height = 0.0
    for row in rows:
        segments = row.segments
        if any(left < gutter < right for left, right in segments):
            continue
        column_height += row.height
        lefts = [segment for segment in segments if segment[1] <= gutter]
        rights = [segment for segment in segments if segment[0] >= gutter]
        if lefts:
            left_rows += 1
            left_edge = max(left_edge, max(right for _, right in lefts))
        if rights:
            right_rows += 1
            right_edges[round(rights[0][0] / 3)] += 1
            right_reach = min(right_reach, rights[0][0])
    width = x_max - x_min
    if left_rows < 3 or right_rows < 3:
        return False
    if left_edge - x_min < 0.125 * width or x_max - right_reach < 0.125 * width:
        return False
    aligned = sum(
        n for key, n in right_edges.items() if abs(key - right_edges.most_common(1)[0][0]) <= 1
    )
    if aligned < 0.5 * right_rows:
        return False
    text_height = rows[0].top - rows[-1].bottom
    return column_height >= 0.3 * text_height


def _read_columns(text: str, boxes: dict[int, _Box], gutter: float) -> str:
    """The page's lines, column by column.

    PDFium's own lines are kept whole (it knows which characters, bullets and spaces make
    a line); only a line that PDFium strung across the gutter is cut there, by characters,
    never by a rectangle that could slice through letters. Lines that cross the gutter
    (a header over both columns, a footer) cut the page into bands, read top to bottom;
    in each band the left column is read, then the right one, unless the right one starts
    with the name (the band's largest text), which a reader reads first.
    """
    across: list[_Piece] = []
    columns: tuple[list[_Piece], list[_Piece]] = ([], [])
    lines = list(_stream_lines(text))
    while lines:
        line = lines.pop(0)
        inked = [index for index in line if index in boxes]
        if not inked:
            continue
        height = max(boxes[index][3] - boxes[index][1] for index in inked)
        spans = ((boxes[index][0], boxes[index][2]) for index in inked)
        if any(left < gutter < right for left, right in _segments(spans, _WORD_GAP * height)):
            visual = list(_visual_lines(line, boxes))
            if len(visual) > 1:  # PDFium strung several lines together: each on its own
                lines[:0] = visual
            else:
                across.append(_piece(text, line, boxes))
            continue
        sides: tuple[list[int], list[int]] = ([], [])
        side: int | None = None
        for index in line:
            if index in boxes:
                left, _, right, _ = boxes[index]
                side = 0 if (left + right) / 2 < gutter else 1
            if side is not None:  # spaces go with the character before them
                sides[side].append(index)
        for side_index, indices in enumerate(sides):
            for visual in _visual_lines(indices, boxes):
                if any(index in boxes for index in visual):
                    columns[side_index].append(_piece(text, visual, boxes))
    across.sort(key=lambda piece: -piece.center)
    depths = [-piece.center for piece in across]
    bands: list[tuple[list[_Piece], list[_Piece]]] = [([], []) for _ in range(len(across) + 1)]
    for side_index, pieces in enumerate(columns):
        for piece in pieces:
            bands[bisect.bisect_left(depths, -piece.center)][side_index].append(piece)
    out: list[str] = []
    for index, (left_pieces, right_pieces) in enumerate(bands):
        first, second = left_pieces, right_pieces
        if _starts_with_the_title(right_pieces, left_pieces):
            first, second = right_pieces, left_pieces
        out += _column_lines(first)
        out += _column_lines(second)
        if index < len(across):
            out.append(across[index].text)
    return "\n".join(line for line in out if line)


def _stream_lines(text: str) -> Iterator[list[int]]:
    """Character indices of each line of PDFium's text (it ends lines with \\r\\n)."""
    line: list[int] = []
    for index, char in enumerate(text):
        if char in "\r\n":
            if line:
                yield line
            line = []
        else:
            line.append(index)
    if line:
        yield line


def _visual_lines(line: list[int], boxes: dict[int, _Box]) -> Iterator[list[int]]:
    """A PDFium line (or its part in one column) cut where it moves to another line.

    PDFium ends a line when the text moves down, but not always when the file draws the
    columns line by line across the page: then one of its lines holds a sidebar line, the
    main column's line beside it and the sidebar's next line. A character that starts back
    to the left and lower, or a full line lower, begins another line; a bullet or a
    superscript a little off the baseline does not.
    """
    run: list[int] = []
    center = size = right_end = 0.0
    for index in line:
        box = boxes.get(index)
        if box is not None:
            middle, height = (box[1] + box[3]) / 2, box[3] - box[1]
            if any(i in boxes for i in run):
                jump, scale = abs(middle - center), max(size, height)
                moved_back = box[0] < right_end - 1  # more than a kerned pair's overlap
                if jump > scale or (jump > _SAME_LINE * scale and moved_back):
                    yield run
                    run = []
            if not any(i in boxes for i in run):
                center, size = middle, height
            size = max(size, height)
            right_end = box[2]
        run.append(index)
    if run:
        yield run


def _piece(text: str, indices: list[int], boxes: dict[int, _Box]) -> _Piece:
    inked = [boxes[index] for index in indices if index in boxes]
    return _Piece(
        text="".join(text[index] for index in indices).strip(),
        left=min(box[0] for box in inked),
        center=(max(box[3] for box in inked) + min(box[1] for box in inked)) / 2,
        height=max(box[3] - box[1] for box in inked),
    )


def _column_lines(pieces: list[_Piece]) -> list[str]:
    """One column's lines top to bottom; pieces side by side on one line (a title and its
    dates written separately) joined left to right."""
    lines: list[list[_Piece]] = []
    for piece in sorted(pieces, key=lambda piece: -piece.center):
        line = lines[-1] if lines else None
        if line is not None and abs(line[0].center - piece.center) <= _SAME_LINE * max(
            line[0].height, piece.height
        ):
            line.append(piece)
        else:
            lines.append([piece])
    return [" ".join(p.text for p in sorted(line, key=lambda p: p.left)) for line in lines]


def _starts_with_the_title(column: list[_Piece], other: list[_Piece]) -> bool:
    """The column starts with a title (a name, even one wrapped on two lines): its tallest
    text, well above the column's usual line and anything in the other column. A heading
    in a slightly larger font than a sidebar's is not one."""
    if not column or not other:
        return False
    first = max(column, key=lambda piece: piece.center)
    usual = statistics.median(piece.height for piece in column)
    return (
        first.height >= max(piece.height for piece in column)
        and first.height >= _TITLE_RATIO * usual
        and first.height >= _TITLE_RATIO * max(piece.height for piece in other)
    )


# --- OCR


def _recognise(
    pdf: pdfium.PdfDocument, indices: Iterable[int], *, ocr: bool
) -> tuple[dict[int, str], str | None]:
    """Text of the scanned pages by Tesseract, and a review note when that was not possible."""
    if not ocr:
        return {}, OCR_OFF
    if shutil.which(pytesseract.pytesseract.tesseract_cmd) is None:
        log.warning("scanned resume: tesseract not found, sent to review")
        return {}, OCR_UNAVAILABLE
    deadline = time.monotonic() + OCR_TIMEOUT_S
    recognised: dict[int, str] = {}
    for index in indices:
        remaining = deadline - time.monotonic()
        if remaining <= 1:
            log.warning("scanned resume: OCR time budget spent after %d pages", len(recognised))
            return recognised, None if any(t.strip() for t in recognised.values()) else OCR_TOO_SLOW
        with _PDFIUM:
            image = _render(pdf, index)
        try:
            page = _deskewed(_prepared(image))
            recognised[index] = tidy_ocr_text(
                pytesseract.image_to_string(
                    page, lang="eng", config=OCR_CONFIG, timeout=deadline - time.monotonic()
                )
            )
        except pytesseract.TesseractNotFoundError:
            log.warning("scanned resume: tesseract not found, sent to review")
            return {}, OCR_UNAVAILABLE
        except pytesseract.TesseractError as error:
            if "language" in str(error.message).lower():  # tesseract-ocr-eng missing
                log.warning("scanned resume: tesseract has no English data, sent to review")
                return {}, OCR_UNAVAILABLE
            log.warning("scanned resume: tesseract failed on a page (status %s)", error.status)
        except RuntimeError:  # pytesseract's timeout
            log.warning("scanned resume: OCR timed out after %d pages", len(recognised))
            return recognised, None if any(t.strip() for t in recognised.values()) else OCR_TOO_SLOW
    return recognised, None


def _render(pdf: pdfium.PdfDocument, index: int) -> Image.Image:
    page = pdf[index]
    try:
        width, height = page.get_size()
        scale = OCR_DPI / 72
        pixels = width * scale * height * scale
        if pixels > OCR_MAX_PIXELS:
            scale *= math.sqrt(OCR_MAX_PIXELS / pixels)
        bitmap = page.render(scale=scale, grayscale=True)
        try:
            return bitmap.to_pil().copy()  # to_pil shares the bitmap's buffer, closed next
        finally:
            bitmap.close()
    finally:
        page.close()


def _prepared(image: Image.Image) -> Image.Image:
    """The page as clean black text on white: what Tesseract reads best.

    A scan's grain and JPEG speckles become stray letters and break words apart when
    Tesseract binarises the page itself ("Salt Lake Gi" for "Salt Lake City"), so a
    3 px median filter takes them out first. A photo of a page is lit unevenly; its
    background (the page's lightest tone around each spot) is subtracted so one threshold,
    Otsu's, suits the whole page.
    """
    gray = image.convert("L").filter(ImageFilter.MedianFilter(3))
    background = (
        gray.reduce(16)
        .filter(ImageFilter.MaxFilter(5))
        .filter(ImageFilter.GaussianBlur(2))
        .resize(gray.size, Image.Resampling.BILINEAR)
    )
    flat = ImageChops.subtract(gray, background, scale=1.0, offset=255)
    threshold = _otsu(flat.histogram())
    return flat.point(lambda value: 255 if value > threshold else 0)


def _deskewed(page: Image.Image) -> Image.Image:
    """The page straightened when it lies tilted (a photo, a sheet fed askew): Tesseract
    follows a small tilt but splits and drops lines beyond a degree or two.

    The tilt is the angle at which the page's rows are most uneven, dark text lines
    alternating with white gaps (the projection profile), found on a quarter-size copy.
    """
    small = page.reduce(4)

    def unevenness(angle: float, size: tuple[int, int] = (1, small.height)) -> float:
        turned = small.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=255)
        sums = list(turned.resize(size, Image.Resampling.BOX).getdata())
        mean = sum(sums) / len(sums)
        return sum((value - mean) ** 2 for value in sums) / len(sums)

    level = unevenness(0.0)
    best, best_score = 0.0, level
    for step in range(-_MAX_SKEW * 2, _MAX_SKEW * 2 + 1):
        angle = step / 2
        if angle and (score := unevenness(angle)) > best_score:
            best, best_score = angle, score
    for angle in (best - 0.25, best + 0.25):  # a quarter degree either side
        if (score := unevenness(angle)) > best_score:
            best, best_score = angle, score
    if abs(best) < 0.5 or best_score < 1.1 * level:
        return page
    if unevenness(0.0, (small.width, 1)) > best_score:
        return page  # lines run down the page: it lies sideways, and Tesseract turns it
    return page.rotate(best, resample=Image.Resampling.BICUBIC, fillcolor=255)


def _otsu(histogram: list[int]) -> int:
    """The grey level that best splits ``histogram`` into two classes (Otsu, 1979)."""
    total = sum(histogram)
    weighted = sum(level * count for level, count in enumerate(histogram))
    below = below_weighted = 0
    best, threshold = -1.0, 127
    for level, count in enumerate(histogram):
        below += count
        if below == 0:
            continue
        above = total - below
        if above == 0:
            break
        below_weighted += level * count
        gap = below_weighted / below - (weighted - below_weighted) / above
        spread = below * above * gap * gap
        if spread > best:
            best, threshold = spread, level
    return threshold
