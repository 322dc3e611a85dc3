"""PDF pre-flight and the one pdfminer layout pass: lines with boxes and font cues, in order."""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LAParams, LTChar, LTFigure, LTPage, LTTextBox, LTTextLine
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1
from pdfminer.psexceptions import PSException

MAX_BYTES = 20 * 1024 * 1024
MAX_PAGES = 30
MIN_CHARS_PER_PAGE = 40


NO_TEXT_LAYER = "no text layer (scanned image)"


class CVParseError(Exception):
    """A CV we refuse to parse; `reason` is a short plain-words string shown to HR."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class NoTextLayer(CVParseError):
    """A PDF that opens but holds no text (a scan): what OCR needs to know to read it."""

    def __init__(self, page_count: int, created: date | None) -> None:
        super().__init__(NO_TEXT_LAYER)
        self.page_count = page_count
        self.created = created


@dataclass(slots=True)
class Row:
    """One visual line of text (segments on the same baseline joined) with its font cues."""

    text: str
    page: int
    top: float  # distance from the top of the page, in points
    x0: float
    x1: float
    size: float
    bold: bool
    column: int = 0  # 0 = full width or main, 1 = right-hand column, -1 = left sidebar
    # (text, size, bold) of each piece when the row joins several, so that a small subtitle
    # on the name's baseline is not taken for text as large as the name.
    pieces: tuple[tuple[str, float, bool], ...] = ()


@dataclass(slots=True)
class Document:
    rows: list[Row]
    page_count: int
    page_heights: list[float]
    created: date | None


# Private-use icon glyphs (Font Awesome and friends), dingbats, pictographs and the
# `(cid:NN)` placeholders pdfminer emits for glyphs without a Unicode mapping. Arrows are not
# junk: "2019 ⇒ 2021" is a date range, so they become dashes first.
_JUNK = re.compile(
    "[\ue000-\uf8ff\U000f0000-\U0010ffff\u2300-\u23ff\u25a0-\u2793\u2795-\u27bf"
    "\u2b00-\u2bff\U0001f300-\U0001faff\ufffd]|\\(cid:\\d+\\)"
)
_ARROWS = re.compile("\\s*[\u2190-\u21ff\u2794\u27f5-\u27ff\u2b05-\u2b07\u279c-\u27a1]\\s*")
_HYPHENS = str.maketrans(
    {
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2212": "-",
        "\u2015": "\u2014",
        "\u301c": "~",  # Japanese wave dash in "2022年10月〜2023年10月"
        "\u223c": "~",
        # A NUL glyph inside a word ("Ma\x00ria") is an unmapped ligature piece, not a gap.
        "\x00": "",
    }
)
# Carriage returns and other controls between words (Word exports re-saved by Quartz).
_CONTROLS = re.compile("[\x01-\x1f\x7f-\x9f]")
# A soft hyphen between digits is the range dash of "2019\u00ad2021"; inside a word it only
# marks where the word may break.
_SOFT_RANGE = re.compile("(?<=\\d)\\s*\u00ad\\s*(?=\\d)")
# Letter-spaced capitals "E X P E R I E N C E": a run of single letters separated by one space.
_SPACED = re.compile(r"(?<!\S)(?:\S ){2,}\S(?!\S)")
# Once a line is known to be letter-spaced, two-letter words ("W U", "H À") are too.
_SPACED_PART = re.compile(r"(?:\S ){1,}\S")
_WORD_GAP = re.compile(r"(?<=\S) {2,}(?=\S)")
_MULTISPACE = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]+")


def normalise_text(text: str) -> str:
    """NFKC (ligatures, full-width forms), ASCII hyphens, no icons, letter-spacing collapsed."""
    text = _SOFT_RANGE.sub("-", text).replace("\u00ad", "")
    text = unicodedata.normalize("NFKC", text).translate(_HYPHENS)
    text = _CONTROLS.sub(" ", text)
    text = _ARROWS.sub(" - ", text)
    text = _JUNK.sub(" ", text).strip()
    if _SPACED.search(text):
        # pdfminer renders letter-spacing as one space between letters and several between
        # words: "W O R K   E X P E R I E N C E".
        text = " ".join(
            part.replace(" ", "") if _SPACED_PART.fullmatch(part) else part
            for part in _WORD_GAP.split(text)
        )
    return _MULTISPACE.sub(" ", text).strip()


def _pdf_date(value: object) -> date | None:
    raw = resolve1(value)
    if isinstance(raw, bytes):
        raw = raw.decode("latin-1", "ignore")
    if not isinstance(raw, str):
        return None
    match = re.search(r"(\d{4})(\d{2})?(\d{2})?", raw)
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2) or 1), int(match.group(3) or 1))
    except ValueError:
        return None


def _open(data: bytes) -> tuple[PDFDocument, int, date | None]:
    """Pre-flight: sniff, decrypt with the empty password, count pages; raise CVParseError."""
    if not data or not data.strip():
        raise CVParseError("empty file")
    if len(data) > MAX_BYTES:
        raise CVParseError("too large")
    if b"%PDF" not in data[:1024]:
        raise CVParseError("not a PDF")
    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise CVParseError("encrypted") from None
    except PSException:
        raise CVParseError("malformed PDF") from None
    # A file that opens with the empty password (owner-password restrictions only) is readable
    # by every PDF viewer, so we read it too; a real password fails above.
    try:
        pages = resolve1(document.catalog.get("Pages"))
        count = resolve1(pages.get("Count")) if isinstance(pages, dict) else None
    except PSException:
        count = None
    if isinstance(count, int) and count > MAX_PAGES:
        raise CVParseError("too many pages")
    created = None
    for info in document.info:
        created = _pdf_date(info.get("CreationDate")) or _pdf_date(info.get("ModDate"))
        if created:
            break
    return document, count if isinstance(count, int) else 0, created


@dataclass(slots=True)
class TextLine:
    """One stretch of a pdfminer text line with no column-wide gap inside it."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool


def _is_bold(char: LTChar) -> bool:
    name = char.fontname.lower()
    return "bold" in name or "black" in name or "heavy" in name


def _line_pieces(line: LTTextLine, height: float) -> list[TextLine]:
    """Rebuild a line's text from its characters, split where a gap is wider than a column gap.

    pdfminer joins a Europass label and its value, or a table's cells, into one line when they
    share a baseline; a gap wider than the font size is a column gap, never a word space. Word
    spaces are recomputed too: letter-spaced capitals ("J A R E D") have a space-sized gap
    after every letter, so on such lines only a gap well above the usual one separates words.
    """
    chars = [c for c in line if isinstance(c, LTChar)]
    if not chars:
        return []
    texts = [c.get_text() for c in chars]
    blank = [t.isspace() for t in texts]
    x0s = [c.x0 for c in chars]
    x1s = [c.x1 for c in chars]
    gaps = [x0s[i + 1] - x1s[i] for i in range(len(chars) - 1)]
    # pdfminer's own rule: a gap over a tenth of the next glyph's size is a word space.
    margins = [0.1 * max(c.width, c.height) for c in chars]
    spaced = [
        gaps[i] > margins[i + 1] for i in range(len(gaps)) if not blank[i] and not blank[i + 1]
    ]
    word_gap: float | None = None
    if len(spaced) >= 4 and sum(spaced) >= 0.6 * len(spaced):
        positive = sorted(g for g in gaps if g > 0)
        word_gap = 1.6 * positive[len(positive) // 2] if positive else None
    pieces: list[TextLine] = []
    start = 0
    parts: list[str] = [texts[0]]
    for i, gap in enumerate(gaps):
        nxt = i + 1
        if gap > 1.1 * max(chars[nxt].size, chars[i].size, 1.0):
            pieces.append(_piece(chars[start:nxt], "".join(parts), height))
            start, parts = nxt, [texts[nxt]]
            continue
        threshold = word_gap if word_gap is not None else margins[nxt]
        if gap > threshold and not blank[i] and not blank[nxt] and parts[-1] != " ":
            parts.append(" ")
        parts.append(texts[nxt])
    pieces.append(_piece(chars[start:], "".join(parts), height))
    return [p for p in pieces if p.text]


def _piece(chars: list[LTChar], raw: str, height: float) -> TextLine:
    first = next((c for c in chars if not c.get_text().isspace()), chars[0])
    return TextLine(
        text=normalise_text(raw),
        x0=chars[0].x0,
        x1=chars[-1].x1,
        top=height - max(c.y1 for c in chars),
        bottom=height - min(c.y0 for c in chars),
        size=round(first.size, 1),
        bold=_is_bold(first),
    )


def _collect_lines(layout: LTPage | LTFigure, height: float, out: list[TextLine]) -> None:
    for item in layout:
        if isinstance(item, LTTextBox):
            for line in item:
                if isinstance(line, LTTextLine):
                    out.extend(_line_pieces(line, height))
        elif isinstance(item, LTFigure):
            # Some exporters draw whole pages as form XObjects; all_texts=True makes pdfminer
            # group their characters into lines like any other text.
            _collect_lines(item, height, out)


def read_pdf(data: bytes) -> Document:
    """Pre-flight then one layout pass; raise CVParseError with a plain reason on refusal."""
    document, declared_pages, created = _open(data)
    manager = PDFResourceManager(caching=True)
    # boxes_flow=None skips pdfminer's box-ordering pass (the costliest part of extract_text);
    # we order lines ourselves, column by column.
    device = PDFPageAggregator(manager, laparams=LAParams(boxes_flow=None, all_texts=True))
    interpreter = PDFPageInterpreter(manager, device)
    rows: list[Row] = []
    heights: list[float] = []
    text_chars: list[int] = []
    gutter: float | None = None
    try:
        for number, page in enumerate(PDFPage.create_pages(document)):
            if number >= MAX_PAGES:
                raise CVParseError("too many pages")
            interpreter.process_page(page)
            layout = device.get_result()
            lines: list[TextLine] = []
            _collect_lines(layout, layout.height, lines)
            found, chars, gutter = page_rows(lines, number, layout.width, gutter)
            rows.extend(found)
            heights.append(layout.height)
            text_chars.append(chars)
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise CVParseError("encrypted") from None
    except PSException:
        raise CVParseError("malformed PDF") from None
    if not heights:
        if declared_pages == 0:
            raise CVParseError("malformed PDF")
        raise NoTextLayer(declared_pages, created)
    if all(c < MIN_CHARS_PER_PAGE for c in text_chars):
        raise NoTextLayer(len(heights), created)
    return Document(rows=rows, page_count=len(heights), page_heights=heights, created=created)


# --- reading order -------------------------------------------------------------------------


def page_rows(
    lines: list[TextLine], page: int, width: float, carried: float | None
) -> tuple[list[Row], int, float | None]:
    """The page's rows in reading order, its character count and the gutter it was split at."""
    chars = sum(len(ln.text) for ln in lines)
    if not lines:
        return [], 0, carried
    lines.sort(key=lambda ln: (ln.top, ln.x0))
    ordered: list[tuple[list[TextLine], int]] = []
    split = _find_gutter(lines, width, carried)
    if split is None:
        ordered.append((lines, 0))
    else:
        gutter, y_from, y_to = split
        above = [ln for ln in lines if ln.bottom <= y_from]
        below = [ln for ln in lines if ln.top >= y_to]
        middle = [ln for ln in lines if ln.bottom > y_from and ln.top < y_to]
        left = [ln for ln in middle if ln.x1 <= gutter]
        right = [ln for ln in middle if ln.x1 > gutter]
        left_is_sidebar = (max(ln.x1 for ln in left) - min(ln.x0 for ln in left)) < width * 0.4
        ordered.append((above, 0))
        ordered.append((left, -1 if left_is_sidebar else 0))
        ordered.append((right, 1))
        ordered.append((below, 0))
    rows: list[Row] = []
    for group, column in ordered:
        rows.extend(_merge_baselines(group, page, column))
    return rows, chars, split[0] if split else None


def _merge_baselines(lines: list[TextLine], page: int, column: int) -> list[Row]:
    """Join pieces on one baseline (title left, dates right-aligned) into one row."""
    rows: list[Row] = []
    current: list[TextLine] = []
    for line in lines:
        if current:
            ref = current[0]
            tolerance = max(2.0, 0.45 * (ref.bottom - ref.top))
            if abs(line.top - ref.top) <= tolerance or abs(line.bottom - ref.bottom) <= tolerance:
                current.append(line)
                continue
            rows.append(_row(current, page, column))
        current = [line]
    if current:
        rows.append(_row(current, page, column))
    return rows


def _row(pieces: list[TextLine], page: int, column: int) -> Row:
    pieces.sort(key=lambda ln: ln.x0)
    first = max(pieces, key=lambda ln: ln.size)
    # Two spaces mark the gap between pieces so a title and its dates stay distinguishable.
    text = pieces[0].text if len(pieces) == 1 else "  ".join(p.text for p in pieces)
    return Row(
        text=text,
        page=page,
        top=min(p.top for p in pieces),
        x0=pieces[0].x0,
        x1=pieces[-1].x1,
        size=first.size,
        bold=pieces[0].bold,
        column=column,
        pieces=tuple((p.text, p.size, p.bold) for p in pieces) if len(pieces) > 1 else (),
    )


def _find_gutter(
    lines: list[TextLine], width: float, carried: float | None = None
) -> tuple[float, float, float] | None:
    """Find an x-band no line crosses over at least 40 % of the text height; None if none.

    Candidates are the left edges of lines: the right column of a two-column page starts at one
    x for every line. Tables whose cells share baselines are not split, so a date column stays
    beside its entry. `carried` is the previous page's gutter: a sidebar that runs on for two
    lines is still a sidebar, so that x needs only one line on each side.
    """
    if len(lines) < 8 and carried is None:
        return None
    text_top = lines[0].top
    text_height = max(ln.bottom for ln in lines) - text_top
    if text_height <= 0:
        return None
    best: tuple[float, float, float, float] | None = None
    if carried is not None:
        best = _best_run(lines, carried + 3, text_height, 1, best)
        if best is not None:
            return best[0] - 3, best[1], best[2]
        if len(lines) < 8:
            return None
    candidates = sorted({round(ln.x0) for ln in lines if width * 0.15 < ln.x0 < width * 0.8})
    for x in candidates:
        best = _best_run(lines, x, text_height, 3, best)
    if best is None:
        return None
    gutter, y_from, y_to, _ = best
    middle = [ln for ln in lines if ln.top >= y_from and ln.bottom <= y_to]
    if _is_table(middle, gutter):
        return None
    return gutter - 3, y_from, y_to


def _best_run(
    lines: list[TextLine],
    x: float,
    text_height: float,
    min_side: int,
    best: tuple[float, float, float, float] | None,
) -> tuple[float, float, float, float] | None:
    """The tallest stretch of lines none of which crosses the band just left of x."""
    band_left, band_right = x - 6, x - 0.5
    run_start: float | None = None
    run_end = 0.0
    left_n = right_n = 0
    for ln in lines:
        if ln.x0 < band_right and ln.x1 > band_left:
            if run_start is not None:
                best = _better(
                    best, x, (run_start, run_end), (left_n, right_n), text_height, min_side
                )
            run_start = None
            left_n = right_n = 0
            continue
        if run_start is None:
            run_start = ln.top
        run_end = max(run_end, ln.bottom)
        if ln.x1 <= band_left:
            left_n += 1
        else:
            right_n += 1
    if run_start is not None:
        best = _better(best, x, (run_start, run_end), (left_n, right_n), text_height, min_side)
    return best


def _better(
    best: tuple[float, float, float, float] | None,
    x: float,
    run: tuple[float, float],
    counts: tuple[int, int],
    text_height: float,
    min_side: int,
) -> tuple[float, float, float, float] | None:
    start, end = run
    span = end - start
    if span < 0.4 * text_height or min(counts) < min_side:
        return best
    score = span + 0.5 * min(counts)
    if best is None or score > best[3]:
        return (x, start - 0.1, end + 0.1, score)
    return best


def _is_table(lines: list[TextLine], x: float) -> bool:
    """True when the sides are not two columns of running text.

    Right-aligned dates and table cells share baselines with the entries beside them, and one
    side is sparse (a date per entry); columns of text are dense on both sides. A contact block
    beside the name at the top says nothing either way, so alignment is judged below it.
    """
    left = [ln for ln in lines if ln.x1 <= x]
    right = [ln for ln in lines if ln.x0 >= x - 1]
    smaller = left if len(left) <= len(right) else right
    if len(smaller) < 3:
        return True
    top = min(ln.top for ln in lines)
    below = top + 0.2 * (max(ln.bottom for ln in lines) - top)
    body = sorted(ln.size for ln in lines)[len(lines) // 2]
    for side, other in ((left, right), (right, left)):
        # Headings (bold or larger) stand alone on either kind of page: judge the body lines.
        judged = [
            ln for ln in side if ln.top >= below and not ln.bold and ln.size <= body + 0.3
        ] or side
        other_tops = [ln.top for ln in other]
        aligned = sum(1 for ln in judged if any(abs(ln.top - t) < 1.5 for t in other_tops))
        if aligned / len(judged) >= 0.6:
            return True
    span = max(ln.bottom for ln in smaller) - min(ln.top for ln in smaller)
    covered = sum(ln.bottom - ln.top for ln in smaller)
    return span > 0 and covered / span < 0.25
