"""Resume files to text (data_layer/resumes/documents.py), on real files made here:
PDFs drawn with reportlab, Word files written with python-docx, scans rendered with PIL
and read back by the Tesseract of this machine."""

from __future__ import annotations

import io
import os
import shutil
import time
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import docx
import pytesseract
import pytest
import reportlab
from docx.oxml import parse_xml
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib import pdfencrypt
from reportlab.lib.pagesizes import letter
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from data_layer.resumes.documents import (
    MAX_RESUME_BYTES,
    NO_TEXT,
    OCR_UNAVAILABLE,
    UNSUPPORTED,
    Document,
    UnreadableDocument,
    read_document,
)

WIDTH, HEIGHT = letter
VERA = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"


def _pdf(draw: Callable[[canvas.Canvas, int], None], pages: int = 1, **options: object) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=letter, **options)
    for page in range(pages):
        draw(pdf, page)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _positions(text: str, needles: list[str]) -> list[int]:
    positions = [text.find(needle) for needle in needles]
    assert -1 not in positions, (
        f"missing {[n for n, p in zip(needles, positions, strict=True) if p < 0]}"
    )
    return positions


# ------------------------------------------------------------------------------ PDF


def _one_column(pdf: canvas.Canvas, page: int) -> None:
    y = HEIGHT - 60
    pdf.setFont("Helvetica-Bold", 15)
    if page == 0:
        pdf.drawString(72, y, "Dana Whitfield, BSN, RN")
        y -= 20
        pdf.setFont("Helvetica", 10)
        pdf.drawString(72, y, "dana.whitfield@example.com | (512) 555-0142 | Austin, TX")
        y -= 28
    for job in range(5):
        pdf.setFont("Helvetica-Bold", 11)
        pdf.drawString(72, y, f"Staff Nurse {page}.{job}, St. Luke's Medical Center")
        # Dates right-aligned on the title's line: a single-column layout, not two columns.
        pdf.drawRightString(WIDTH - 72, y, f"Jan 201{job} - Dec 201{job + 1}")
        y -= 15
        pdf.setFont("Helvetica", 10)
        for bullet in range(5):
            pdf.drawString(
                84,
                y,
                f"- Duty {page}.{job}.{bullet}: cared for 4-5 telemetry patients per shift, "
                "titrated drips, charge nurse rotation",
            )
            y -= 13
        y -= 8


def test_one_column_pdf_keeps_its_reading_order() -> None:
    document = read_document(_pdf(_one_column, pages=2))

    assert (document.kind, document.pages, document.ocr_used) == ("pdf", 2, False)
    assert document.needs_review is None
    lines = document.text.splitlines()
    assert lines[0] == "Dana Whitfield, BSN, RN"
    # Each title keeps its dates on its own line, and pages follow each other.
    assert "Staff Nurse 0.3, St. Luke's Medical Center Jan 2013 - Dec 2014" in lines
    order = [
        f"Duty {page}.{job}.{bullet}:" for page in (0, 1) for job in range(5) for bullet in (0, 4)
    ]
    positions = _positions(document.text, order)
    assert positions == sorted(positions)


LEFT_COLUMN = [
    "CONTACT",
    "(512) 555-0142",
    "dana.whitfield@example.com",
    "LICENSES",
    "RN, Texas (compact)",
    "License 884471",
    "Expires 05/2027",
    "CERTIFICATIONS",
    "BLS - AHA, exp 03/2026",
    "ACLS - AHA, exp 03/2026",
    "PALS - AHA",
    "SKILLS",
    "Epic, Cerner",
    "Telemetry, CRRT",
]
RIGHT_COLUMN = [
    "EXPERIENCE",
    "ICU Registered Nurse",
    "St. Luke's Medical Center, Houston, TX",
    "June 2021 - Present",
    "Cared for 2 critically ill adults per shift on",
    "ventilators, CRRT and vasoactive drips.",
    "Telemetry Nurse",
    "Baylor Scott & White, Temple, TX",
    "March 2018 - May 2021",
    "Precepted new graduate nurses on a 32-bed",
    "cardiac step-down unit.",
    "EDUCATION",
    "Bachelor of Science in Nursing",
    "University of Texas at Austin, 2018",
]


def _two_columns(pdf: canvas.Canvas, page: int) -> None:
    pdf.setFont("Helvetica-Bold", 18)
    pdf.drawString(54, HEIGHT - 60, "Dana Whitfield, BSN, RN - Critical Care Nurse")
    # A sidebar and a main column with different line heights: their lines do not align.
    pdf.setFont("Helvetica", 10)
    for index, line in enumerate(LEFT_COLUMN):
        pdf.drawString(54, HEIGHT - 100 - index * 17, line)
    pdf.setFont("Helvetica", 11)
    for index, line in enumerate(RIGHT_COLUMN):
        pdf.drawString(250, HEIGHT - 104 - index * 21, line)


def test_two_column_pdf_is_read_left_column_then_right_column() -> None:
    document = read_document(_pdf(_two_columns))

    text = document.text
    lines = text.splitlines()
    assert lines[0] == "Dana Whitfield, BSN, RN - Critical Care Nurse"
    # Each column's lines are whole lines of their own, in order, left column first.
    left = _positions(text, LEFT_COLUMN)
    right = _positions(text, RIGHT_COLUMN)
    assert left == sorted(left) and right == sorted(right)
    assert max(left) < min(right)
    assert set(LEFT_COLUMN + RIGHT_COLUMN) <= set(lines)


def test_a_two_page_text_pdf_is_read_in_well_under_a_second() -> None:
    data = _pdf(_one_column, pages=2)
    read_document(data)  # warm: first use loads PDFium

    started = time.perf_counter()
    for _ in range(5):
        read_document(data)
    assert (time.perf_counter() - started) / 5 < 0.25


def test_pdfs_read_from_many_threads_at_once_come_out_whole() -> None:
    # Uploads are read in worker threads; PDFium itself must only be entered by one at a time.
    files = [_pdf(_two_columns), _pdf(_one_column, pages=2)] * 16
    expected = [read_document(data).text for data in files[:2]] * 16

    with ThreadPoolExecutor(max_workers=8) as pool:
        texts = [document.text for document in pool.map(read_document, files)]

    assert texts == expected


def _scan(lines: list[str]) -> bytes:
    """A page as a scanner makes it: one 300 dpi image, no text layer."""
    image = Image.new("L", (2550, 3300), 255)
    pen = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(VERA), 48)
    for index, line in enumerate(lines):
        pen.text((250, 300 + index * 110), line, font=font, fill=0)
    png = io.BytesIO()
    image.save(png, format="PNG")
    png.seek(0)
    return _pdf(lambda pdf, _: pdf.drawImage(ImageReader(png), 0, 0, WIDTH, HEIGHT))


SCANNED_RESUME = [
    "Dana Whitfield, Registered Nurse",
    "Texas RN License 884471, expires 05/31/2027",
    "BLS and ACLS, American Heart Association",
    "ICU Staff Nurse, St. Luke's Medical Center",
]


@pytest.mark.skipif(
    shutil.which(pytesseract.pytesseract.tesseract_cmd) is None,
    reason="Tesseract is not installed (make ocr installs Debian's tesseract-ocr)",
)
def test_scanned_pdf_is_read_by_ocr() -> None:
    document = read_document(_scan(SCANNED_RESUME))

    assert (document.kind, document.pages, document.ocr_used) == ("pdf", 1, True)
    assert document.needs_review is None
    for word in ("Whitfield", "Registered Nurse", "884471", "ACLS", "Medical Center"):
        assert word in document.text


def test_scanned_pdf_without_tesseract_needs_review(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")

    document = read_document(_scan(SCANNED_RESUME))

    assert document == Document(
        kind="pdf", text="", pages=1, ocr_used=False, needs_review=OCR_UNAVAILABLE
    )


def test_scanned_pdf_with_tesseract_off_path_needs_review(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # the default command "tesseract" is not found

    document = read_document(_scan(SCANNED_RESUME))

    assert (document.text, document.needs_review) == ("", OCR_UNAVAILABLE)


def test_encrypted_pdf_is_refused() -> None:
    locked = pdfencrypt.StandardEncryption("open-sesame", ownerPassword="owner")
    data = _pdf(lambda pdf, _: pdf.drawString(72, 700, "Dana Whitfield, RN"), encrypt=locked)

    with pytest.raises(UnreadableDocument, match="password-protected") as refused:
        read_document(data)
    assert refused.value.reason == "encrypted"


def test_pdf_with_no_text_at_all_is_refused() -> None:
    with pytest.raises(UnreadableDocument) as refused:
        read_document(_pdf(lambda pdf, _: None))
    assert str(refused.value) == NO_TEXT


def test_damaged_pdf_is_refused() -> None:
    with pytest.raises(UnreadableDocument, match="damaged"):
        read_document(b"%PDF-1.7\n" + os.urandom(4000))


# ------------------------------------------------------------------------------ DOCX

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
# A text box as Word writes it: the DrawingML shape, and a VML copy for old readers.
TEXT_BOX = f"""<w:r {W}
 xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
 xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
 xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"
 xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
 xmlns:v="urn:schemas-microsoft-com:vml"><mc:AlternateContent>
<mc:Choice Requires="wps"><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0"
 simplePos="0" relativeHeight="1" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">
<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset>
</wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset>
</wp:positionV><wp:extent cx="2000000" cy="800000"/><wp:wrapSquare wrapText="bothSides"/>
<wp:docPr id="10" name="Text Box 10"/><a:graphic><a:graphicData
 uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>
<wps:cNvSpPr txBox="1"/><wps:spPr><a:prstGeom prst="rect"/></wps:spPr><wps:txbx>
<w:txbxContent><w:p><w:r><w:t>CERTIFICATIONS</w:t></w:r></w:p>
<w:p><w:r><w:t>BLS - American Heart Association, exp 03/2026</w:t></w:r></w:p>
</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor>
</w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape id="Text Box 10" type="#_x0000_t202">
<v:textbox><w:txbxContent><w:p><w:r><w:t>CERTIFICATIONS</w:t></w:r></w:p>
<w:p><w:r><w:t>BLS - American Heart Association, exp 03/2026</w:t></w:r></w:p>
</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"""


def _docx() -> bytes:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Dana Whitfield | (512) 555-0142"
    document.add_paragraph("Dana Whitfield, BSN, RN")
    document.add_paragraph("ICU Registered Nurse, St. Luke's Medical Center, June 2021 - Present")
    table = document.add_table(rows=2, cols=4)
    for row, values in enumerate([["License", "State", "Number", "Expires"],
                                  ["RN", "TX", "884471", "05/2027"]]):  # fmt: skip
        for column, value in enumerate(values):
            table.cell(row, column).text = value
    anchor = document.add_paragraph("Certifications are listed in the box.")
    anchor._p.append(parse_xml(TEXT_BOX))
    document.add_paragraph("Skills: Epic, telemetry, CRRT", style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_with_a_table_and_a_text_box_is_read_completely_and_once() -> None:
    document = read_document(_docx())

    assert (document.kind, document.pages, document.ocr_used) == ("docx", 1, False)
    lines = document.text.splitlines()
    expected = [
        "Dana Whitfield | (512) 555-0142",
        "Dana Whitfield, BSN, RN",
        "ICU Registered Nurse, St. Luke's Medical Center, June 2021 - Present",
        "License",
        "Number",
        "884471",
        "05/2027",
        "CERTIFICATIONS",
        "BLS - American Heart Association, exp 03/2026",
        "Certifications are listed in the box.",
        "Skills: Epic, telemetry, CRRT",
    ]
    positions = [lines.index(line) for line in expected]
    assert positions == sorted(positions)
    # Word keeps a second (VML) copy of every text box: it is not read twice.
    assert document.text.count("BLS - American Heart Association") == 1
    assert len(lines) == len(set(lines))  # every line once


def _zip(entries: dict[str, bytes], *, bomb: tuple[str, int] | None = None) -> bytes:
    content_types = (
        b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        b'content-types"><Override PartName="/word/document.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        for name, content in entries.items():
            archive.writestr(name, content)
        if bomb is not None:
            name, megabytes = bomb
            with archive.open(name, "w", force_zip64=True) as part:
                for _ in range(megabytes):
                    part.write(b"\0" * (1024 * 1024))
    return buffer.getvalue()


def test_zip_bomb_docx_is_refused_without_unpacking(monkeypatch: pytest.MonkeyPatch) -> None:
    data = _zip({}, bomb=("word/document.xml", 60))
    assert len(data) < 200_000  # 60 MB of zeros packs small

    def no_unpacking(*_: object, **__: object) -> None:
        raise AssertionError("a part was unpacked")

    monkeypatch.setattr(zipfile.ZipFile, "open", no_unpacking)
    with pytest.raises(UnreadableDocument, match="unusually large") as refused:
        read_document(data)
    assert refused.value.reason == "zip_bomb"


def test_docx_with_thousands_of_parts_is_refused() -> None:
    data = _zip({f"word/media/part{index}.xml": b"<a/>" for index in range(2500)})
    with pytest.raises(UnreadableDocument) as refused:
        read_document(data)
    assert refused.value.reason == "zip_bomb"


@pytest.mark.parametrize(
    "name", ["../evil.xml", "/etc/cron.d/evil", "word\\..\\evil.xml", "word//document.xml"]
)
def test_docx_with_odd_paths_is_refused(name: str) -> None:
    with pytest.raises(UnreadableDocument) as refused:
        read_document(_zip({name: b"<a/>"}))
    assert refused.value.reason == "zip_paths"


def test_docx_with_a_dtd_is_refused() -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>"
    )
    with pytest.raises(UnreadableDocument) as refused:
        read_document(_zip({"word/document.xml": laughs}))
    assert refused.value.reason == "docx_dtd"


def test_zip_that_is_not_a_word_document_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("resume.txt", "Dana Whitfield, RN")
    with pytest.raises(UnreadableDocument) as refused:
        read_document(buffer.getvalue())
    assert str(refused.value) == UNSUPPORTED


# ------------------------------------------------------------------------------ text


def test_utf8_text_keeps_its_line_breaks_and_loses_control_characters() -> None:
    data = "Dana Whitfield, RN\r\nRN – Texas\x00 884471\rBLS · ACLS\n\n\n\nÉcole\x07 \n".encode()

    document = read_document(data)

    assert document == Document(
        kind="text",
        text="Dana Whitfield, RN\nRN – Texas 884471\nBLS · ACLS\n\nÉcole",
        pages=1,
        ocr_used=False,
        needs_review=None,
    )


def test_cp1252_text_is_read() -> None:
    data = "José Núñez, RN\r\nSt. Luke’s – ICU\r\n".encode("cp1252")

    assert read_document(data).text == "José Núñez, RN\nSt. Luke’s – ICU"


def test_utf16_text_with_a_bom_is_read() -> None:
    data = "Dana Whitfield, RN\nBLS exp 03/2026\n".encode("utf-16")

    assert read_document(data).text == "Dana Whitfield, RN\nBLS exp 03/2026"


# ------------------------------------------------------------------------------ refused


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def _exe() -> bytes:
    header = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48
    return header + b"This program cannot be run in DOS mode.\r\r\n$" + os.urandom(2000)


@pytest.mark.parametrize("make", [_png, _exe], ids=["png", "exe"])
def test_image_or_program_named_pdf_is_refused(make: Callable[[], bytes]) -> None:
    # Only the bytes are given: a "resume.pdf" that is a PNG or a program is neither.
    with pytest.raises(UnreadableDocument) as refused:
        read_document(make())
    assert str(refused.value) == UNSUPPORTED


@pytest.mark.parametrize("data", [b"", b"   \n\t \r\n", "\ufeff  \n".encode()])
def test_empty_or_blank_file_is_refused(data: bytes) -> None:
    with pytest.raises(UnreadableDocument) as refused:
        read_document(data)
    assert "empty" in str(refused.value) or str(refused.value) == NO_TEXT


def test_file_over_5_mb_is_refused() -> None:
    data = b"Dana Whitfield, RN\n" * (MAX_RESUME_BYTES // 19 + 1)
    assert len(data) > MAX_RESUME_BYTES
    with pytest.raises(UnreadableDocument, match="larger than 5 MB") as refused:
        read_document(data)
    assert refused.value.reason == "too_large"
    assert read_document(data[:MAX_RESUME_BYTES]).kind == "text"
