"""OCR for CVs without a text layer: pypdfium2 renders the pages, Tesseract reads them into rows.

Runs wherever the parser runs, so in the runner's child process under its time and memory
limits; Tesseract is a child of that process and is killed with it.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess  # noqa: S404 - Tesseract with a fixed argv, no shell
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from applications.cv.layout import (
    MIN_CHARS_PER_PAGE,
    NoTextLayer,
    Row,
    TextLine,
    normalise_text,
    page_rows,
)

# Languages read when installed: the organisation's applicants write English and Chinese.
WANTED_LANGUAGES = ("eng", "chi_sim")
DPI = 200
MAX_PIXELS = 40_000_000  # an A4 page at 200 dpi is 3.9 million
PAGE_TIMEOUT_S = 60
# Tesseract's box is the ink of a line, from ascender to descender: a little over the font size.
_BOX_TO_FONT = 1.0 / 1.15
_CJK_EDGE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uff00-\uffef，。、：；（）]")


@dataclass(slots=True)
class ScannedDocument:
    """What OCR read: rows in reading order, as the text layer would have given them."""

    rows: list[Row]
    page_heights: list[float]
    page_count: int
    pages_read: int
    created: date | None


@lru_cache(maxsize=1)
def tesseract() -> tuple[str, str] | None:
    """(path, "eng+chi_sim") of the installed Tesseract and the wanted languages it has."""
    path = shutil.which("tesseract")
    if path is None:
        return None
    try:
        out = subprocess.run(  # noqa: S603 - fixed argv
            [path, "--list-langs"], capture_output=True, text=True, timeout=20, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    installed = set(out.split())
    languages = [lang for lang in WANTED_LANGUAGES if lang in installed]
    return (path, "+".join(languages)) if languages else None


def available() -> bool:
    return tesseract() is not None


def read_scanned(data: bytes, scan: NoTextLayer, *, max_pages: int) -> ScannedDocument:
    """OCR the first `max_pages` pages; raise the scan's own error when nothing is read."""
    import pypdfium2

    engine = tesseract()
    if engine is None or max_pages <= 0:
        raise scan
    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError:
        raise scan from None
    rows: list[Row] = []
    heights: list[float] = []
    chars = 0
    try:
        pages = min(len(document), max_pages)
        gutter: float | None = None
        for number in range(pages):
            page = document[number]
            width, height = page.get_size()
            # A poster-sized page would need gigabytes at full resolution: read it coarser.
            scale = min(DPI / 72, (MAX_PIXELS / max(width * height, 1.0)) ** 0.5)
            image = page.render(scale=scale, grayscale=True).to_pil()
            lines = _ocr_page(image, engine, scale)
            found, page_chars, gutter = page_rows(lines, number, width, gutter)
            rows.extend(found)
            heights.append(height)
            chars += page_chars
    finally:
        document.close()
    if chars < MIN_CHARS_PER_PAGE:
        raise scan
    return ScannedDocument(rows, heights, max(scan.page_count, len(heights)), pages, scan.created)


def _ocr_page(image: object, engine: tuple[str, str], scale: float) -> list[TextLine]:
    path, languages = engine
    buf = io.BytesIO()
    image.save(buf, format="PNG")  # type: ignore[attr-defined]
    # One thread: the worker's CPU is shared, and OpenMP's threads reserve address space the
    # child's memory limit counts.
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        result = subprocess.run(  # noqa: S603 - fixed argv, our own temporary image on stdin
            [path, "stdin", "stdout", "-l", languages, "--dpi", str(round(72 * scale)), "tsv"],
            input=buf.getvalue(),
            capture_output=True,
            timeout=PAGE_TIMEOUT_S,
            check=False,
            env=env,
        )
    except (subprocess.TimeoutExpired, OSError):
        return []  # a page Tesseract cannot read in time is a page with nothing on it
    return _tsv_lines(result.stdout.decode("utf-8", "replace"), scale)


def _tsv_lines(tsv: str, render_scale: float = DPI / 72) -> list[TextLine]:
    """Tesseract's words grouped into its lines, split where a gap is a column gap."""
    scale = 1 / render_scale
    grouped: dict[tuple[str, str, str, str], list[tuple[float, float, float, float, str]]] = {}
    for record in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (record.get("text") or "").strip()
        if record.get("level") != "5" or not text or float(record.get("conf") or -1) < 0:
            continue
        left, top = float(record["left"]) * scale, float(record["top"]) * scale
        right = left + float(record["width"]) * scale
        bottom = top + float(record["height"]) * scale
        key = (record["page_num"], record["block_num"], record["par_num"], record["line_num"])
        grouped.setdefault(key, []).append((left, top, right, bottom, text))
    lines: list[TextLine] = []
    for words in grouped.values():
        words.sort()
        height = max(b - t for _, t, _, b, _ in words)
        piece = [words[0]]
        for word in words[1:]:
            if word[0] - piece[-1][2] > 1.5 * height:
                lines.append(_piece(piece))
                piece = []
            piece.append(word)
        lines.append(_piece(piece))
    return [ln for ln in lines if ln.text]


def _piece(words: list[tuple[float, float, float, float, str]]) -> TextLine:
    text = words[0][4]
    for word in words[1:]:
        # Tesseract spaces out Chinese characters; Latin words keep their spaces.
        joiner = "" if _CJK_EDGE.match(text[-1]) and _CJK_EDGE.match(word[4][0]) else " "
        text += joiner + word[4]
    top = min(w[1] for w in words)
    bottom = max(w[3] for w in words)
    size = round((bottom - top) * _BOX_TO_FONT, 1)
    return TextLine(
        text=normalise_text(text),
        x0=words[0][0],
        x1=words[-1][2],
        top=top,
        bottom=bottom,
        size=size,
        bold=False,
    )
