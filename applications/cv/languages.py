"""Spoken languages with their levels; skills and publication counts from their sections."""

from __future__ import annotations

import re
from typing import Any

from applications.cv import lexicon as lex
from applications.cv.fields import INLINE_LABEL, Context, Field, Line, src, unknown

_LIST_END = re.compile(r"[,;、，/]\s*$")
# "fluent in French and Spanish", "native speaker of Hindi", "speaks German".
_PROSE = re.compile(
    r"\b(?:fluent|fluency|native|proficient|proficiency|conversational|bilingual|working)"
    r"\s+(?:knowledge\s+)?(?:in|of|speaker\s+of|with)\s+(?P<tail>[^.;:()]{2,80})"
    r"|\bspeak(?:s|ing)?\s+(?P<tail2>[^.;:()]{2,80})",
    re.IGNORECASE,
)


def _language_lines(ctx: Context) -> list[Line]:
    """Rows of a languages section or label, and a labelled list that runs onto the next row."""
    out: list[Line] = []
    lines = ctx.lines
    for i, line in enumerate(lines):
        if line.section != "languages" and line.also != "languages":
            continue
        out.append(line)
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if (
            line.label
            and nxt is not None
            and nxt.section not in {"languages"}
            and not nxt.section.startswith("heading")
            and not nxt.label
            and lex.LANGUAGE_PATTERN.search(nxt.folded)
            and (_LIST_END.search(line.row.text) or len(nxt.row.text.split()) <= 6)
        ):
            out.append(nxt)
    return out


def _level(text: str) -> str | None:
    for level, pattern in lex.LANGUAGE_LEVELS:
        if pattern.search(text):
            return level
    return None


def _read(line: Line, result: list[dict[str, Any]], seen: set[str]) -> None:
    """Add the languages one row names, each with the level written after (or before) it."""
    matches = list(lex.LANGUAGE_PATTERN.finditer(line.folded))
    label_level = _level(line.label) if line.label else None
    for k, match in enumerate(matches):
        english = lex.LANGUAGE_BY_NAME.get(match.group(0))
        if english is None or english in seen:
            continue
        end = matches[k + 1].start() if k + 1 < len(matches) else len(line.folded)
        level = _level(line.row.text[match.end() : end]) or (
            _level(line.row.text[: match.start()]) if len(matches) == 1 else None
        )
        seen.add(english)
        result.append({"language": english, "level": level or label_level})
    for english, pattern in lex.LANGUAGE_EVIDENCE:
        if english not in seen and pattern.search(line.row.text):
            seen.add(english)
            result.append({"language": english, "level": None})


def _prose(ctx: Context, result: list[dict[str, Any]], seen: set[str]) -> Line | None:
    """Languages named in running text: "fluent in French and Spanish"."""
    first: Line | None = None
    for line in ctx.lines:
        if line.section in {"cover", "references", "publications"}:
            continue
        for match in _PROSE.finditer(line.folded):
            tail = match.group("tail") or match.group("tail2") or ""
            names = [
                lex.LANGUAGE_BY_NAME.get(m.group(0)) for m in lex.LANGUAGE_PATTERN.finditer(tail)
            ]
            level = _level(
                match.group(0)[: match.start("tail") - match.start()] if match.group("tail") else ""
            )
            for english in names:
                if english and english not in seen:
                    seen.add(english)
                    result.append({"language": english, "level": level})
                    first = first or line
    return first


def extract_languages(ctx: Context) -> Field:
    lines = _language_lines(ctx)
    result: list[dict[str, Any]] = []
    seen: set[str] = set()
    pending: dict[str, Any] | None = None
    for line in lines:
        before = len(result)
        _read(line, result, seen)
        if len(result) == before and pending is not None and pending["level"] is None:
            # "English" on one row, "Fluent" on the row below it.
            pending["level"] = _level(line.row.text)
        if len(result) > before:
            pending = result[-1]
    listed = len(result)
    prose = _prose(ctx, result, seen)
    if not result:
        return unknown([])
    if listed or prose is None:
        source = next((ln for ln in lines if lex.LANGUAGE_PATTERN.search(ln.folded)), lines[0])
        return Field(result, 0.85, src(source.row))
    # Only running text names them: a sentence is weaker evidence than a languages section.
    return Field(result, 0.6, src(prose.row))


_SKILL_SPLIT = re.compile(r"\s*(?:[,;•|·/]|\s{2,}|\s-\s)\s*")


def extract_skills(ctx: Context) -> Field:
    lines = [ln for ln in ctx.lines if ln.section == "skills"]
    skills: list[str] = []
    seen: set[str] = set()
    for line in lines:
        text = line.row.text
        label = INLINE_LABEL.match(text)
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
    return Field(skills[:60], 0.7, src(lines[0].row))


_PUB_START = re.compile(r"^(?:\[\d+\]|\d{1,3}[.)]\s|[•\-*–·])")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def extract_publications(ctx: Context) -> Field:
    lines = [ln for ln in ctx.lines if ln.section == "publications"]
    if "heading:publications" not in ctx.has_section:
        return unknown()
    numbered = sum(1 for ln in lines if _PUB_START.match(ln.row.text))
    count = numbered or sum(1 for ln in lines if _YEAR.search(ln.row.text))
    if not lines:
        return Field(0, 0.4, "publications heading with no entries")
    return Field(count, 0.7 if numbered else 0.5, src(lines[0].row))
