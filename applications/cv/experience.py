"""Years of paid work: dated jobs in the work sections, merged, without internships and studies."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from applications.cv import dates
from applications.cv import lexicon as lex
from applications.cv.fields import Context, Field, Line, src, unknown

# Sections whose dated entries are roles; only "experience" can hold paid work.
WORK_SECTIONS = {"experience", "internships", "volunteer"}


@dataclass(slots=True)
class StudyPeriod:
    """When the applicant was studying for a degree, in months; feeds the student-job rule."""

    start: int
    end: int
    level: str


@dataclass(slots=True)
class Span:
    start: int  # months since year 0
    end: int
    exact: bool
    line: Line
    kind: str = "work"  # work | internship | project | student


def _is_bullet(text: str) -> bool:
    return text[:1] in "•-*–·▪◦●"


def _short_title(line: Line | None) -> bool:
    if line is None or line.section.startswith("heading") or _is_bullet(line.row.text):
        return False
    text = line.row.text.strip()
    return len(text.split()) <= 10 and not text.endswith((".", "。"))


def _entry_text(lines: list[Line], i: int, range_rows: set[int]) -> str:
    """The job's own rows: its date row and the short title rows just above and below it."""
    parts = [lines[i].label, lines[i].row.text]
    prev = lines[i - 1] if i > 0 else None
    if i - 1 not in range_rows and _short_title(prev) and prev is not None:
        parts.append(prev.row.text)
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    if i + 1 not in range_rows and _short_title(nxt) and nxt is not None:
        parts.append(nxt.row.text)
    return " ".join(parts)


# "2023 年 10 月 ~" with its end on the next row of the same date column.
_OPEN_TAIL = re.compile(r"[-–—~]\s*$")
_LEADING_DATE = re.compile(rf"^\s*(?:{dates.DATE})")


def _stacked_end(lines: list[Line], i: int) -> tuple[int, dates.YearMonth] | None:
    row = lines[i].row
    if not _OPEN_TAIL.search(lines[i].folded):
        return None
    for j in range(i + 1, min(i + 4, len(lines))):
        nxt = lines[j].row
        if nxt.page != row.page or nxt.x1 < row.x0 - 10 or nxt.x0 > row.x1 + 10:
            continue
        match = _LEADING_DATE.match(lines[j].folded)
        if match:
            end = dates.parse_date(match.group(0))
            return (j, end) if end else None
    return None


def _line_spans(lines: list[Line], i: int, ctx: Context, used: set[int]) -> list[Span]:
    line = lines[i]
    found = [
        Span(r.start, r.end, r.exact, line)
        for r in dates.ranges_in(line.folded, ctx.created)
        if not (r.open_end and _stacked_end(lines, i))
    ]
    stacked = _stacked_end(lines, i)
    if stacked is not None:
        j, end = stacked
        start_match = _LEADING_DATE.match(line.folded)
        start = dates.parse_date(start_match.group(0)) if start_match else None
        if start is not None:
            today = dates.month_index(ctx.created.year, ctx.created.month)
            period = dates.period(start, end, today, False)
            found.append(Span(period.start, period.end, period.exact, line))
            used.add(j)
    if not found:
        match = dates.SINCE.search(line.folded)
        start = dates.parse_date(match.group("start")) if match else None
        if start is not None:
            s = dates.month_index(start[0], start[1] if start[2] else 1)
            today = dates.month_index(ctx.created.year, ctx.created.month)
            found.append(Span(s, max(s, today), start[2], line))
    return found


# Japanese 履歴書 grids: "2017  3 株式会社キャット 入社" ... "2018  9 株式会社キャット 退社".
_JOIN_LEAVE = re.compile(r"^((?:19|20)\d\d)\s+(\d{1,2})\s+(.+?)\s*(入社|退社|退職)\s*$")


def _grid_spans(ctx: Context) -> list[Span]:
    """Jobs of a Japanese CV grid, from each company's joining row to its leaving row."""
    joined: dict[str, tuple[int, Line]] = {}
    spans: list[Span] = []
    for line in ctx.lines:
        match = _JOIN_LEAVE.match(line.row.text.strip())
        if not match:
            continue
        when = dates.month_index(int(match.group(1)), int(match.group(2)))
        company = match.group(3).strip()
        if match.group(4) == "入社":
            joined[company] = (when, line)
        elif company in joined:
            start, first = joined.pop(company)
            spans.append(Span(start, when, True, first))
    today = dates.month_index(ctx.created.year, ctx.created.month)
    for start, first in joined.values():
        spans.append(Span(start, max(start, today), True, first))
    return spans


def _kind(entry: str, section: str, span: Span, studies: list[StudyPeriod]) -> str:
    if section == "volunteer":
        return "volunteer"
    if section == "internships" or lex.INTERNSHIP.search(entry):
        return "internship"
    if lex.PROJECT_ENTRY.search(entry):
        return "project"
    inside = [p for p in studies if p.start <= span.start and span.end <= p.end]
    # A job held entirely while studying for a first degree, or an assistant post held
    # while studying for any degree, is a student job.
    if any(lex.LEVEL_RANK.get(p.level, 0) <= lex.LEVEL_RANK["bachelor"] for p in inside):
        return "student"
    if inside and lex.STUDENT_ROLE.search(entry):
        return "student"
    return "work"


_STATED = re.compile(
    r"(?:(?:more\s+than|over|plus\s+de|mas\s+de|uber|mehr\s+als)\s+)?(\d{1,2})\s*\+?\s*"
    r"(?:years?|yrs|ans|anos|jahren?|年|nam)\b.{0,40}?"
    r"(?:experience|experiencia|erfahrung|berufserfahrung|经验|kinh nghiem)",
    re.IGNORECASE,
)
_STATED_AFTER = re.compile(
    r"(?:years?\s+of\s+experience|experiencia|berufserfahrung|工作经验|工作年限)[^.\d]{0,40}?"
    r"(\d{1,2})\s*(?:\+\s*)?(?:years?|yrs|anos|años|jahre|年)(?:\s*(?:and\s+)?(\d{1,2})\s*months?)?",
    re.IGNORECASE,
)


def _stated_claim(ctx: Context) -> Field:
    for line in ctx.lines:
        if line.section in {"cover", "references", "publications"}:
            continue
        text = (line.label + " " + line.folded) if line.label else line.folded
        match = _STATED.search(text)
        if match:
            return Field(float(match.group(1)), 0.6, src(line.row))
        match = _STATED_AFTER.search(lex.fold(text))
        if match:
            months = int(match.group(2) or 0)
            return Field(round(int(match.group(1)) + months / 12, 1), 0.6, src(line.row))
    return unknown()


def _merged_months(spans: list[Span]) -> int:
    spans = sorted(spans, key=lambda s: s.start)
    total = 0
    cur_s, cur_e = spans[0].start, spans[0].end
    for span in spans[1:]:
        if span.start <= cur_e + 1:
            cur_e = max(cur_e, span.end)
        else:
            total += cur_e - cur_s + 1
            cur_s, cur_e = span.start, span.end
    return total + cur_e - cur_s + 1


def _section_spans(
    ctx: Context, studies: list[StudyPeriod]
) -> tuple[list[Span], list[dict[str, Any]], bool]:
    lines = [ln for ln in ctx.lines if ln.section in WORK_SECTIONS]
    fallback = not lines and ctx.has_section <= {"header", "cover", "contact"}
    if fallback:
        # A CV without any heading (plain text): its dated rows are all we have.
        lines = [ln for ln in ctx.lines if ln.section == "header"]
    used: set[int] = set()
    per_line: dict[int, list[Span]] = {}
    for pos in range(len(lines)):
        if pos not in used:
            found = _line_spans(lines, pos, ctx, used)
            if found:
                per_line[pos] = found
    spans: list[Span] = []
    work: list[dict[str, Any]] = []
    for pos, found in per_line.items():
        entry = _entry_text(lines, pos, set(per_line))
        for span in found:
            span.kind = _kind(entry, lines[pos].section, span, studies)
            spans.append(span)
            work.append(_work_entry(lines, pos, span, ctx))
    return spans, work, fallback


def extract_experience(
    ctx: Context, studies: list[StudyPeriod]
) -> tuple[Field, Field, list[dict[str, Any]]]:
    """(years_experience, stated claim, work entries)."""
    spans, work, fallback = _section_spans(ctx, studies)
    spans += _grid_spans(ctx)
    stated = _stated_claim(ctx)
    counted = [s for s in spans if s.kind == "work"]
    if not counted:
        if any(s.kind in {"internship", "student"} for s in spans):
            # Dated roles that are all internships or student jobs: no paid experience yet.
            source = "; ".join(sorted({src(s.line.row) for s in spans}))[:300]
            return Field(0.0, 0.5, source), stated, work
        if stated.value is not None:
            return Field(stated.value, 0.35, stated.source), stated, work
        return unknown(), stated, work
    years = round(_merged_months(counted) / 12, 1)
    # Year-only dates leave up to a year of doubt at each end of every job.
    vague = sum(1 for s in counted if not s.exact)
    confidence = 0.85 if vague == 0 else 0.6 if vague == 1 else 0.45
    if fallback:
        confidence = 0.45
    if ctx.date_source != "pdf" and ctx.date_source != "printed":
        # "present" resolved to a lower bound of the document's date.
        confidence = min(confidence, 0.5)
    if stated.value is not None and abs(stated.value - years) >= 2:
        confidence = min(confidence, 0.35)
    source = "; ".join(sorted({src(s.line.row) for s in counted}))[:300]
    return Field(years, confidence, source), stated, work


_CELLS = re.compile(r"\s{2,}|\s[|,]\s|,\s")


def _work_entry(lines: list[Line], pos: int, span: Span, ctx: Context) -> dict[str, Any]:
    """Title and organisation from the date row's other cells, or the rows around it."""
    line = lines[pos]
    pieces = [p.strip(" ,|-–") for p in _CELLS.split(line.row.text)]
    pieces = [p for p in pieces if p and not dates.RANGE.search(lex.fold(p))]
    if not pieces and pos > 0:
        pieces = [p.strip() for p in _CELLS.split(lines[pos - 1].row.text) if p.strip()]
    below = lines[pos + 1] if pos + 1 < len(lines) else None
    if (
        len(pieces) < 2
        and below is not None
        and not _is_bullet(below.row.text)
        and not dates.RANGE.search(below.folded)
    ):
        pieces += [p.strip() for p in _CELLS.split(below.row.text) if p.strip()]
    today = dates.month_index(ctx.created.year, ctx.created.month)
    return {
        "title": pieces[0] if pieces else None,
        "organisation": pieces[1] if len(pieces) > 1 else None,
        "start": dates.iso(span.start),
        "end": None if span.end >= today else dates.iso(span.end),
        "internship": span.kind != "work",
    }
