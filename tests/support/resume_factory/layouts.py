"""Render an outline to a file: one-column PDF, two-column PDF, DOCX, plain text, scanned PDF."""

from __future__ import annotations

import io
import random
from xml.sax.saxutils import escape

from docx import Document as DocxDocument
from docx.oxml import parse_xml
from docx.shared import Pt
from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    FrameBreak,
    NextPageTemplate,
    PageTemplate,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
)

from tests.support.resume_factory.outline import Line, Outline, Section


def render_text(outline: Outline, rng: random.Random) -> bytes:
    out = [
        outline.name_line,
        " | ".join(outline.contact) if rng.random() < 0.5 else "\n".join(outline.contact),
        "",
    ]
    for section in outline.sections:
        out.append(section.heading.upper() if rng.random() < 0.5 else section.heading)
        if rng.random() < 0.3:
            out.append("-" * len(section.heading))
        for line in section.lines:
            out.append(f"{outline.bullet} {line.text}" if line.kind == "bullet" else line.text)
        out.append("")
    newline = "\r\n" if rng.random() < 0.2 else "\n"
    return newline.join(out).encode("utf-8")


def _styles(base: float) -> dict[str, ParagraphStyle]:
    return {
        "title": ParagraphStyle(
            "title", fontName="Helvetica-Bold", fontSize=base + 8, leading=base + 11, spaceAfter=4
        ),
        "heading": ParagraphStyle(
            "heading",
            fontName="Helvetica-Bold",
            fontSize=base + 2,
            leading=base + 5,
            spaceBefore=8,
            spaceAfter=3,
            textColor=colors.HexColor("#1f4e79"),
        ),
        "line": ParagraphStyle("line", fontName="Helvetica", fontSize=base, leading=base + 3),
        "strong": ParagraphStyle(
            "strong", fontName="Helvetica-Bold", fontSize=base, leading=base + 3, spaceBefore=4
        ),
        "bullet": ParagraphStyle(
            "bullet",
            fontName="Helvetica",
            fontSize=base,
            leading=base + 3,
            leftIndent=12,
            bulletIndent=2,
        ),
    }


def _flow(section: Section, outline: Outline, styles: dict[str, ParagraphStyle]) -> list:
    flow: list = [Paragraph(escape(section.heading), styles["heading"])]
    for line in section.lines:
        flow.append(_para(line, outline, styles))
    return flow


def _para(line: Line, outline: Outline, styles: dict[str, ParagraphStyle]) -> Paragraph:
    if line.kind == "bullet":
        return Paragraph(escape(line.text), styles["bullet"], bulletText=outline.bullet)
    return Paragraph(escape(line.text), styles[line.kind])


def render_pdf_one_column(outline: Outline, rng: random.Random) -> bytes:
    buf = io.BytesIO()
    margin = rng.choice([0.6, 0.75, 1.0]) * inch
    doc = SimpleDocTemplate(
        buf,
        pagesize=LETTER,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title="Resume",
    )
    styles = _styles(rng.choice([9.5, 10.0, 10.5, 11.0]))
    story: list = [Paragraph(escape(outline.name_line), styles["title"])]
    story.append(
        Paragraph(escape(rng.choice([" | ", "  •  ", " · "]).join(outline.contact)), styles["line"])
    )
    for section in outline.sections:
        story += _flow(section, outline, styles)
    doc.build(story)
    return buf.getvalue()


def render_pdf_two_column(outline: Outline, rng: random.Random) -> bytes:
    """Sidebar (contact, licenses, certifications, skills) beside the main column."""
    buf = io.BytesIO()
    width, height = LETTER
    margin = 0.5 * inch
    side_w = rng.choice([2.2, 2.4, 2.6]) * inch
    gap = 0.25 * inch
    side_left = rng.random() < 0.75
    side_x = margin if side_left else width - margin - side_w
    main_x = margin + side_w + gap if side_left else margin
    main_w = width - 2 * margin - side_w - gap
    side = Frame(side_x, margin, side_w, height - 2 * margin, id="side", showBoundary=0)
    main = Frame(main_x, margin, main_w, height - 2 * margin, id="main")
    rest = Frame(margin, margin, width - 2 * margin, height - 2 * margin, id="rest")

    def shade(canvas, _doc) -> None:  # type: ignore[no-untyped-def]
        canvas.saveState()
        canvas.setFillColor(colors.HexColor("#eef2f7"))
        canvas.rect(side_x - 6, 0, side_w + 12, height, stroke=0, fill=1)
        canvas.restoreState()

    doc = BaseDocTemplate(buf, pagesize=LETTER, title="Resume")
    doc.addPageTemplates(
        [PageTemplate("first", [side, main], onPage=shade), PageTemplate("rest", [rest])]
    )
    side_styles = _styles(8.0)
    main_styles = _styles(rng.choice([9.5, 10.0]))
    story: list = [Paragraph(escape(outline.name_line), side_styles["title"])]
    story += [Paragraph(escape(c), side_styles["line"]) for c in outline.contact]
    side_keys = ("licenses", "certifications", "skills")
    for section in outline.sections:
        if section.key in side_keys:
            if section.key == "skills":
                story.append(Paragraph(escape(section.heading), side_styles["heading"]))
                story += [
                    Paragraph(escape(s), side_styles["bullet"], bulletText=outline.bullet)
                    for s in section.skills
                ]
            else:
                story += _flow(section, outline, side_styles)
    story += [NextPageTemplate("rest"), FrameBreak()]
    for section in outline.sections:
        if section.key not in side_keys:
            story += _flow(section, outline, main_styles)
            story.append(Spacer(1, 2))
    doc.build(story)
    return buf.getvalue()


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = (
    f'xmlns:w="{_W}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"'
)


def _text_box_xml(lines: list[str], box_id: int, with_fallback: bool) -> str:
    """A floating text box as Word writes it: DrawingML, with a VML copy for old readers."""
    paras = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{escape(t)}</w:t></w:r></w:p>' for t in lines
    )
    content = f"<w:txbxContent>{paras}</w:txbxContent>"
    cx, cy = 2286000, 228600 * (len(lines) + 1)
    choice = (
        '<mc:Choice Requires="wps"><w:drawing>'
        '<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" '
        f'relativeHeight="{251659264 + box_id}" behindDoc="0" locked="0" layoutInCell="1" '
        'allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="margin"><wp:align>right</wp:align></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        '<wp:wrapSquare wrapText="bothSides"/>'
        f'<wp:docPr id="{box_id}" name="Text Box {box_id}"/><wp:cNvGraphicFramePr/>'
        "<a:graphic><a:graphicData "
        'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr>'
        f'<a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr>'
        f"<wps:txbx>{content}</wps:txbx>"
        '<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="91440" tIns="45720" rIns="91440" '
        'bIns="45720" anchor="t" anchorCtr="0"><a:noAutofit/></wps:bodyPr>'
        "</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
    )
    fallback = (
        "<mc:Fallback><w:pict>"
        f'<v:shape id="Text Box {box_id}" o:spid="_x0000_s{1025 + box_id}" type="#_x0000_t202" '
        'style="position:absolute;margin-left:0;margin-top:0;width:180pt;height:90pt;'
        'z-index:251659264;mso-position-horizontal:right;mso-position-horizontal-relative:margin">'
        f"<v:textbox>{content}</v:textbox></v:shape></w:pict></mc:Fallback>"
        if with_fallback
        else ""
    )
    return f"<w:r {_NS}><mc:AlternateContent>{choice}{fallback}</mc:AlternateContent></w:r>"


def render_docx(outline: Outline, rng: random.Random) -> bytes:
    """Name as a title, contact or skills in a text box, licenses in a table."""
    doc = DocxDocument()
    doc.styles["Normal"].font.name = rng.choice(["Calibri", "Arial", "Garamond"])
    doc.styles["Normal"].font.size = Pt(rng.choice([10, 10.5, 11]))
    doc.add_heading(outline.name_line, level=0)
    box_holds_skills = rng.random() < 0.4
    anchor = doc.add_paragraph()
    with_fallback = rng.random() < 0.6
    if box_holds_skills:
        anchor.add_run(rng.choice([" | ", " · "]).join(outline.contact))
    else:
        anchor._p.append(parse_xml(_text_box_xml(outline.contact, 1, with_fallback)))
    for section in outline.sections:
        doc.add_heading(section.heading, level=rng.choice([1, 2]))
        if section.key == "skills" and box_holds_skills:
            holder = doc.add_paragraph()
            holder._p.append(parse_xml(_text_box_xml(section.skills, 2, with_fallback)))
            continue
        lines = section.lines
        if section.licenses:
            table = doc.add_table(rows=1, cols=5)
            table.style = "Table Grid"
            for cell, title in zip(
                table.rows[0].cells,
                ["License", "State", "Number", "Expires", "Compact"],
                strict=True,
            ):
                cell.text = title
            for lic in section.licenses:
                for cell, value in zip(table.add_row().cells, lic.cells, strict=True):
                    cell.text = value
            lines = lines[len(section.licenses) :]  # certifications under a combined heading
        for line in lines:
            if line.kind == "bullet":
                doc.add_paragraph(line.text, style="List Bullet")
            else:
                para = doc.add_paragraph()
                para.add_run(line.text).bold = line.kind == "strong"
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def render_scanned(outline: Outline, rng: random.Random) -> bytes:
    """The one- or two-column PDF printed and scanned (or photographed) as offices do.

    200-300 dpi (what scanners default to), a tilt of up to 1.5 degrees, the slight blur of
    the optics, a faint grain and a few specks, sometimes uneven light across the page (a
    photo or a lid left open), then a JPEG at the qualities scanners save.
    """
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image, ImageFilter

    two_columns = rng.random() < 0.3
    source = (render_pdf_two_column if two_columns else render_pdf_one_column)(outline, rng)
    pdf = pdfium.PdfDocument(source)
    dpi = rng.choice([200, 200, 240, 300, 300])
    pages: list[Image.Image] = []
    noise = np.random.default_rng(rng.randrange(2**32))
    for page in pdf:
        image = page.render(scale=dpi / 72).to_pil().convert("L")
        image = image.rotate(
            rng.uniform(-1.5, 1.5), resample=Image.BICUBIC, expand=False, fillcolor=255
        )
        image = image.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.8) * dpi / 200))
        pixels = np.asarray(image, dtype=np.float32)
        pixels += noise.normal(0, rng.uniform(3, 8), pixels.shape)
        pixels[noise.random(pixels.shape) < 0.0005] = 0
        pixels = pixels * rng.uniform(0.9, 1.0) + rng.uniform(0, 12)
        if rng.random() < 0.3:
            # Light falling off towards one corner, by up to a fifth of the range.
            height, width = pixels.shape
            ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
            corner_y, corner_x = rng.choice([0, height]), rng.choice([0, width])
            distance = np.hypot(ys - corner_y, xs - corner_x) / np.hypot(height, width)
            pixels -= rng.uniform(20, 50) * (1 - distance)
        pages.append(Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), mode="L"))
    pdf.close()
    buf = io.BytesIO()
    pages[0].save(
        buf,
        format="PDF",
        save_all=True,
        append_images=pages[1:],
        resolution=dpi,
        quality=rng.choice([50, 65, 75, 85]),
    )
    return buf.getvalue()


RENDERERS = {
    "pdf_one_column": render_pdf_one_column,
    "pdf_two_column": render_pdf_two_column,
    "docx": render_docx,
    "text": render_text,
    "pdf_scanned": render_scanned,
}
