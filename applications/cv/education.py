"""Degrees: each education entry's level, dates and status; the highest completed and mentioned."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from applications.cv import dates
from applications.cv import lexicon as lex
from applications.cv.experience import StudyPeriod
from applications.cv.fields import Context, Field, Line, src, unknown

_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_FIELD_AFTER = re.compile(
    r"\b(?:in|of|en|de|in|im|di|em|ngành|chuyên ngành)\s+([^,;()|\d]{3,60})", re.IGNORECASE
)
_PRESENT_END = re.compile(rf"[-–—~至]\s*(?:{dates.PRESENT_ALT})(?!\w)", re.IGNORECASE)
# A doctor's title in front of the applicant's own name ("Dr. Max Mustermann", "Dr.-Ing.").
_DR_TITLE = re.compile(r"^\s*(?:prof\.?\s+)?dr\.?(?:[\s-]+(?:ing|rer|phil|med)\.?)*\s", re.I)
# Japanese CV grids: "2014  4 東京動物大学 工学部 入学" (entered) / "... 卒業" (graduated).
_JA_EDU = re.compile(r"^(?:(?:19|20)\d\d\s+\d{1,2}\s+)?(.+?)\s*(入学|卒業|修了|中退)\s*$")
_KANA = re.compile(r"[\u3040-\u30ff]")


@dataclass(slots=True)
class _Entry:
    degree: str
    level: str
    line: Line
    field: str | None
    institution: str | None
    start: int | None
    end: int | None
    in_progress: bool

    def public(self) -> dict[str, Any]:
        return {
            "degree": self.degree,
            "level": self.level,
            "field": self.field,
            "institution": self.institution,
            "year": self.end // 12 if self.end is not None else None,
            "in_progress": self.in_progress,
        }


def _degree_level(text: str, in_education: bool) -> tuple[str, re.Match[str]] | None:
    for level, pattern in lex.DEGREE_PATTERNS:
        match = pattern.search(text)
        if match:
            return level, match
    if in_education:
        for level, pattern in lex.SHORT_DEGREE_PATTERNS:
            match = pattern.search(text)
            if match:
                return level, match
    return None


def _block(lines: list[Line], rows: list[int], n: int, above: bool) -> list[Line]:
    """The rows that belong to the n-th degree row: itself and its neighbours up to the next
    degree row, on the side where this CV puts an entry's dates and school."""
    pos = rows[n]
    if above:
        first = rows[n - 1] + 1 if n > 0 else max(0, pos - 2)
        return lines[max(first, pos - 2) : pos + 1][::-1]
    last = rows[n + 1] if n + 1 < len(rows) else len(lines)
    return lines[pos : min(last, pos + 4)]


def _dates_above(lines: list[Line], rows: list[int], ctx: Context) -> bool:
    """Whether entries carry their dates above the degree row (school and dates, then degree)."""
    for n, pos in enumerate(rows):
        if dates.ranges_in(lines[pos].folded, ctx.created):
            continue
        start = rows[n - 1] + 1 if n > 0 else max(0, pos - 2)
        return any(dates.ranges_in(ln.folded, ctx.created) for ln in lines[start:pos])
    return False


def _period(block: list[Line], ctx: Context) -> tuple[int | None, int | None, bool]:
    """(start, end, open) of the entry's dates: a range, else the latest year or date named."""
    for line in block:
        found = dates.ranges_in(line.folded, ctx.created, clamp=False)
        if found:
            period = found[0]
            return period.start, period.end, period.open_end
    for line in block:
        match = re.search(rf"(?:{dates.DATE})", line.folded)
        when = dates.parse_date(match.group(0)) if match else None
        if when is not None:
            month = when[1] if when[2] else 6
            return None, dates.month_index(when[0], month), False
    return None, None, False


def _entry(
    lines: list[Line], rows: list[int], n: int, found: tuple[str, re.Match[str]], ctx: Context
) -> _Entry:
    level, match = found
    line = lines[rows[n]]
    above = _dates_above(lines, rows, ctx)
    block = _block(lines, rows, n, above)
    start, end, is_open = _period(block, ctx)
    text = " ".join(ln.row.text for ln in block)
    today = dates.month_index(ctx.created.year, ctx.created.month)
    in_progress = (
        is_open
        or bool(lex.IN_PROGRESS.search(text))
        or bool(_PRESENT_END.search(" ".join(ln.folded for ln in block)))
        or (end is not None and end > today)
    )
    field_match = _FIELD_AFTER.search(line.row.text, match.end())
    institution = next(
        (ln.row.text.strip() for ln in block if lex.INSTITUTION.search(ln.row.text)), None
    )
    if institution and "  " in institution:
        institution = next(
            (p for p in institution.split("  ") if lex.INSTITUTION.search(p)), institution
        ).strip()
    return _Entry(
        degree=match.group(0).strip(),
        level=level,
        line=line,
        field=field_match.group(1).strip(" .-–") if field_match else None,
        institution=institution,
        start=start,
        end=end,
        in_progress=in_progress,
    )


def _japanese_entries(lines: list[Line]) -> list[_Entry]:
    """履歴書 rows: a school entered (入学) and never left (卒業/修了) is still being attended."""
    found: list[tuple[str, str, Line]] = []
    for line in lines:
        match = _JA_EDU.match(line.row.text.strip())
        if match:
            found.append((match.group(1), match.group(2), line))
    graduated = {school.split()[0] for school, event, _ in found if event in {"卒業", "修了"}}
    entries: list[_Entry] = []
    for school, event, line in found:
        level = (
            "master"
            if "大学院" in school
            else "associate"
            if "短期大学" in school
            else "bachelor"
            if "大学" in school
            else "secondary"
            if "高校" in school or "高等学校" in school
            else None
        )
        if level is None or event == "中退":
            continue
        if event == "入学" and school.split()[0] in graduated:
            continue  # the 卒業 row of the same school speaks for it
        year = _YEAR.search(line.row.text)
        end = dates.month_index(int(year.group(0)), 6) if year else None
        entries.append(
            _Entry(school, level, line, None, school.split()[0], None, end, event == "入学")
        )
    return entries


def extract_education(
    ctx: Context, name_source: str = ""
) -> tuple[list[dict[str, Any]], Field, Field, list[StudyPeriod]]:
    """(entries, highest completed level, highest mentioned level, periods of study)."""
    lines = [ln for ln in ctx.lines if ln.section in {"education", "heading:education"}]
    in_section = any(ln.section == "education" for ln in lines)
    if not in_section:
        lines = [ln for ln in ctx.lines if ln.section in {"header", "summary", "other"}]
    entries: list[_Entry] = []
    if any(_KANA.search(ln.row.text) for ln in lines):
        entries = _japanese_entries(lines)
        japanese = {id(e.line) for e in entries}
        lines = [ln for ln in lines if id(ln) not in japanese and not _JA_EDU.match(ln.row.text)]
    rows: list[int] = []
    levels: list[tuple[str, re.Match[str]]] = []
    for pos, line in enumerate(lines):
        found = _degree_level(line.row.text, in_section)
        if found:
            rows.append(pos)
            levels.append(found)
    entries += [_entry(lines, rows, n, found, ctx) for n, found in enumerate(levels)]
    _infer_starts(entries)
    base = 0.85 if in_section else 0.55
    highest = unknown()
    completed = [e for e in entries if not e.in_progress]
    if completed:
        best = max(completed, key=lambda e: lex.LEVEL_RANK[e.level])
        highest = Field(best.level, base, src(best.line.row))
    if _DR_TITLE.match(name_source) and lex.LEVEL_RANK.get(highest.value or "", -1) < 5:
        # "Dr." before one's own name is a doctorate in the countries that protect the title.
        highest = Field("phd", 0.5, "title before the name: " + name_source[:100])
    mentioned = unknown()
    if entries:
        best = max(entries, key=lambda e: lex.LEVEL_RANK[e.level])
        mentioned = Field(best.level, base, src(best.line.row))
    if highest.value and lex.LEVEL_RANK[highest.value] > lex.LEVEL_RANK.get(mentioned.value, -1):
        mentioned = highest
    studies = [
        StudyPeriod(e.start, e.end, e.level)
        for e in entries
        if e.start is not None and e.end is not None
    ]
    return [e.public() for e in entries], highest, mentioned, studies


def _infer_starts(entries: list[_Entry]) -> None:
    """A degree printed with its end date only began when the previous one ended."""
    ended = sorted((e for e in entries if e.end is not None), key=lambda e: e.end or 0)
    for k, entry in enumerate(ended):
        if entry.start is None and k > 0:
            previous_end = ended[k - 1].end
            if previous_end is not None and entry.end is not None and previous_end < entry.end:
                entry.start = previous_end
