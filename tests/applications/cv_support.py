"""Helpers for the tests of CVs on HR's side: tiny PDFs and stored CVs with a parse result."""

import hashlib
import io
from decimal import Decimal

from django.core.files.base import ContentFile
from reportlab.pdfgen import canvas

from applications.models import DEGREE_ORDER, CVDocument

PDF = "application/pdf"


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def tiny_pdf(*lines: str) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for number, line in enumerate(lines or ("Curriculum vitae",)):
        pdf.drawString(72, 760 - 16 * number, line)
    pdf.save()
    return buffer.getvalue()


def field(value, confidence=0.9, source="page 1: …"):
    return {"value": value, "confidence": confidence, "source": source}


def make_cv(
    application,
    *,
    data: bytes | None = None,
    content_type: str = PDF,
    original_name: str = "cv.pdf",
    degree: str = "",
    years: str | None = None,
    languages: tuple[str, ...] = (),
    text: str = "",
    status: str = CVDocument.ParseStatus.PARSED,
    parsed: dict | None = None,
) -> CVDocument:
    """A stored CV with a parse result whose filterable facts agree with it."""
    data = data or tiny_pdf(*text.splitlines())
    if parsed is None:
        parsed = {
            "name": field(application.candidate.full_name, 0.97, "page 1: the name line"),
            "email": field(application.candidate.email, 0.95),
            "highest_degree": field(degree or None, 0.85),
            "years_experience": field(float(years) if years else None, 0.35, "page 1: jobs"),
            "languages": field([{"language": n.title(), "level": "fluent"} for n in languages]),
        }
    return CVDocument.objects.create(
        application=application,
        file=ContentFile(data, name="upload"),
        original_name=original_name,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        parse_status=status,
        parsed=parsed,
        text=text,
        highest_degree=degree,
        degree_rank=DEGREE_ORDER.get(degree),
        years_experience=Decimal(years) if years else None,
        languages=("," + ",".join(languages) + ",") if languages else "",
    )
