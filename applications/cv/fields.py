"""Field values and the reading context: rows sorted into sections by headings and labels."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from statistics import median
from typing import Any

from applications.cv import lexicon as lex
from applications.cv.layout import Row

CONFIDENCE_THRESHOLD = 0.5


@dataclass(slots=True)
class Field:
    """One extracted value with how sure we are (0-1) and the text it was read from."""

    value: Any
    confidence: float
    source: str

    def as_dict(self) -> dict[str, Any]:
        return {"value": self.value, "confidence": round(self.confidence, 2), "source": self.source}


def unknown(empty: Any = None) -> Field:
    """No value: the CV does not say, or we cannot tell."""
    return Field(value=empty, confidence=0.0, source="")


@dataclass(slots=True)
class Line:
    """A row with the section it falls in and its folded text, computed once.

    `label` is the row's own leading label when it has one ("Mother tongue(s)", "语言水平");
    the row's text is then only the value after it.
    """

    row: Row
    section: str
    folded: str
    index: int
    label: str = ""
    also: str = ""  # a second section the row belongs to ("languages" under "Courses & languages")


@dataclass(slots=True)
class Context:
    lines: list[Line]
    cv_page: int  # first page of the CV proper (1 when a job-board cover page comes first)
    page_heights: list[float]
    created: date  # the document's date: what "present" means
    body_size: float
    has_section: set[str] = field(default_factory=set)
    date_source: str = "pdf"


def src(row: Row) -> str:
    """Where a value came from, as HR reads it: the page and the row's text."""
    text = row.text if len(row.text) <= 140 else row.text[:137] + "..."
    return f"page {row.page + 1}: {text}"


# --- headings --------------------------------------------------------------------------------

INLINE_LABEL = re.compile(r"^\s*([^:：|]{2,40}?)\s*[:：|]\s*(.*)$")
_CJK_LABEL = re.compile(r"^([\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]{2,6})\s+(\S.*)$")
_STRIP = " :：-–—|•·*"
_CJK_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


_DIGIT = re.compile(r"\d")
_BULLET = re.compile(r"^\s*(?:[•▪◦●·*–-]|\{\s)")


def _lexicon_kind(text: str) -> str | None:
    """The section a heading's words name, when the whole text is a known heading.

    A bulleted row is an item, never a heading: "• Diplomarbeit: ..." labels a thesis.
    """
    if _BULLET.match(text):
        return None
    text = text.strip(_STRIP)
    if not text or len(text) > 60 or _DIGIT.search(text):
        return None
    if len(text.split()) > 7:
        return None
    return lex.HEADING_LOOKUP.get(lex.heading_key(text))


def _hinted_kind(text: str) -> str:
    """The section an unknown heading most likely opens, from the words in it."""
    folded = lex.fold(text)
    for kind, pattern in lex.HEADING_HINTS:
        if pattern.search(folded):
            return kind
    return "other"


@dataclass(frozen=True, slots=True)
class _Style:
    """How this CV sets its section headings: learned from the ones the lexicon knows."""

    size: float
    bold: bool
    caps: bool
    column: int
    x0: float
    x1: float


def _style(row: Row, text: str) -> _Style:
    return _Style(row.size, row.bold, _is_caps(text), row.column, row.x0, row.x1)


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return (
        bool(letters) and all(not c.islower() for c in letters) and any(c.isupper() for c in text)
    )


def _looks_like_heading_text(text: str) -> bool:
    text = text.strip(_STRIP)
    if not text or _DIGIT.search(text) or "@" in text or ":" in text:
        return False
    if text[-1] in ".,;!?)" or len(text) > 48:
        return False
    if _CJK_CHAR.search(text):
        return len(text.replace(" ", "")) <= 10
    return len(text.split()) <= 6


def _matches_style(row: Row, styles: list[_Style]) -> bool:
    text = row.text.strip(_STRIP)
    if not _looks_like_heading_text(text) or "  " in row.text or _BULLET.match(row.text):
        return False  # a heading is one piece: "Red Hat  Denver, CO" is an employer row
    caps = _is_caps(text)
    for s in styles:
        if abs(row.size - s.size) > 0.3 or row.bold != s.bold or s.column != row.column:
            continue
        if s.caps != caps and any(c.isupper() or c.islower() for c in text):
            continue  # scripts without case (Han, kana) say nothing here
        centre, s_centre = (row.x0 + row.x1) / 2, (s.x0 + s.x1) / 2
        if abs(row.x0 - s.x0) <= 4 or abs(row.x1 - s.x1) <= 4 or abs(centre - s_centre) <= 4:
            return True
    return False


def _font_heading(row: Row, body_size: float) -> bool:
    """A CV whose headings the lexicon does not know: large and bold (or capitals), short."""
    text = row.text.strip(_STRIP)
    return (
        bool(body_size)
        and row.size >= body_size * 1.2
        and _looks_like_heading_text(text)
        and len(text.split()) <= 4
        and (row.bold or _is_caps(text))
    )


def _leading_label(text: str) -> tuple[str, str, str, bool] | None:
    """(kind, label, value, persistent) when a row starts with a section's label.

    A label in its own cell ("Mother tongue(s)  English", "语言水平 中文") opens its section like
    a heading; a label with a colon ("Languages: English") only labels its own row.
    """
    first, sep, rest = text.partition("  ")
    if sep and rest.strip():
        kind = _lexicon_kind(first)
        if kind:
            return kind, first.strip(), rest.strip(), True
    words = first.split()
    for n in range(min(4, len(words) - 1), 1, -1):
        # "Λοιπές γλώσσες Αγγλικά": a label of two words or more run into its value.
        kind = _lexicon_kind(" ".join(words[:n]))
        if kind:
            value = " ".join(words[n:]) + (sep + rest if sep else "")
            return kind, " ".join(words[:n]), value.strip(), True
    match = _CJK_LABEL.match(text)
    if match:
        kind = lex.HEADING_LOOKUP.get(lex.heading_key(match.group(1)))
        if kind:
            return kind, match.group(1), match.group(2), True
    match = INLINE_LABEL.match(text)
    if match and match.group(2).strip():
        kind = lex.HEADING_LOOKUP.get(lex.heading_key(match.group(1)))
        if kind:
            return kind, match.group(1).strip(), match.group(2).strip(), False
    return None


# --- context ---------------------------------------------------------------------------------


def _heading_styles(rows: list[Row], kinds: list[str | None], body_size: float) -> list[_Style]:
    # A heading style that is the body text's own (same size, plain) would match every row.
    return [
        st
        for st in (_style(r, r.text) for r, k in zip(rows, kinds, strict=True) if k)
        if st.bold or st.caps or st.size >= body_size + 0.5
    ]


def _unknown_heading(
    row: Row, section: str, styles: list[_Style], body_size: float
) -> tuple[str, str] | None:
    """(kind, second kind) of a heading the lexicon does not know, or None.

    Such headings look like the ones it does know; without any known heading, only a large
    bold line can be one (never in the header, where name and job title are large and bold).
    """
    if lex.heading_key(row.text) in lex.CV_TITLES:
        return None
    if (styles and _matches_style(row, styles)) or (
        not styles and section != "header" and _font_heading(row, body_size)
    ):
        kind = _hinted_kind(row.text)
        also = "languages" if kind != "languages" and _hinted_kind_is(row.text, "languages") else ""
        return kind, also
    return None


def build_context(
    rows: list[Row], page_heights: list[float], created: date, date_source: str = "pdf"
) -> Context:
    """Sort rows into sections; each column keeps its own current section across pages."""
    sizes = [r.size for r in rows if r.size]
    body_size = median(sizes) if sizes else 0.0
    cv_page = _cv_start_page(rows, body_size)
    kinds = [_lexicon_kind(r.text) for r in rows]
    styles = _heading_styles(rows, kinds, body_size)
    lines: list[Line] = []
    # column -> (section, second section) currently open in that column
    sections: dict[int, tuple[str, str]] = {}
    i = 0
    while i < len(rows):
        row, kind = rows[i], kinds[i]
        i += 1
        if row.page < cv_page:
            lines.append(Line(row, "cover", lex.fold(row.text), len(lines)))
            continue
        if row.page == cv_page and (not lines or lines[-1].row.page != row.page):
            sections = {}
        section = (sections.get(row.column) or _carried_section(sections, row, cv_page))[0]
        if kind is None and i < len(rows) and _heading_pair(row, rows[i]):
            kind = _lexicon_kind(row.text + " " + rows[i].text)
            if kind:
                row = replace(row, text=row.text + " " + rows[i].text)
                i += 1
        opened = (kind, "") if kind else _unknown_heading(row, section, styles, body_size)
        if opened:
            sections[row.column] = opened
            lines.append(Line(row, "heading:" + opened[0], lex.fold(row.text), len(lines)))
            continue
        line = _labelled_line(row, section, sections, len(lines))
        line.also = line.also or sections.get(row.column, ("", ""))[1]
        lines.append(line)
    return Context(
        lines=lines,
        cv_page=cv_page,
        page_heights=page_heights,
        created=created,
        body_size=body_size,
        has_section={ln.section for ln in lines},
        date_source=date_source,
    )


def _hinted_kind_is(text: str, kind: str) -> bool:
    folded = lex.fold(text)
    return any(k == kind and p.search(folded) for k, p in lex.HEADING_HINTS)


def _carried_section(
    sections: dict[int, tuple[str, str]], row: Row, cv_page: int
) -> tuple[str, str]:
    """A column seen for the first time: the header on the first page, else the main text's."""
    if not sections or row.page == cv_page:
        return "header", ""
    if row.column == 0 and 1 in sections:
        # A full-width page after a two-column one continues the wider, main column.
        return sections.get(0) or sections[1]
    return sections.get(0) or ("header", "")


def _heading_pair(row: Row, nxt: Row) -> bool:
    """Two short rows set as one heading over two lines ("EDUCATION AND" / "TRAINING")."""
    if nxt.page != row.page or nxt.column != row.column or abs(nxt.size - row.size) > 0.3:
        return False
    if not (0 < nxt.top - row.top <= 1.8 * max(row.size, 1.0)):
        return False
    if abs(nxt.x1 - row.x1) > 3 and abs(nxt.x0 - row.x0) > 3:
        return False
    return _looks_like_heading_text(row.text) and _looks_like_heading_text(nxt.text)


def _labelled_line(
    row: Row, section: str, sections: dict[int, tuple[str, str]], index: int
) -> Line:
    label = _leading_label(row.text)
    if label is None:
        return Line(row, section, lex.fold(row.text), index)
    kind, name, value, persistent = label
    if persistent:
        sections[row.column] = (kind, "")
    content = replace(row, text=value)
    return Line(content, kind, lex.fold(value), index, label=name)


def _cv_start_page(rows: list[Row], body_size: float) -> int:
    """1 when page one is a job board's cover page (board marks, no CV sections), else 0."""
    pages = {r.page for r in rows}
    if len(pages) < 2 or 0 not in pages:
        return 0
    first = [r for r in rows if r.page == 0]
    text = "\n".join(r.text for r in first)
    folded = lex.fold(text)
    board = lex.COVER_PAGE_MARKERS.search(text) or any(
        d in folded for d in lex.JOB_BOARD_DOMAINS if d not in {"linkedin", "xing"}
    )
    if not board:
        return 0
    cv_kinds = {_lexicon_kind(r.text) for r in first}
    if cv_kinds & {"experience", "education"}:
        return 0
    return 1


def in_header(line: Line, ctx: Context) -> bool:
    """The CV's own header: top of its first page, a contact block or a sidebar."""
    row = line.row
    if row.page != ctx.cv_page:
        return line.section in {"contact", "header"}
    height = ctx.page_heights[row.page] if row.page < len(ctx.page_heights) else 842.0
    return (
        line.section in {"header", "contact"}
        or row.top < height * 0.22
        or (row.column == -1 and line.section not in {"references"})
    )


def in_footer(line: Line, ctx: Context) -> bool:
    """The page footer, where some templates put every contact detail."""
    row = line.row
    height = ctx.page_heights[row.page] if row.page < len(ctx.page_heights) else 842.0
    return row.page >= ctx.cv_page and row.top > height * 0.86
