"""Field extraction from ordered CV rows: sections, contact, name, degrees, jobs, languages."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from statistics import median
from typing import Any

import phonenumbers

from applications.cv import lexicon as lex
from applications.cv.layout import Row

CONFIDENCE_THRESHOLD = 0.5


@dataclass(slots=True)
class Field:
    value: Any
    confidence: float
    source: str

    def as_dict(self) -> dict[str, Any]:
        return {"value": self.value, "confidence": round(self.confidence, 2), "source": self.source}


def unknown(empty: Any = None) -> Field:
    return Field(value=empty, confidence=0.0, source="")


@dataclass(slots=True)
class Line:
    """A row with the section it falls in and its folded text, computed once."""

    row: Row
    section: str
    folded: str
    index: int


@dataclass(slots=True)
class Context:
    lines: list[Line]
    cv_page: int  # first page of the CV proper (1 when a job-board cover page comes first)
    page_heights: list[float]
    created: date
    body_size: float
    has_section: set[str] = field(default_factory=set)


def _src(row: Row) -> str:
    text = row.text if len(row.text) <= 140 else row.text[:137] + "..."
    return f"page {row.page + 1}: {text}"


# --- sections --------------------------------------------------------------------------------

_INLINE_LABEL = re.compile(r"^\s*([^:：|]{2,40}?)\s*[:：|]\s*(.*)$")


def _heading_kind(row: Row, body_size: float, section: str = "") -> str | None:
    text = row.text.strip(" :：-–|•")
    if not text or len(text) > 48 or any(ch.isdigit() for ch in text):
        return None
    kind = lex.HEADING_LOOKUP.get(lex.heading_key(text))
    if kind and len(text.split()) <= 6:
        return kind
    # An unknown heading set larger than the body ends the previous section.
    if (
        section != "header"
        and body_size
        and row.size >= body_size * 1.2
        and len(text.split()) <= 4
        and (row.bold or text.isupper())
    ):
        return "other"
    return None


def build_context(rows: list[Row], page_heights: list[float], created: date) -> Context:
    sizes = [r.size for r in rows if r.size]
    body_size = median(sizes) if sizes else 0.0
    cv_page = _cv_start_page(rows, body_size)
    lines: list[Line] = []
    section = "header"
    last_page = -1
    last_column = 0
    for row in rows:
        if row.page < cv_page:
            lines.append(Line(row, "cover", lex.fold(row.text), len(lines)))
            continue
        if row.page != last_page and row.page == cv_page:
            section = "header"
        elif row.column != last_column and row.page == last_page:
            # A new column starts its own sections; a sidebar's "Languages" must not swallow
            # the name at the top of the main column.
            section = "header"
        last_page = row.page
        last_column = row.column
        kind = _heading_kind(row, body_size, section)
        if kind:
            section = kind
            lines.append(Line(row, "heading:" + kind, lex.fold(row.text), len(lines)))
            continue
        label = _INLINE_LABEL.match(row.text)
        if label:
            inline = lex.HEADING_LOOKUP.get(lex.heading_key(label.group(1)))
            if inline in {"languages", "skills"}:
                content = Row(**{**_row_fields(row), "text": label.group(2)})
                lines.append(Line(content, inline, lex.fold(content.text), len(lines)))
                continue
        lines.append(Line(row, section, lex.fold(row.text), len(lines)))
    return Context(
        lines=lines,
        cv_page=cv_page,
        page_heights=page_heights,
        created=created,
        body_size=body_size,
        has_section={ln.section for ln in lines},
    )


def _row_fields(row: Row) -> dict[str, Any]:
    return {name: getattr(row, name) for name in Row.__slots__}


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
    cv_kinds = {_heading_kind(r, body_size) for r in first}
    if cv_kinds & {"experience", "education"}:
        return 0
    return 1


def _in_header(line: Line, ctx: Context) -> bool:
    row = line.row
    if row.page != ctx.cv_page:
        return line.section in {"contact", "header"}
    height = ctx.page_heights[row.page] if row.page < len(ctx.page_heights) else 842.0
    return (
        line.section in {"header", "contact"}
        or row.top < height * 0.22
        or (row.column == -1 and line.section not in {"references"})
    )


# --- e-mail ----------------------------------------------------------------------------------

EMAIL = re.compile(r"[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_EMAIL_FULL = re.compile(EMAIL.pattern + r"$")
_TAIL_TOKEN = re.compile(r"(\S+)$")
_HEAD_TOKEN = re.compile(r"^(\S+)")
_EMAIL_LABEL = re.compile(r"e-?mail|courriel|correo|邮箱|电子邮件|mailto", re.IGNORECASE)
_BAD_SECTIONS = {"experience", "education", "publications", "references", "cover", "skills"}


@dataclass(slots=True)
class Candidate:
    value: str
    line: Line
    score: float
    raw: str = ""


def _email_candidates(ctx: Context) -> list[Candidate]:
    found: list[Candidate] = []
    lines = ctx.lines
    for i, line in enumerate(lines):
        text = line.row.text.replace("mailto:", " ")
        hits = [m.group(0) for m in EMAIL.finditer(text)]
        # An address wrapped over two lines: "jane.doe@uni-" + "heidelberg.de".
        tail = _TAIL_TOKEN.search(text)
        if i + 1 < len(lines) and tail and ("@" in tail.group(1) or tail.group(1).endswith(".")):
            head = _HEAD_TOKEN.search(lines[i + 1].row.text)
            if head:
                joined = tail.group(1) + head.group(1)
                ends_open = tail.group(1)[-1] in "@.-_" or head.group(1)[0] in "@."
                match = _EMAIL_FULL.match(joined.rstrip(".,;"))
                if match and (ends_open or not _EMAIL_FULL.match(tail.group(1))):
                    hits = [h for h in hits if not joined.startswith(h)] + [match.group(0)]
        for hit in hits:
            hit = hit.strip(".").lower()
            domain = hit.rsplit("@", 1)[1]
            if any(board in domain for board in lex.JOB_BOARD_DOMAINS):
                continue
            if line.section in {"cover", "references"}:
                continue
            score = 0.0
            if _in_header(line, ctx):
                score += 3
            if _EMAIL_LABEL.search(line.row.text):
                score += 1
            if line.section in _BAD_SECTIONS:
                score -= 3
            found.append(Candidate(hit, line, score))
    return found


def _pick(candidates: list[Candidate]) -> tuple[Candidate | None, float]:
    """Best candidate and the margin over the best different value."""
    if not candidates:
        return None, 0.0
    best: dict[str, Candidate] = {}
    for c in candidates:
        if c.value not in best or c.score > best[c.value].score:
            best[c.value] = c
    ranked = sorted(best.values(), key=lambda c: (-c.score, c.line.index))
    margin = ranked[0].score - ranked[1].score if len(ranked) > 1 else 99.0
    return ranked[0], margin


def _repeated_on_every_page(value: str, ctx: Context) -> bool:
    pages = {ln.row.page for ln in ctx.lines if ln.row.page >= ctx.cv_page}
    if len(pages) < 2:
        return False
    hit_pages = {ln.row.page for ln in ctx.lines if value in ln.row.text.lower()}
    return pages <= hit_pages


def extract_email(ctx: Context, name: str | None) -> Field:
    candidates = _email_candidates(ctx)
    tokens = _name_tokens(name)
    for c in candidates:
        local = lex.fold(c.value.split("@")[0])
        if tokens and any(t in local for t in tokens):
            c.score += 2
        if _repeated_on_every_page(c.value, ctx) and c.score < 3:
            c.score -= 2
    best, margin = _pick(candidates)
    if best is None:
        return unknown()
    confidence = 0.95 if best.score >= 3 else 0.75 if best.score >= 1 else 0.5
    if margin < 1:
        confidence = min(confidence, 0.55)
    return Field(best.value, confidence, _src(best.line.row))


def _name_tokens(name: str | None) -> list[str]:
    if not name:
        return []
    return [t for t in re.split(r"[\s.'’-]+", lex.fold(name)) if len(t) >= 3 and t.isascii()]


# --- phone -----------------------------------------------------------------------------------

_PHONE_RUN = re.compile(r"(?:\+|\b00)?\(?\d[\d \u00a0().\-/]{5,}\d")
_DATE_LIKE = re.compile(
    r"^\(?(?:\d{1,2}[./-])?\d{1,2}[./-](?:19|20)\d\d\)?$|^(?:19|20)\d\d[./-]\d{1,2}(?:[./-]\d{1,2})?$"
)
_YEARS_ONLY = re.compile(r"^(?:(?:19|20)\d\d\D*){1,4}$")
_DIGITS = re.compile(r"\d")
_FAX = re.compile(r"\bfax\b", re.IGNORECASE)
_TLD = re.compile(r"@[\w.-]+\.([a-z]{2,})$")


def _region_hints(ctx: Context, emails: Iterable[str]) -> list[str]:
    hints: list[str] = []
    for email in emails:
        match = _TLD.search(email)
        if match:
            tld = match.group(1)
            region = lex.TLD_REGION_OVERRIDES.get(tld, tld.upper() if len(tld) == 2 else None)
            if region and region not in hints:
                hints.append(region)
    header = [ln for ln in ctx.lines if _in_header(ln, ctx) and ln.section != "cover"]
    rest = [ln for ln in ctx.lines if ln.section not in {"cover", "references"}]
    for group in (header, rest):
        for ln in group:
            for match in lex.COUNTRY_PATTERN.finditer(ln.folded):
                region = lex.COUNTRY_BY_FOLDED.get(match.group(0))
                if region and region not in hints:
                    hints.append(region)
    return hints


def _parse_phone(raw: str, hints: list[str]) -> phonenumbers.PhoneNumber | None:
    regions: list[str | None] = [None] if raw.startswith(("+", "00", "(+")) else []
    regions.extend(hints)
    for region in regions:
        try:
            number = phonenumbers.parse(raw, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return number
    return None


def extract_phone(ctx: Context, emails: Iterable[str], default_region: str | None) -> Field:
    hints = _region_hints(ctx, emails)
    if default_region and default_region not in hints:
        hints.append(default_region)
    candidates: list[Candidate] = []
    for line in ctx.lines:
        if line.section in {"cover", "references"}:
            continue
        text = line.row.text.replace("tel:", " ")
        for match in _PHONE_RUN.finditer(text):
            raw = match.group(0).strip(" -./")
            digits = len(_DIGITS.findall(raw))
            if not 7 <= digits <= 15:
                continue
            compact = raw.replace(" ", "")
            if _DATE_LIKE.match(compact) or _YEARS_ONLY.match(raw) or _is_date_range(raw):
                continue
            number = _parse_phone(raw, hints)
            if number is None:
                continue
            value = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
            score = 0.0
            prefix = text[max(0, match.start() - 25) : match.start()]
            if lex.PHONE_LABEL.search(prefix) or lex.PHONE_LABEL.search(text[:20]):
                score += 3
            if _in_header(line, ctx):
                score += 2
            if raw.startswith(("+", "00")):
                score += 1
            if line.section in _BAD_SECTIONS:
                score -= 3
            if _FAX.search(prefix):
                score -= 4
            candidates.append(Candidate(value, line, score, raw))
    best, margin = _pick(candidates)
    if best is None:
        return unknown()
    confidence = 0.95 if best.score >= 4 else 0.85 if best.score >= 2 else 0.5
    if margin < 1:
        confidence = min(confidence, 0.55)
    return Field(best.value, confidence, _src(best.line.row))


# --- name ------------------------------------------------------------------------------------

_NAME_TOKEN = re.compile(r"^[^\W\d_][^\W\d_.'’-]*(?:[.'’-][^\W\d_]*)*\.?$")
_CJK = re.compile(r"^[\u4e00-\u9fff\u3400-\u4dbf\uac00-\ud7af]{2,4}$")
_PIECES = re.compile(r"\s{2,}|\s[|•·]\s")
_CJK_NOT_NAME = re.compile(
    "简历|履历|个人|经理|主管|研究|助理|专员|工程师|教授|博士|硕士|学士|大学|学院|中国|北京|上海|电话|"
    "邮箱|地址|手机|工作|教育|技能|语言|论文|项目|秘书|主任|部门|中心"
)


@dataclass(slots=True)
class _NamePart:
    text: str
    line: Line
    tokens: int
    labelled: bool


_HONORIFICS = re.compile(
    r"^(?:dr|prof|mr|mrs|ms|mx|dipl\.-ing)\.?\s+"
    r"|,\s*(?:ph\.?\s?d|d\.?\s?phil|m\.?\s?sc|mba|m\.?\s?a|b\.?\s?sc|md|cpa|pmp|frs)\.?$"
    r"|\s+ph\.\s?d\.?$|\s+phd$",
    re.IGNORECASE,
)


def _name_part(text: str, line: Line, labelled: bool = False) -> _NamePart | None:
    text = _HONORIFICS.sub("", text.strip(" ,;|")).strip(" ,;|")
    if not text or "@" in text or ":" in text or "/" in text:
        return None
    key = lex.heading_key(text)
    if key in lex.CV_TITLES or key in lex.HEADING_LOOKUP:
        return None
    if _CJK.match(text.replace(" ", "")):
        compact = text.replace(" ", "")
        if _CJK_NOT_NAME.search(compact):
            return None
        return _NamePart(compact, line, 2, labelled)
    tokens = text.split()
    if not 1 <= len(tokens) <= 6:
        return None
    core = 0
    for token in tokens:
        folded = lex.fold(token).strip(",")
        if folded in lex.NAME_PARTICLES:
            continue
        if folded in lex.NOT_NAME_WORDS or not _NAME_TOKEN.match(token.strip(",")):
            return None
        core += 1
    if core == 0 or core > 5:
        return None
    if lex.COUNTRY_PATTERN.fullmatch(lex.fold(text)):
        return None
    return _NamePart(text, line, core, labelled)


def _line_name_parts(line: Line) -> list[_NamePart]:
    label = lex.NAME_LABEL.match(line.row.text)
    if label:
        part = _name_part(_PIECES.split(line.row.text[label.end() :])[0], line, labelled=True)
        return [part] if part else []
    parts = []
    for piece in _PIECES.split(line.row.text):
        part = _name_part(piece, line)
        if part:
            parts.append(part)
    return parts


def extract_name(ctx: Context, email_locals: list[str]) -> Field:
    page_lines = [
        ln for ln in ctx.lines if ln.row.page == ctx.cv_page and ln.section in {"header", "contact"}
    ]
    height = ctx.page_heights[ctx.cv_page] if ctx.cv_page < len(ctx.page_heights) else 842.0
    top_lines = [ln for ln in page_lines if ln.row.top < height * 0.35][:14]
    rank = {ln.index: n for n, ln in enumerate(top_lines)}
    parts: list[_NamePart] = []
    for line in top_lines:
        parts.extend(_line_name_parts(line))
    candidates: list[tuple[float, str, Line]] = []
    body = ctx.body_size or 10.0
    joined_parts: set[int] = set()
    for i, part in enumerate(parts):
        texts = []
        nxt = parts[i + 1] if i + 1 < len(parts) else None
        if (
            nxt is not None
            and nxt.line.index == part.line.index + 1
            and abs(nxt.line.row.size - part.line.row.size) <= 1.0
            and part.line.row.size >= body * 1.2
            and part.tokens + nxt.tokens <= 5
            and nxt.line.row.top - part.line.row.top <= part.line.row.size * 2.5
        ):
            # A name set over two lines: given name above, family name below. Either line
            # alone is then only part of the name.
            bold = part.line.row.bold or nxt.line.row.bold
            texts.append((part.text + " " + nxt.text, part.tokens + nxt.tokens, 0.6, bold))
            joined_parts.update({i, i + 1})
        if (part.tokens >= 2 or part.labelled) and i not in joined_parts:
            texts.append((part.text, part.tokens, 0.0, part.line.row.bold))
        elif part.tokens >= 2 or part.labelled:
            texts.append((part.text, part.tokens, -1.5, part.line.row.bold))
        for text, tokens, bonus, bold in texts:
            row = part.line.row
            score = 2.0 * (row.size / body) + (1.0 if bold else 0.0) + bonus
            score += 3.0 if part.labelled else 0.0
            if tokens > 4:
                score -= 0.5
            score -= 0.08 * rank[part.line.index]
            letters = [t for t in text.split() if t[:1].isalpha()]
            if letters and all(
                t[0].isupper() for t in letters if lex.fold(t) not in lex.NAME_PARTICLES
            ):
                score += 0.5
            name_tokens = _name_tokens(text)
            if name_tokens and any(t in local for t in name_tokens for local in email_locals):
                score += 1.5
            candidates.append((score, text, part.line))
    if not candidates:
        return unknown()
    candidates.sort(key=lambda c: -c[0])
    best_score, best_text, best_line = candidates[0]
    runner = next((c[0] for c in candidates[1:] if best_text.find(c[1]) < 0), None)
    margin = best_score - runner if runner is not None else 2.0
    strong = best_line.row.size >= body * 1.15 or best_line.row.bold or best_score >= 5
    confidence = min(0.97, 0.5 + margin / 4) if strong else min(0.45, 0.2 + margin / 4)
    return Field(best_text, max(confidence, 0.1), _src(best_line.row))


# --- dates and experience --------------------------------------------------------------------

_MONTH_ALT = "|".join(sorted({re.escape(lex.fold(m)) for m in lex.MONTHS}, key=len, reverse=True))
_PRESENT_ALT = "|".join(
    sorted({re.escape(lex.fold(p)) for p in lex.PRESENT_WORDS}, key=len, reverse=True)
)
_DATE = (
    rf"(?:\b(?:{_MONTH_ALT})\.?\s*(?:de\s+|del\s+)?(?:19|20)\d\d"
    r"|\d{1,2}\s*[/.]\s*(?:19|20)\d\d"
    r"|(?:19|20)\d\d\s*[/.-]\s*\d{1,2}(?!\d)"
    r"|(?:19|20)\d\d\s*年\s*\d{1,2}\s*月?"
    r"|thang\s*\d{1,2}\s*(?:[/,]|nam)?\s*(?:19|20)\d\d"
    r"|(?:19|20)\d\d)"
)
_SEP = r"\s*(?:[-–—~]|至|\s(?:to|until|till|bis|au|a|al|hasta|den|tot|ate)\s)\s*"
RANGE = re.compile(
    rf"(?<![\d/.])(?P<start>{_DATE})(?:{_SEP}(?P<end>{_DATE}|{_PRESENT_ALT})"
    rf"|\s*(?P<open>[-–—]\s*(?:$|\s{{2}})))",
    re.IGNORECASE,
)
_SINCE = re.compile(rf"(?:since|seit|depuis|desde|tu|从)\s+(?P<start>{_DATE})", re.IGNORECASE)
_PRESENT = re.compile(rf"^(?:{_PRESENT_ALT})$", re.IGNORECASE)
_MONTH_NAME = re.compile(rf"({_MONTH_ALT})\.?", re.IGNORECASE)
_NUMS = re.compile(r"\d+")
_MONTHS_FOLDED = {lex.fold(name): number for name, number in lex.MONTHS.items()}


def _is_date_range(text: str) -> bool:
    match = RANGE.search(lex.fold(text))
    return bool(match and match.group("end"))


def _parse_date(text: str) -> tuple[int, int, bool] | None:
    """(year, month, month_known) from one date string of the _DATE shapes."""
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
    if others and 1 <= others[0] <= 12:
        return year, others[0], True
    return year, 0, False


@dataclass(slots=True)
class Span:
    start: int  # months since year 0
    end: int
    exact: bool
    line: Line
    internship: bool = False


def _month_index(year: int, month: int) -> int:
    return year * 12 + month - 1


def _spans_in(line: Line, created: date) -> list[Span]:
    spans: list[Span] = []
    today = _month_index(created.year, created.month)
    text = line.folded
    for match in RANGE.finditer(text):
        start = _parse_date(match.group("start"))
        if start is None:
            continue
        end_text = match.group("end")
        if end_text is None or _PRESENT.match(end_text.strip()):
            end: tuple[int, int, bool] | None = (created.year, created.month, True)
            if end_text is None and not match.group("open"):
                continue
        else:
            end = _parse_date(end_text)
        if end is None:
            continue
        exact = start[2] and end[2]
        # Year-only dates: take mid-year at both ends, the unbiased guess.
        s = _month_index(start[0], start[1] if start[2] else 7)
        e = _month_index(end[0], end[1] if end[2] else 6)
        e = min(e, today)
        if e < s:
            if start[0] == end[0]:
                e = s + 5
            else:
                continue
        spans.append(Span(s, e, exact, line))
    if not spans:
        match = _SINCE.search(text)
        if match:
            start = _parse_date(match.group("start"))
            if start:
                s = _month_index(start[0], start[1] if start[2] else 7)
                spans.append(Span(s, today, start[2], line))
    return spans


def _is_bullet(text: str) -> bool:
    return text[:1] in "•-*–·▪◦●"


def _entry_text(lines: list[Line], i: int, range_rows: set[int]) -> str:
    """The job's own rows: its date row, the title row above, or the row below a dates-only row."""
    parts = [lines[i].row.text]
    prev = lines[i - 1] if i > 0 else None
    if (
        prev is not None
        and i - 1 not in range_rows
        and not prev.section.startswith("heading")
        and not _is_bullet(prev.row.text)
        and len(prev.row.text.split()) <= 12
    ):
        parts.append(prev.row.text)
    without_dates = RANGE.sub("", lines[i].folded).strip(" ,|-–")
    if len(without_dates) < 4 and i + 1 < len(lines) and i + 1 not in range_rows:
        parts.append(lines[i + 1].row.text)
    return " ".join(parts)


_STATED = re.compile(
    r"(?:(?:more\s+than|over|plus\s+de|mas\s+de|uber|mehr\s+als)\s+)?(\d{1,2})\s*\+?\s*"
    r"(?:years?|yrs|ans|anos|jahren?|年|nam)\b.{0,40}?"
    r"(?:experience|experiencia|erfahrung|berufserfahrung|经验|kinh nghiem)",
    re.IGNORECASE,
)


def extract_experience(ctx: Context) -> tuple[Field, Field, list[dict[str, Any]]]:
    """(years_experience, stated claim, work entries)."""
    section_lines = [ln for ln in ctx.lines if ln.section == "experience"]
    fallback = not section_lines
    if fallback:
        section_lines = [
            ln
            for ln in ctx.lines
            if ln.section in {"header", "other", "summary"} and ln.section != "cover"
        ]
    spans: list[Span] = []
    range_rows: dict[int, list[Span]] = {}
    for pos, line in enumerate(section_lines):
        found = _spans_in(line, ctx.created)
        if found:
            range_rows[pos] = found
    rows_with_ranges = set(range_rows)
    work: list[dict[str, Any]] = []
    for pos, found in range_rows.items():
        entry = _entry_text(section_lines, pos, rows_with_ranges)
        internship = bool(lex.INTERNSHIP.search(entry))
        for span in found:
            span.internship = internship
            spans.append(span)
            work.append(_work_entry(section_lines, pos, span, ctx.created))
    stated = _stated_claim(ctx)
    counted = [s for s in spans if not s.internship]
    if not counted:
        if stated.value is not None:
            return Field(stated.value, 0.35, stated.source), stated, work
        return unknown(), stated, work
    counted.sort(key=lambda s: s.start)
    total = 0
    cur_s, cur_e = counted[0].start, counted[0].end
    for span in counted[1:]:
        if span.start <= cur_e:
            cur_e = max(cur_e, span.end)
        else:
            total += cur_e - cur_s + 1
            cur_s, cur_e = span.start, span.end
    total += cur_e - cur_s + 1
    years = round(total / 12, 1)
    # Year-only dates leave up to a year of doubt at each end of every job.
    vague = sum(1 for s in counted if not s.exact)
    confidence = 0.85 if vague == 0 else 0.6 if vague == 1 else 0.45
    if fallback:
        confidence = 0.45
    if stated.value is not None and abs(stated.value - years) >= 2:
        confidence = min(confidence, 0.35)
    source = "; ".join(sorted({_src(s.line.row) for s in counted}))[:300]
    return Field(years, confidence, source), stated, work


def _stated_claim(ctx: Context) -> Field:
    for line in ctx.lines:
        if line.section in {"cover", "references", "publications"}:
            continue
        match = _STATED.search(line.folded)
        if match:
            return Field(float(match.group(1)), 0.6, _src(line.row))
    return unknown()


def _iso(month_index: int) -> str:
    return f"{month_index // 12:04d}-{month_index % 12 + 1:02d}"


def _work_entry(lines: list[Line], pos: int, span: Span, created: date) -> dict[str, Any]:
    line = lines[pos]
    rest = RANGE.sub(" ", line.row.text)
    pieces = [p.strip(" ,|-–") for p in re.split(r"\s{2,}|\s[|,]\s|,\s", rest) if p.strip(" ,|-–")]
    pieces = [p for p in pieces if not RANGE.search(lex.fold(p))]
    if not pieces and pos > 0:
        above = lines[pos - 1].row.text
        pieces = [p.strip() for p in re.split(r"\s{2,}|\s[|,]\s|,\s", above) if p.strip()]
    if len(pieces) < 2 and pos + 1 < len(lines) and not _is_bullet(lines[pos + 1].row.text):
        below = lines[pos + 1].row.text
        if not RANGE.search(lines[pos + 1].folded):
            pieces += [p.strip() for p in re.split(r"\s{2,}|\s[|]\s|,\s", below) if p.strip()]
    today = created.year * 12 + created.month - 1
    return {
        "title": pieces[0] if pieces else None,
        "organisation": pieces[1] if len(pieces) > 1 else None,
        "start": _iso(span.start),
        "end": None if span.end >= today else _iso(span.end),
        "internship": span.internship,
    }


# --- education -------------------------------------------------------------------------------

_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_FIELD_AFTER = re.compile(
    r"\b(?:in|of|en|de|in|im|di|em|ngành|chuyên ngành)\s+([^,;()|\d]{3,60})", re.IGNORECASE
)


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


def extract_education(ctx: Context) -> tuple[list[dict[str, Any]], Field, Field]:
    """(entries, highest completed level, highest mentioned level)."""
    lines = [ln for ln in ctx.lines if ln.section == "education"]
    in_section = bool(lines)
    if not lines:
        lines = [ln for ln in ctx.lines if ln.section in {"header", "summary", "other"}]
    entries: list[dict[str, Any]] = []
    sources: list[Line] = []
    degree_rows = []
    for pos, line in enumerate(lines):
        found = _degree_level(line.row.text, in_section)
        if found:
            degree_rows.append((pos, found))
    for n, (pos, (level, match)) in enumerate(degree_rows):
        nxt = degree_rows[n + 1][0] if n + 1 < len(degree_rows) else len(lines)
        prev_end = degree_rows[n - 1][0] + 1 if n > 0 else 0
        window = lines[max(prev_end, pos - 1) : min(nxt, pos + 3)]
        text = lines[pos].row.text
        window_text = " ".join(ln.row.text for ln in window)
        window_folded = " ".join(ln.folded for ln in window)
        years = [int(y) for y in _YEAR.findall(window_text)]
        # The date row of this entry is the one nearest the degree row.
        own_years = [int(y) for y in _YEAR.findall(text)]
        year = max(own_years) if own_years else (max(years) if years else None)
        in_progress = bool(lex.IN_PROGRESS.search(window_text))
        if not in_progress and _PRESENT_END.search(window_folded):
            in_progress = True
        if year is not None and year > ctx.created.year:
            in_progress = True
        field_match = _FIELD_AFTER.search(text, match.end())
        institution = next(
            (ln.row.text.strip() for ln in window if lex.INSTITUTION.search(ln.row.text)), None
        )
        if institution and "  " in institution:
            institution = next(
                (p for p in institution.split("  ") if lex.INSTITUTION.search(p)), institution
            ).strip()
        entries.append(
            {
                "degree": match.group(0).strip(),
                "level": level,
                "field": field_match.group(1).strip(" .-–") if field_match else None,
                "institution": institution,
                "year": year,
                "in_progress": in_progress,
            }
        )
        sources.append(lines[pos])
    completed = [(e, s) for e, s in zip(entries, sources, strict=True) if not e["in_progress"]]
    base = 0.85 if in_section else 0.55
    highest = unknown()
    if completed:
        entry, src = max(completed, key=lambda es: lex.LEVEL_RANK[es[0]["level"]])
        highest = Field(entry["level"], base, _src(src.row))
    mentioned = unknown()
    if entries:
        entry, src = max(
            zip(entries, sources, strict=True), key=lambda es: lex.LEVEL_RANK[es[0]["level"]]
        )
        mentioned = Field(entry["level"], base, _src(src.row))
    return entries, highest, mentioned


_PRESENT_END = re.compile(rf"[-–—~至]\s*(?:{_PRESENT_ALT})\b", re.IGNORECASE)


# --- languages, skills, publications, links --------------------------------------------------


def extract_languages(ctx: Context) -> Field:
    lines = [ln for ln in ctx.lines if ln.section == "languages"]
    if not lines:
        return unknown([])
    result: list[dict[str, Any]] = []
    seen: set[str] = set()
    pending: dict[str, Any] | None = None
    for line in lines:
        matches = list(lex.LANGUAGE_PATTERN.finditer(line.folded))
        if not matches:
            if pending is not None and pending["level"] is None:
                pending["level"] = _language_level(line.row.text)
            continue
        for k, match in enumerate(matches):
            english = lex.LANGUAGE_BY_NAME.get(match.group(0))
            if english is None or english in seen:
                continue
            end = matches[k + 1].start() if k + 1 < len(matches) else len(line.folded)
            level = _language_level(line.row.text[match.end() : end]) or (
                _language_level(line.row.text[: match.start()]) if len(matches) == 1 else None
            )
            seen.add(english)
            pending = {"language": english, "level": level}
            result.append(pending)
    if not result:
        return unknown([])
    return Field(result, 0.85, _src(lines[0].row))


def _language_level(text: str) -> str | None:
    for level, pattern in lex.LANGUAGE_LEVELS:
        if pattern.search(text):
            return level
    return None


_SKILL_SPLIT = re.compile(r"\s*(?:[,;•|·/]|\s{2,}|\s-\s)\s*")


def extract_skills(ctx: Context) -> Field:
    lines = [ln for ln in ctx.lines if ln.section == "skills"]
    skills: list[str] = []
    seen: set[str] = set()
    for line in lines:
        text = line.row.text
        label = _INLINE_LABEL.match(text)
        if label and len(label.group(1).split()) <= 3:
            text = label.group(2)
        for item in _SKILL_SPLIT.split(text):
            item = item.strip(" .-–*")
            key = item.lower()
            if 1 < len(item) <= 40 and len(item.split()) <= 5 and key not in seen:
                seen.add(key)
                skills.append(item)
    if not skills:
        return unknown([])
    return Field(skills[:60], 0.7, _src(lines[0].row))


_PUB_START = re.compile(r"^(?:\[\d+\]|\d{1,3}[.)]\s|[•\-*–·])")


def extract_publications(ctx: Context) -> Field:
    lines = [ln for ln in ctx.lines if ln.section == "publications"]
    if "heading:publications" not in ctx.has_section:
        return unknown()
    numbered = sum(1 for ln in lines if _PUB_START.match(ln.row.text))
    count = numbered or sum(1 for ln in lines if _YEAR.search(ln.row.text))
    if not lines:
        return Field(0, 0.4, "publications heading with no entries")
    return Field(count, 0.7 if numbered else 0.5, _src(lines[0].row))


_LINKS = (
    (
        "linkedin",
        re.compile(
            r"(?:https?://)?(?:[a-z]{2,3}\.)?linkedin\.com/(?:in|pub)/[\w%.-]+/?", re.IGNORECASE
        ),
    ),
    ("orcid", re.compile(r"(?:https?://)?orcid\.org/\d{4}-\d{4}-\d{4}-\d{3}[\dX]", re.IGNORECASE)),
    ("orcid", re.compile(r"(?<=orcid)[:\s]+(\d{4}-\d{4}-\d{4}-\d{3}[\dX])", re.IGNORECASE)),
    (
        "scholar",
        re.compile(r"(?:https?://)?scholar\.google\.[a-z.]+/citations\?[\w=&%-]+", re.IGNORECASE),
    ),
    (
        "github",
        re.compile(r"(?:https?://)?(?:www\.)?github\.com/[\w-]+(?:/[\w.-]+)?", re.IGNORECASE),
    ),
    ("website", re.compile(r"(?:https?://|www\.)[^\s,;|<>()\"]+", re.IGNORECASE)),
    (
        "website",
        re.compile(
            r"(?<![@\w.])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|io|dev|me|info|site|de|fr|es|"
            r"cn|vn|uk|in|eu|ch|nl|it|br|ke|ng|edu)(?:/[^\s,;|]*)?(?![\w@])",
            re.IGNORECASE,
        ),
    ),
)


def extract_links(ctx: Context) -> Field:
    links: list[dict[str, str]] = []
    seen: set[str] = set()
    source = ""
    lines = ctx.lines
    for i, line in enumerate(lines):
        if line.section in {"cover", "references", "publications"}:
            continue
        text = EMAIL.sub(" ", line.row.text)
        # A URL cut at the end of a narrow column continues on the next line.
        if text.rstrip().endswith(("/", "-")) and i + 1 < len(lines):
            head = _HEAD_TOKEN.search(lines[i + 1].row.text)
            if head:
                text = text.rstrip() + head.group(1)
        header = _in_header(line, ctx)
        taken: list[tuple[int, int]] = []
        for kind, pattern in _LINKS:
            if kind == "website" and pattern is _LINKS[-1][1] and not header:
                continue
            for match in pattern.finditer(text):
                if any(a < match.end() and match.start() < b for a, b in taken):
                    continue
                taken.append((match.start(), match.end()))
                url = (match.group(1) if match.groups() else match.group(0)).rstrip(".,;:)")
                if kind == "orcid" and not url.lower().startswith(("http", "orcid")):
                    url = "orcid.org/" + url
                if not url.lower().startswith("http"):
                    url = "https://" + url
                lowered = url.lower()
                if kind == "website" and any(b in lowered for b in lex.JOB_BOARD_DOMAINS):
                    continue
                if lowered.rstrip("/") in seen:
                    continue
                seen.add(lowered.rstrip("/"))
                links.append({"kind": kind, "url": url})
                source = source or _src(line.row)
    if not links:
        return unknown([])
    return Field(links, 0.8, source)
