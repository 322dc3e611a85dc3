"""The offer letter as a PDF: a heading and the letter's text (as HR's template rendered it),
drawn with reportlab. Pure: no database, no Django settings.

Chinese text is set in reportlab's built-in CID font STSong-Light (Adobe's Asian font pack
names it; PDF readers supply the glyphs), so no font file is vendored and the PDF stays small;
lines break between any two CJK characters (`wordWrap="CJK"`).
"""

from __future__ import annotations

import io
from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

CJK_FONT = "STSong-Light"
LATIN_FONT = "Helvetica"
LATIN_BOLD = "Helvetica-Bold"


def _fonts(language: str) -> tuple[str, str, str]:
    """(body font, heading font, word wrap) for a template language."""
    if language.lower().startswith("zh"):
        if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
        return CJK_FONT, CJK_FONT, "CJK"
    return LATIN_FONT, LATIN_BOLD, "LTR"


def letter_pdf(
    *,
    title: str,
    body: str,
    language: str,
    organisation: str,
    dated: date | str,
    author: str = "",
) -> bytes:
    """The letter as PDF bytes: the organisation and the date on top, the heading, then each
    paragraph of `body` (blank lines separate paragraphs, single newlines break lines)."""
    body_font, heading_font, wrap = _fonts(language)
    text = ParagraphStyle(
        "body", fontName=body_font, fontSize=11, leading=16, spaceAfter=8, wordWrap=wrap
    )
    heading = ParagraphStyle(
        "heading", parent=text, fontName=heading_font, fontSize=15, leading=20, spaceAfter=14
    )
    aside = ParagraphStyle("aside", parent=text, fontSize=10, alignment=TA_RIGHT)
    story = [
        Paragraph(escape(organisation), aside),
        Paragraph(escape(str(dated)), aside),
        Spacer(1, 8 * mm),
        Paragraph(escape(title), heading),
    ]
    for paragraph in body.replace("\r\n", "\n").split("\n\n"):
        if paragraph.strip():
            lines = [escape(line) for line in paragraph.strip("\n").split("\n")]
            story.append(Paragraph("<br/>".join(lines), text))
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=25 * mm,
        rightMargin=25 * mm,
        topMargin=25 * mm,
        bottomMargin=25 * mm,
        title=title,
        author=author or organisation,
        lang="zh-CN" if wrap == "CJK" else "en",
    )
    document.build(story)
    return buffer.getvalue()
