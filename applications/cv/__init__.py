"""Public CV parser entry points: PDF, DOCX or text in; fields with confidence and source out."""

from __future__ import annotations

import html
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from applications.cv import contact, dates, education, experience, languages, names, ocr
from applications.cv import fields as fx
from applications.cv.layout import CVParseError, NoTextLayer, Row, normalise_text, read_pdf

__all__ = [
    "BELOW_BACHELOR_LEVELS",
    "CVParseError",
    "ParsedCV",
    "parse_cv",
    "parse_cv_file",
    "parse_cv_text",
]

# Degree levels the parser names below a bachelor's (a school-leaving certificate, an associate
# degree); the applications app's four levels count them as "other".
BELOW_BACHELOR_LEVELS = ("secondary", "associate")

MAX_TEXT_CHARS = 400_000
OCR_MAX_PAGES = 5
# Read from pictures, every value is less certain than the same value read from text.
OCR_CONFIDENCE = 0.7
_CELL_GAP = re.compile(r"\t+| {2,}")


@dataclass(slots=True)
class ParsedCV:
    fields: dict[str, fx.Field]
    page_count: int
    created: date | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.fields["text"].value or ""

    def value(self, name: str) -> Any:
        return self.fields[name].value

    def as_dict(self) -> dict[str, dict[str, Any]]:
        """Plain JSON-serialisable {field: {"value", "confidence", "source"}}."""
        return {name: f.as_dict() for name, f in self.fields.items()}


def parse_cv(
    data: bytes, *, default_region: str | None = None, ocr_max_pages: int = OCR_MAX_PAGES
) -> ParsedCV:
    """Parse a PDF CV; raise CVParseError with a plain reason when it cannot be read.

    A PDF without a text layer (a scan) is read with OCR, at most `ocr_max_pages` pages, when
    Tesseract is installed; otherwise it stays "no text layer (scanned image)". Hostile files
    make pdfminer raise arbitrary exceptions deep in its parser; they all mean the same thing
    to HR, so they surface as "malformed PDF".
    """
    try:
        document = read_pdf(data)
    except NoTextLayer as scan:
        return _parse_scan(data, scan, default_region, ocr_max_pages)
    except CVParseError:
        raise
    except MemoryError:
        raise CVParseError("too large") from None
    except _PDF_ERRORS:
        raise CVParseError("malformed PDF") from None
    return _extract(
        document.rows, document.page_heights, document.created, document.page_count, default_region
    )


_PDF_ERRORS = (
    RecursionError,
    IndexError,
    KeyError,
    TypeError,
    ValueError,
    AssertionError,
    AttributeError,
    OverflowError,
    ZeroDivisionError,
    UnicodeError,
    EOFError,
    zipfile.BadZipFile,
    OSError,
)


def _parse_scan(
    data: bytes, scan: NoTextLayer, default_region: str | None, max_pages: int
) -> ParsedCV:
    if max_pages <= 0 or not ocr.available():
        raise scan
    try:
        document = ocr.read_scanned(data, scan, max_pages=max_pages)
    except CVParseError:
        raise
    except MemoryError:
        raise CVParseError("too large") from None
    except _PDF_ERRORS:
        raise scan from None
    parsed = _extract(
        document.rows,
        document.page_heights,
        document.created,
        document.page_count,
        default_region,
        source=f"OCR (Tesseract), {document.pages_read} of {document.page_count} pages",
    )
    for value in parsed.fields.values():
        value.confidence *= OCR_CONFIDENCE
    parsed.extra.update(
        source="ocr", ocr_pages=document.pages_read, ocr_pages_total=document.page_count
    )
    return parsed


def parse_cv_text(
    text: str, *, created: date | None = None, default_region: str | None = None
) -> ParsedCV:
    """Parse a plain-text CV: no font cues, so confidence in the name is lower."""
    text = text[:MAX_TEXT_CHARS]
    rows: list[Row] = []
    for n, raw in enumerate(text.splitlines()):
        # Tabs and runs of spaces separate cells ("Languages<tab>English"), as the gaps
        # between pieces of a PDF row do.
        cells = (normalise_text(cell) for cell in _CELL_GAP.split(raw))
        line = "  ".join(cell for cell in cells if cell)
        if line:
            rows.append(Row(line, 0, 12.0 * n, 0.0, 500.0, 10.0, False))
    if sum(len(r.text) for r in rows) < 40:
        raise CVParseError("empty file")
    height = max(842.0, 12.0 * len(rows) + 1)
    return _extract(rows, [height], created, 1, default_region)


def parse_cv_file(
    data: bytes,
    content_type: str,
    *,
    default_region: str | None = None,
    ocr_max_pages: int = OCR_MAX_PAGES,
) -> ParsedCV:
    """Dispatch on the declared type, checked against the bytes (applicants mislabel files)."""
    if not data:
        raise CVParseError("empty file")
    if data.lstrip()[:5] == b"%PDF-" or "pdf" in content_type:
        return parse_cv(data, default_region=default_region, ocr_max_pages=ocr_max_pages)
    if data[:2] == b"PK" or "wordprocessingml" in content_type:
        return parse_cv_text(_docx_text(data), default_region=default_region)
    if content_type.startswith("text/"):
        for encoding in ("utf-8", "utf-16", "cp1252"):
            try:
                return parse_cv_text(data.decode(encoding), default_region=default_region)
            except UnicodeDecodeError:
                continue
    raise CVParseError("not a PDF")


_W_TEXT = re.compile(rb"<w:(p|t|tab|br)\b[^>]*?(/?)>(?:([^<]*)</w:t>)?")


def _docx_text(data: bytes) -> str:
    """Paragraph text of word/document.xml, read with the standard library only."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("word/document.xml")
            if info.file_size > 20 * 1024 * 1024:
                raise CVParseError("too large")
            xml = archive.read(info)
    except (zipfile.BadZipFile, KeyError):
        raise CVParseError("malformed file") from None
    parts: list[str] = []
    for match in _W_TEXT.finditer(xml):
        tag = match.group(1)
        if tag == b"p":
            parts.append("\n")
        elif tag in {b"tab", b"br"}:
            parts.append("  " if tag == b"tab" else "\n")
        elif match.group(3) is not None:
            parts.append(match.group(3).decode("utf-8", "replace"))
    return html.unescape("".join(parts))


def _extract(
    rows: list[Row],
    heights: list[float],
    created: date | None,
    page_count: int,
    default_region: str | None,
    *,
    source: str = "pdf text layer",
) -> ParsedCV:
    when, how = dates.document_date(rows, heights, created)
    # Nothing on the CV or in the file dates it: "present" cannot be resolved honestly, so
    # open-ended jobs end where they start (a lower bound) and the confidence says so.
    ctx = fx.build_context(rows, heights, when or date(1900, 1, 1), how)
    emails = [c.value for c in contact.email_candidates(ctx)]
    locals_ = [e.split("@")[0] for e in emails]
    name = names.extract_name(ctx, locals_)
    email = contact.extract_email(ctx, name.value)
    phone = contact.extract_phone(ctx, default_region)
    name_row = name.source.split(": ", 1)[-1] if name.source else ""
    entries, highest, mentioned, studies = education.extract_education(ctx, name_row)
    years, stated, work = experience.extract_experience(ctx, studies)
    fields: dict[str, fx.Field] = {
        "name": name,
        "email": email,
        "phone": phone,
        "links": contact.extract_links(ctx),
        "education": fx.Field(entries, highest.confidence, highest.source)
        if entries
        else fx.unknown([]),
        "highest_degree": highest,
        "highest_degree_mentioned": mentioned,
        "years_experience": years,
        "stated_years_experience": stated,
        "work": fx.Field([_public_work(w) for w in work], years.confidence, years.source)
        if work
        else fx.unknown([]),
        "languages": languages.extract_languages(ctx),
        "skills": languages.extract_skills(ctx),
        "publications": languages.extract_publications(ctx),
        "text": fx.Field("\n".join(r.text for r in rows), 1.0 if rows else 0.0, source),
    }
    extra: dict[str, Any] = {
        "source": "ocr" if source.startswith("OCR") else "text",
        "document_date": when.isoformat() if when else None,
        "document_date_source": how,
    }
    return ParsedCV(fields=fields, page_count=page_count, created=when, extra=extra)


def _public_work(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: entry[k] for k in ("title", "organisation", "start", "end", "internship")}
