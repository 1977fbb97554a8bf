"""Resume files to text (data_layer/resumes/documents.py), on real files made here:
PDFs drawn with reportlab, Word files written with python-docx, scans rendered with PIL
and read back by the Tesseract of this machine."""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import docx
import pytesseract
import pytest
import reportlab
from docx.oxml import parse_xml
from PIL import Image, ImageChops, ImageDraw, ImageFont
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
    options.setdefault("pagesize", letter)
    pdf = canvas.Canvas(buffer, **options)
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


# What a layout draws: (x, y, font, size, text). Drawn top to bottom across the page, as
# many exporters write table-based layouts, so the file's own order is line by line
# across both columns and only the reader can put each column back together.
Drawn = list[tuple[float, float, str, float, str]]


def _layout_pdf(pages: list[Drawn], shade: tuple[float, float] | None = None) -> bytes:
    def draw(pdf: canvas.Canvas, page: int) -> None:
        if shade is not None and page == 0:  # a sidebar on a tinted block, as templates do
            pdf.setFillColorRGB(0.93, 0.95, 0.97)
            pdf.rect(shade[0], 0, shade[1] - shade[0], HEIGHT, stroke=0, fill=1)
            pdf.setFillColorRGB(0, 0, 0)
        for x, y, font, size, line in sorted(pages[page], key=lambda item: (-item[1], item[0])):
            pdf.setFont(font, size)
            pdf.drawString(x, y, line)

    return _pdf(draw, pages=len(pages))


def _column(x: float, top: float, leading: float, lines: list[str], size: float = 10) -> Drawn:
    return [
        (x, top - index * leading, "Helvetica-Bold" if line.isupper() else "Helvetica", size, line)
        for index, line in enumerate(lines)
    ]


RIGHT_SIDEBAR = [
    "Maria T. Alvarez, RN",
    "Boston, MA 02114",
    "maria.alvarez@example.com",
    "(617) 555-0148",
    "LICENSES",
    "State of Massachusetts RN",
    "2287415, expires 09/30/2027",
    "CERTIFICATIONS",
    "BLS - AHA, exp 03/2027",
    "ACLS - AHA, exp 03/2027",
    "SKILLS",
    "- Epic, Meditech",
    "- Wound care",
    "- Telemetry monitoring",
]
MAIN_COLUMN = [
    "PROFESSIONAL EXPERIENCE",
    "Registered Nurse, Medical-Surgical",
    "Massachusetts General Hospital, Boston, MA",
    "June 2021 - Present",
    "- Cared for 5-6 post-surgical patients per shift on a 36-bed unit, including",
    "wound vacs, PCA pumps, chest tubes and new ostomies; charted it all in Epic",
    "- Served as charge nurse on night shift for 14 staff members",
    "Staff Nurse, Telemetry",
    "Beth Israel Deaconess Medical Center, Boston, MA",
    "May 2019 - May 2021",
    "- Monitored cardiac rhythms for 4 telemetry patients per shift on nights, too",
    "- Precepted new graduate nurses through their orientation",
    "EDUCATION",
    "Bachelor of Science in Nursing",
    "Northeastern University, Boston, MA, 2019",
]
SECOND_PAGE = [
    "Travel Nurse, Progressive Care Unit, Tufts Medical Center, Boston, MA",
    "- Took 3-4 step-down patients per shift with titratable drips and telemetry",
    "- Floated to the cardiac and neuro step-down units when census required it",
    "Nursing Assistant, Brigham and Women's Hospital, Boston, MA",
    "- Helped 10-12 patients per shift with activities of daily living",
    "- Recorded vital signs, intake and output in Epic for the nursing team",
]


def test_right_sidebar_is_read_whole_with_the_name_first_and_page_two_after() -> None:
    # The sidebar (name at its top, 16 pt) sits on the right of the page on a tinted block
    # and has its own line spacing; page two runs across the whole width.
    sidebar = _column(392, HEIGHT - 90, 12, RIGHT_SIDEBAR[1:], size=8.5)
    sidebar.append((392, HEIGHT - 66, "Helvetica-Bold", 16, RIGHT_SIDEBAR[0]))
    main = _column(40, HEIGHT - 64, 15, MAIN_COLUMN)
    second = _column(40, HEIGHT - 64, 15, SECOND_PAGE)
    second.append((WIDTH - 40 - 80, HEIGHT - 64, "Helvetica", 10, "2017 - 2019"))

    document = read_document(_layout_pdf([main + sidebar, second], shade=(384, WIDTH)))

    # Each column whole and in order, the name first: the sidebar's license is not read
    # into a job. Page two is one column: its first line keeps its right-aligned dates.
    first_page, second_page = document.text.split("\n\n")
    assert first_page.splitlines() == [*RIGHT_SIDEBAR, *MAIN_COLUMN]
    assert second_page.splitlines() == [f"{SECOND_PAGE[0]} 2017 - 2019", *SECOND_PAGE[1:]]
    assert document.pages == 2


NARROW_SIDEBAR = [
    "CONTACT",
    "(512) 555-0142",
    "Austin, TX 78701",
    "LICENSES",
    "RN, Texas (NLC)",
    "No. 884471",
    "Exp 05/31/2027",
    "CERTS",
    "BLS, exp 03/2026",
    "ACLS, exp 03/2026",
    "SKILLS",
    "Epic, Cerner",
    "CRRT, Telemetry",
]


def test_narrow_left_sidebar_is_read_before_the_main_column() -> None:
    # A sidebar under a sixth of the text's width, shaded, beside a wide main column.
    sidebar = _column(40, HEIGHT - 70, 13, NARROW_SIDEBAR, size=8)
    main = _column(150, HEIGHT - 72, 16, MAIN_COLUMN)

    document = read_document(_layout_pdf([sidebar + main], shade=(32, 136)))

    assert document.text.splitlines() == [*NARROW_SIDEBAR, *MAIN_COLUMN]


HEADER = [
    "Dana Whitfield, BSN, RN - Critical Care Registered Nurse, Travel ICU",
    "dana.whitfield@example.com | (512) 555-0142 | Austin, TX 78701",
    "Open to 13-week travel contracts in Texas, Colorado and Arizona",
    "Compact RN license (Texas), ACLS and CCRN, 8 years of adult ICU",
]


def test_full_width_header_stays_first_and_whole_above_two_columns() -> None:
    # Four lines across the page above a sidebar and a main column: a header taller than a
    # tenth of the page's lines must not hide the gutter below it, nor be cut in two.
    header = [
        (54, HEIGHT - 50 - index * 16, "Helvetica", 11, line) for index, line in enumerate(HEADER)
    ]
    sidebar = _column(54, HEIGHT - 130, 17, LEFT_COLUMN)
    main = _column(250, HEIGHT - 134, 21, RIGHT_COLUMN, size=11)

    document = read_document(_layout_pdf([header + sidebar + main]))

    assert document.text.splitlines() == [*HEADER, *LEFT_COLUMN, *RIGHT_COLUMN]


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


def _grainy_scan(lines: list[str], *, tilt: float = 1.2, turn: int = 0) -> bytes:
    """A page as an office scanner makes it: 200 dpi, a little tilted, grain and specks,
    saved as a JPEG; ``turn`` degrees (counterclockwise) for a page photographed sideways."""
    image = Image.new("L", (1700, 2200), 250)
    pen = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(VERA), 26)
    for index, line in enumerate(lines):
        pen.text((170, 200 + index * 46), line, font=font, fill=25)
    image = image.rotate(tilt, resample=Image.Resampling.BICUBIC, fillcolor=250)
    image = image.rotate(turn, expand=True)
    grain = Image.effect_noise(image.size, 10)  # grey around 128
    image = ImageChops.add(image, grain, scale=1.0, offset=-128)
    specks = Image.effect_noise(image.size, 38).point(lambda v: 0 if v < 5 else 255)
    image = ImageChops.darker(image, specks)
    jpeg = io.BytesIO()
    image.save(jpeg, format="JPEG", quality=50)
    jpeg.seek(0)
    width, height = (WIDTH, HEIGHT) if turn % 180 == 0 else (HEIGHT, WIDTH)
    return _pdf(
        lambda pdf, _: pdf.drawImage(ImageReader(jpeg), 0, 0, width, height),
        pagesize=(width, height),
    )


GRAINY_RESUME = [
    "Guadalupe J. Chen",
    "guadalupechen54@outlook.com | 619-540-4952 | Salt Lake City, UT",
    "Licenses",
    "LPN, NY, #499950, exp 02/2028",
    "Michigan LPN License: 4704-162613; Expiration: 9/2027",
    "LPN, FL, #PN8960637",
    "Employment History",
    "2022 - 2023 LPN, NewYork-Presbyterian Brooklyn Methodist Hospital, Brooklyn, NY",
    "Clinical Nurse III, Duke University Hospital, Durham, NC",
]


@pytest.mark.skipif(
    shutil.which(pytesseract.pytesseract.tesseract_cmd) is None,
    reason="Tesseract is not installed (make ocr installs Debian's tesseract-ocr)",
)
def test_a_grainy_tilted_scan_is_read_line_for_line() -> None:
    # Read as it comes, the grain turned into stray letters and broke words apart
    # ("dvadaupetene eo com" for the address); the page is cleaned before Tesseract reads it.
    document = read_document(_grainy_scan(GRAINY_RESUME))

    assert document.ocr_used and document.needs_review is None
    lines = document.text.splitlines()
    assert lines[:3] == GRAINY_RESUME[:3]  # the name, the address and phone, a heading
    for value in ("#499950", "4704-162613", "#PN8960637", "Clinical Nurse III, Duke"):
        assert value in document.text


@pytest.mark.skipif(
    shutil.which(pytesseract.pytesseract.tesseract_cmd) is None,
    reason="Tesseract is not installed (make ocr installs Debian's tesseract-ocr)",
)
@pytest.mark.parametrize(
    ("tilt", "turn"),
    [(6.0, 0), (-5.0, 0), (1.0, 90), (0.5, 180)],
    ids=["tilted left", "tilted right", "sideways", "upside down"],
)
def test_a_photographed_page_is_read_however_it_lies(tilt: float, turn: int) -> None:
    # Tesseract read nothing of a page on its side or upside down, and split and dropped
    # the lines of one tilted by more than a degree or two.
    document = read_document(_grainy_scan(GRAINY_RESUME, tilt=tilt, turn=turn))

    for value in ("Guadalupe", "#499950", "4704-162613", "#PN8960637", "Brooklyn Methodist"):
        assert value in document.text


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
