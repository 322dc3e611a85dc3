"""The applicant's name: the largest person-shaped text at the top of the CV, or a labelled one."""

from __future__ import annotations

import re
from dataclasses import dataclass

from applications.cv import lexicon as lex
from applications.cv.contact import name_tokens
from applications.cv.fields import Context, Field, Line, src, unknown

_NAME_TOKEN = re.compile(r"^[^\W\d_][^\W\d_.'’-]*(?:[.'’-][^\W\d_]*)*\.?$")
_HAN = "\u4e00-\u9fff\u3400-\u4dbf"
_CJK = re.compile(rf"^[{_HAN}\uac00-\ud7af]{{2,4}}$")
# A Han name with a Latin initial inside ("空条 Q 太郎").
_CJK_INITIAL = re.compile(rf"^[{_HAN}]{{1,3}}[A-Z][{_HAN}]{{1,3}}$")
_CJK_PIECE = re.compile(rf"^[{_HAN}\uac00-\ud7af ]{{1,6}}$")
# "张三 Zhang San": a Han name and its romanisation, each a candidate; a lone initial stays.
_SCRIPT_SPLIT = re.compile(
    rf"(?<=[{_HAN}])\s*(?=[A-Za-z]{{2}})|(?<=[A-Za-z]{{2}})\s*(?=[{_HAN}])|\s*(?=\([A-Za-z])"
)
_PIECES = re.compile(r"\s{2,}|\s[|•·∙]\s")
_CJK_NOT_NAME = re.compile(
    "简历|履历|个人|经理|主管|研究|助理|专员|工程师|教授|博士|硕士|学士|大学|学院|中国|北京|上海|电话|"
    "邮箱|地址|手机|工作|教育|技能|语言|论文|项目|秘书|主任|部门|中心|性别|籍贯|民族|政治|面貌|出生|"
    "年月|求职|意向|专业|照片|写真|現住所|連絡先|職歴|学歴"
)
_HONORIFICS = re.compile(
    r"^(?:dr|prof|mr|mrs|ms|mx|dipl\.-ing)\.?(?:[\s-]+(?:dr|ing|rer|nat|phil)\.?)*\s+"
    r"|,\s*(?:ph\.?\s?d|d\.?\s?phil|m\.?\s?sc|mba|m\.?\s?a|b\.?\s?sc|md|cpa|pmp|frs)\.?$"
    r"|\s+ph\.\s?d\.?$|\s+phd$",
    re.IGNORECASE,
)
# A stamp or title glued to the name without a space: "ThoratFeatured Resume".
_GLUED = re.compile(r"(?<=[a-z\u00e0-\u00ff])(?=[A-Z])")


@dataclass(slots=True)
class _NamePart:
    text: str
    line: Line
    tokens: int
    labelled: bool
    size: float
    bold: bool
    placeholder: bool = False


def _unglue(text: str) -> str:
    """Cut a job-board stamp or a job title glued to the end of the name."""
    text = lex.NAME_STAMP.sub("", text)
    for cut in _GLUED.finditer(text):
        tail = text[cut.start() :]
        first = lex.fold(re.split(r"[\s,]+", tail)[0])
        if first in lex.NOT_NAME_WORDS or lex.NAME_STAMP.fullmatch(" " + tail):
            return text[: cut.start()].strip()
    return text


def _name_part(
    text: str, line: Line, size: float, bold: bool, labelled: bool = False
) -> _NamePart | None:
    text = _unglue(text.strip(" ,;|"))
    text = _HONORIFICS.sub("", text).strip(" ,;|")
    romanised = re.match(r"^(.+?)\s*\(([A-Za-z][A-Za-z .'-]+)\)$", text)
    if romanised:
        text = romanised.group(1).strip()  # "空条 Q 太郎 (Qtaro Kujo)": the name as printed
    if lex.NAME_PLACEHOLDER.search(text.strip()):
        return _NamePart(text, line, 2, labelled, size, bold, placeholder=True)
    if not text or "@" in text or ":" in text or "/" in text:
        return None
    key = lex.heading_key(text)
    if key in lex.CV_TITLES or key in lex.HEADING_LOOKUP:
        return None
    compact = text.replace(" ", "")
    if _CJK.match(compact) or _CJK_INITIAL.match(compact):
        if _CJK_NOT_NAME.search(compact):
            return None
        return _NamePart(
            text if _CJK_INITIAL.match(compact) else compact, line, 2, labelled, size, bold
        )
    return _latin_part(text, line, size, bold, labelled)


def _latin_part(text: str, line: Line, size: float, bold: bool, labelled: bool) -> _NamePart | None:
    tokens = text.split()
    if not 1 <= len(tokens) <= 6:
        return None
    core = 0
    for k, token in enumerate(tokens):
        folded = lex.fold(token).strip(",.;")
        # A particle ends no name: "Priya Das" has a surname, "Das" is not "das".
        if folded in lex.NAME_PARTICLES and k < len(tokens) - 1:
            continue
        if folded in lex.NOT_NAME_WORDS or not _NAME_TOKEN.match(token.strip(",")):
            return None
        core += 1
    if core == 0 or core > 5:
        return None
    if lex.COUNTRY_PATTERN.fullmatch(lex.fold(text)):
        return None
    if core == 1 and text.islower():
        return None
    return _NamePart(text, line, core, labelled, size, bold)


def _pieces(line: Line) -> list[tuple[str, float, bool]]:
    """The row's pieces with their own font cues; adjacent Han pieces are one name."""
    row = line.row
    if row.pieces and "  ".join(p[0] for p in row.pieces) == row.text:
        raw = list(row.pieces)
    else:
        raw = [(t, row.size, row.bold) for t in _PIECES.split(row.text)]
    out: list[tuple[str, float, bool]] = []
    for text, size, bold in raw:
        for sub in _PIECES.split(text):
            for part in _SCRIPT_SPLIT.split(sub):
                part = part.strip()
                if not part:
                    continue
                if out and _CJK_PIECE.match(part) and _CJK_PIECE.match(out[-1][0]):
                    # "猫  太郎": a Han name set with wide spacing
                    prev = out.pop()
                    part = prev[0] + part
                    size, bold = max(size, prev[1]), bold or prev[2]
                out.append((part, size, bold))
    return out


def _line_parts(line: Line, lines: list[Line]) -> list[_NamePart]:
    label = lex.NAME_LABEL.match(line.row.text)
    if label:
        rest = line.row.text[label.end() :].strip()
        if rest:
            first = _PIECES.split(rest)[0]
            part = _name_part(first, line, line.row.size, line.row.bold, labelled=True)
            return [part] if part else []
        return _value_below(line, lines)
    parts = []
    for text, size, bold in _pieces(line):
        part = _name_part(text, line, size, bold)
        if part:
            parts.append(part)
    return parts


def _value_below(label: Line, lines: list[Line]) -> list[_NamePart]:
    """A grid whose name label sits in its own cell: the value is just below or beside it."""
    for line in lines[label.index + 1 : label.index + 4]:
        if line.row.page != label.row.page or line.row.top - label.row.top > 40:
            break
        for text, size, bold in _pieces(line):
            part = _name_part(text, line, size, bold, labelled=True)
            if part and not part.placeholder:
                return [part]
    return []


def _candidates(parts: list[_NamePart], body: float) -> list[tuple[_NamePart, str, int, float]]:
    """(part, text, tokens, bonus): each part alone, and a name set over two lines joined."""
    out: list[tuple[_NamePart, str, int, float]] = []
    joined: set[int] = set()
    for i, part in enumerate(parts):
        nxt = parts[i + 1] if i + 1 < len(parts) else None
        if (
            nxt is not None
            and not part.placeholder
            and not nxt.placeholder
            and nxt.line.index == part.line.index + 1
            and abs(nxt.size - part.size) <= 1.0
            and part.size >= body * 1.2
            and part.tokens + nxt.tokens <= 5
            and nxt.line.row.top - part.line.row.top <= part.size * 2.5
        ):
            # Given name above, family name below: either line alone is only part of it.
            out.append((part, part.text + " " + nxt.text, part.tokens + nxt.tokens, 0.6))
            joined.update({i, i + 1})
        single = part.tokens == 1 and not part.labelled
        if single and (part.size < body * 1.5 or len(part.text) < 3):
            continue  # a lone word is a name only when it is the largest text around
        bonus = -1.5 if i in joined else -1.0 if single else 0.0
        out.append((part, part.text, part.tokens, bonus))
    return out


def extract_name(ctx: Context, email_locals: list[str]) -> Field:
    """The best-scoring person-shaped text near the top; null when a placeholder wins."""
    page_lines = [
        ln for ln in ctx.lines if ln.row.page == ctx.cv_page and ln.section in {"header", "contact"}
    ]
    height = ctx.page_heights[ctx.cv_page] if ctx.cv_page < len(ctx.page_heights) else 842.0
    top_lines = [ln for ln in page_lines if ln.row.top < height * 0.35][:16]
    labelled = [ln for ln in page_lines if lex.NAME_LABEL.match(ln.row.text)]
    for line in labelled:
        if line not in top_lines:
            top_lines.append(line)
    rank = {ln.index: n for n, ln in enumerate(top_lines)}
    parts: list[_NamePart] = []
    for line in top_lines:
        parts.extend(_line_parts(line, ctx.lines))
    body = ctx.body_size or 10.0
    scored: list[tuple[float, str, _NamePart]] = []
    for part, text, tokens, bonus in _candidates(parts, body):
        score = 2.0 * (part.size / body) + (1.0 if part.bold else 0.0) + bonus
        score += 3.0 if part.labelled else 0.0
        score += 0.5 if part.line.section == "contact" else 0.0
        score -= 0.5 if tokens > 4 else 0.0
        score -= 0.08 * rank.get(part.line.index, len(rank))
        letters = [t for t in text.split() if t[:1].isalpha()]
        if letters and all(
            t[0].isupper() for t in letters if lex.fold(t) not in lex.NAME_PARTICLES
        ):
            score += 0.5
        elif _CJK.match(text.replace(" ", "")):
            score += 0.6  # a Han name beside its romanisation is the name as printed
        tokens_ = name_tokens(text)
        if tokens_ and any(t in local for t in tokens_ for local in email_locals):
            score += 1.5
        scored.append((score, text, part))
    if not scored:
        return unknown()
    scored.sort(key=lambda c: -c[0])
    best_score, best_text, best = scored[0]
    if best.placeholder:
        return unknown()  # the template's "Your Name" is where the name goes: there is none
    runner = next((c[0] for c in scored[1:] if best_text.find(c[1]) < 0), None)
    margin = best_score - runner if runner is not None else 2.0
    strong = best.size >= body * 1.15 or best.bold or best_score >= 5 or best.labelled
    confidence = min(0.97, 0.5 + margin / 4) if strong else min(0.45, 0.2 + margin / 4)
    if best.tokens == 1 and " " not in best_text and not _CJK.match(best_text):
        confidence = min(confidence, 0.5)  # a single word: a surname, or a logo
    return Field(best_text, max(confidence, 0.1), src(best.line.row))
