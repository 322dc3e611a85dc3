"""Dates on CVs: the date shapes, ranges between them, and the document's own date."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from applications.cv import lexicon as lex
from applications.cv.layout import Row

# Everything here is matched on folded text (lower case, no accents): "März" is "marz".
_MONTH_ALT = "|".join(sorted({re.escape(lex.fold(m)) for m in lex.MONTHS}, key=len, reverse=True))
PRESENT_ALT = "|".join(
    sorted({re.escape(lex.fold(p)) for p in lex.PRESENT_WORDS}, key=len, reverse=True)
)
_Y = r"(?:19|20)\d\d"
DATE = (
    rf"(?:\b(?:{_MONTH_ALT})\.?,?\s*(?:de\s+|del\s+)?{_Y}"  # Jan 2019, enero de 2019
    rf"|{_Y}\s*(?:\b(?:{_MONTH_ALT})\b\.?)"  # 2006 April (German stacked columns)
    rf"|\d{{1,2}}\s*[/.-]\s*\d{{1,2}}\s*[/.-]\s*{_Y}"  # 01.03.2019
    rf"|\d{{1,2}}\s*[/.]\s*{_Y}"  # 03/2019
    rf"|{_Y}\s*[/.-]\s*\d{{1,2}}(?!\d)"  # 2019.09
    rf"|{_Y}\s*年\s*(?:\d{{1,2}}\s*月?)?"  # 2019年9月
    rf"|thang\s*\d{{1,2}}\s*(?:[/,]|nam)?\s*{_Y}"  # tháng 9/2019
    rf"|{_Y})"
)
# Separators between the two ends; arrows and soft hyphens are dashes by now (layout).
_SEP = r"\s*(?:[-–—~]|至|\s(?:to|until|till|bis|au|a|al|hasta|den|tot|ate|fino\s+a)\s)\s*"
_END = rf"(?:预计|expected\s+)?(?:{DATE})|{PRESENT_ALT}"
RANGE = re.compile(
    rf"(?<![\d/.])(?P<start>{DATE})(?:{_SEP}(?P<end>{_END})"
    rf"|\s{{2,}}(?P<gap_end>(?:\b(?:{_MONTH_ALT})\.?\s*{_Y}|{PRESENT_ALT})\b)"
    rf"|\s*(?P<open>[-–—~]\s*(?:$|\s{{2}})))",
    re.IGNORECASE,
)
# Two-digit years need a range to be read as dates: "15.01-15.12" (YY.MM), "09/19 - 06/21".
SHORT_RANGE = re.compile(
    rf"(?<![\d/.])(?P<a>\d{{2}})(?P<s1>[./])(?P<b>\d{{2}})\s*[-–—~]\s*"
    rf"(?:(?P<c>\d{{2}})(?P<s2>[./])(?P<d>\d{{2}})|(?P<present>{PRESENT_ALT}))(?![\d/.])",
    re.IGNORECASE,
)
SINCE = re.compile(rf"(?:since|seit|depuis|desde|dal|tu|从)\s+(?P<start>{DATE})", re.IGNORECASE)
PRESENT = re.compile(rf"^(?:{PRESENT_ALT})$", re.IGNORECASE)
_MONTH_NAME = re.compile(rf"\b({_MONTH_ALT})\b\.?", re.IGNORECASE)
_NUMS = re.compile(r"\d+")
_MONTHS_FOLDED = {lex.fold(name): number for name, number in lex.MONTHS.items()}

YearMonth = tuple[int, int, bool]  # (year, month or 0, month known)
# Every date shape but the two-digit ranges has a four-digit year: a cheap test first.
HAS_YEAR = re.compile(r"(?:19|20)\d\d")


def parse_date(text: str) -> YearMonth | None:
    """(year, month, month_known) from one date string of the DATE shapes."""
    nums = [int(n) for n in _NUMS.findall(text)]
    years = [n for n in nums if 1900 <= n <= 2100]
    if not years:
        return None
    year = years[0]
    month_name = _MONTH_NAME.search(text)
    if month_name:
        month = _MONTHS_FOLDED.get(month_name.group(1).lower())
        if month:
            return year, month, True
    others = [n for n in nums if n != year or nums.count(n) > 1]
    # "01.03.2019": the month is the number just before the year.
    if (
        len(others) >= 2
        and 1 <= others[-1] <= 12
        and text.find(str(others[-1])) < text.find(str(year))
    ):
        return year, others[-1], True
    if others and 1 <= others[0] <= 12:
        return year, others[0], True
    return year, 0, False


def month_index(year: int, month: int) -> int:
    return year * 12 + month - 1


def iso(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


@dataclass(slots=True)
class Range:
    """A period in months since year 0, both ends included."""

    start: int
    end: int
    exact: bool  # both ends name a month
    open_end: bool = False  # "present", "至今" or a dangling dash


def ranges_in(folded: str, created: date, *, clamp: bool = True) -> list[Range]:
    """Every period written in one folded row; "present" is the document's date.

    With `clamp`, no end is later than the document's date.
    """
    today = month_index(created.year, created.month) if clamp else month_index(2200, 1)
    found: list[Range] = []
    if not HAS_YEAR.search(folded):
        return [
            short
            for short in (_short_period(m, created, today) for m in SHORT_RANGE.finditer(folded))
            if short is not None
        ]
    for match in RANGE.finditer(folded):
        start = parse_date(match.group("start"))
        if start is None:
            continue
        end_text = match.group("end") or match.group("gap_end")
        if end_text is None and not match.group("open"):
            continue
        is_open = end_text is None or bool(PRESENT.match(end_text.strip()))
        end = (created.year, created.month, True) if is_open else parse_date(end_text or "")
        if end is None:
            continue
        found.append(period(start, end, today, is_open))
    for match in SHORT_RANGE.finditer(folded):
        short = _short_period(match, created, today)
        if short is not None:
            found.append(short)
    return found


def period(start: YearMonth, end: YearMonth, today: int, is_open: bool) -> Range:
    # Year-only dates count as whole years: "2005 - 2010" is five years, "2014 - present"
    # starts in January.
    s = month_index(start[0], start[1] if start[2] else 1)
    e = month_index(end[0], end[1]) if end[2] else month_index(end[0], 1) - 1
    if not is_open:
        e = min(e, today)
    if e < s:
        e = s + 5 if start[0] == end[0] else s
    return Range(s, e, start[2] and end[2], is_open)


def _short_period(match: re.Match[str], created: date, today: int) -> Range | None:
    a, b = int(match.group("a")), int(match.group("b"))
    # "15.01" (YY.MM) in Chinese and Typst CVs; "09/19" (MM/YY) with a slash.
    if match.group("s1") == "/" and a <= 12 or b > 12:
        month, year = a, b
    else:
        year, month = a, b
    if not 1 <= month <= 12:
        return None
    start = (_century(year, created), month, True)
    if match.group("present"):
        return period(start, (created.year, created.month, True), today, True)
    c, d = int(match.group("c")), int(match.group("d"))
    if match.group("s2") == "/" and c <= 12 or d > 12:
        end_month, end_year = c, d
    else:
        end_year, end_month = c, d
    if not 1 <= end_month <= 12:
        return None
    return period(start, (_century(end_year, created), end_month, True), today, False)


def _century(two_digits: int, created: date) -> int:
    # CVs that write two-digit years are recent: up to a year after the document is 20xx.
    pivot = max(created.year, 2030) + 1
    return 2000 + two_digits if 2000 + two_digits <= pivot else 1900 + two_digits


def is_date_range(text: str) -> bool:
    match = RANGE.search(lex.fold(text))
    return bool(match and (match.group("end") or match.group("gap_end")))


# --- the document's date ---------------------------------------------------------------------

_FULL_DATE = re.compile(
    rf"\b\d{{1,2}}\.?\s*(?:de\s+)?(?:{_MONTH_ALT})\.?,?\s*(?:de\s+)?{_Y}\b"  # 29. Dezember 2019
    rf"|\b(?:{_MONTH_ALT})\.?\s+\d{{1,2}},?\s+{_Y}\b"  # December 29, 2019
    rf"|\b\d{{1,2}}[./-]\d{{1,2}}[./-]{_Y}\b"  # 11-05-2024
    rf"|\b{_Y}-\d{{2}}-\d{{2}}\b"  # 2024-05-11
    rf"|{_Y}\s*年\s*\d{{1,2}}\s*月(?:\s*\d{{1,2}}\s*日)?",  # 2020 年 8 月
    re.IGNORECASE,
)
_DATE_CUE = re.compile(
    r"generated\s+on|\bdate\s*:|\bdated\b|\bstand\s*:|\bdatum\s*:|\bfecha\s*:|日期|更新于|最后更新"
    r"|last\s+updated|updated\s+on",
    re.IGNORECASE,
)
_BIRTH = re.compile(
    r"birth|born|geboren|geburt|naissance|nacimiento|nascita|出生|生年月日|sinh|γέννησης|\bdob\b",
    re.IGNORECASE,
)
_PLACE_DATE = re.compile(r"^[^\d,]{2,40},\s*(?P<date>.+)$")


def _printed_date(rows: list[Row], page_heights: list[float]) -> date | None:
    """A date the CV prints as its own: "Berlin, 29 December 2019", "Generated on 11-05-2024",
    or a date alone in the page header or footer (never a birth date)."""
    found: list[date] = []
    for row in rows:
        text = row.text
        if not HAS_YEAR.search(text) or _BIRTH.search(text):
            continue
        if not _FULL_DATE.search(lex.fold(text)):
            continue
        height = page_heights[row.page] if row.page < len(page_heights) else 842.0
        edge = row.top < height * 0.08 or row.top > height * 0.9
        for piece in text.split("  "):
            folded = lex.fold(piece.strip())
            match = _FULL_DATE.search(folded)
            if match is None:
                continue
            place = _PLACE_DATE.match(folded)
            alone = match.group(0).strip() == folded.strip(" .")
            if (
                _DATE_CUE.search(folded)
                or (place and place.group("date").strip(" .") == match.group(0))
                or (alone and edge)
            ):
                when = _full_date(match.group(0))
                if when is not None:
                    found.append(when)
    return max(found) if found else None


def _full_date(text: str) -> date | None:
    """A date from one _FULL_DATE match; numeric dates are day first (as outside the US)."""
    nums = [int(n) for n in _NUMS.findall(text)]
    years = [n for n in nums if n >= 1900]
    if not years:
        return None
    year = years[0]
    rest = [n for n in nums if n != year]
    name = _MONTH_NAME.search(text)
    if name:
        month = _MONTHS_FOLDED.get(name.group(1).lower(), 0)
        day = rest[0] if rest else 1
    elif "年" in text or text.startswith(str(year)):
        month, day = (rest + [1, 1])[:2]
    else:
        day, month = (rest + [1, 1])[:2]
        if month > 12 >= day:
            day, month = month, day
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _latest(rows: list[Row]) -> tuple[int | None, int | None]:
    """(latest start of a range, latest month named anywhere) on the CV.

    A start cannot be later than the document; another date can ("expected July 2025"), so
    rows that announce the future are left out of the second.
    """
    latest_start: int | None = None
    latest_any: int | None = None
    for row in rows:
        if not HAS_YEAR.search(row.text):
            continue
        folded = lex.fold(row.text)
        for found in ranges_in(folded, _UNDATED, clamp=False):
            latest_start = max(latest_start or found.start, found.start)
        if _BIRTH.search(folded) or lex.IN_PROGRESS.search(folded):
            continue
        for match in _ANY_DATE.finditer(folded):
            when = parse_date(match.group(0))
            if when is not None:
                index = month_index(when[0], when[1] if when[2] else 1)
                latest_any = max(latest_any or index, index)
    return latest_start, latest_any


_ANY_DATE = re.compile(rf"(?<![\d/.])(?:{DATE})")
_UNDATED = date(2030, 1, 1)  # only to read two-digit years; "present" ends are skipped


def _month_date(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def document_date(
    rows: list[Row], page_heights: list[float], pdf_date: date | None
) -> tuple[date | None, str]:
    """The date "present" means, and where it came from.

    A date the CV prints wins; then the PDF's CreationDate unless it is earlier than dates the
    CV itself names (reproducible builds stamp 1980); then the latest month the CV names, a
    lower bound. None when the CV names no date at all.
    """
    printed = _printed_date(rows, page_heights)
    latest_start, latest_any = _latest(rows)
    floor = _month_date(latest_start) if latest_start is not None else None
    if printed is not None and (floor is None or printed >= floor):
        return printed, "printed"
    if pdf_date is not None and pdf_date.year >= 1995 and (floor is None or pdf_date >= floor):
        return pdf_date, "pdf"
    if latest_any is not None:
        return _month_date(latest_any), "latest date on the CV"
    return pdf_date, "pdf" if pdf_date else "unknown"
