"""The CV's list fields as text HR can edit, and back: work, education, skills, links (no Django).

The text form, one entry a line (blank lines are skipped), parts separated by "|"; an empty
part is an unknown value, and parts left off the end are empty:

- work:      title | organisation | start | end | internship
             start and end as 2019-03 or 2019 (a year alone is January as a start, December as
             an end); the end empty or "present" while the job goes on; "internship" as the
             last part for an internship, a student or a volunteer job (not counted as paid
             work), nothing for paid work.
- education: degree | level | field | institution | year | in progress
             the level one of LEVELS; "in progress" as the last part while still studying.
Keywords and levels may be written in any interface language (KEYWORDS, LEVEL_WORDS: 至今,
实习, 在读, 博士 …); the text is shown in the reader's.
- skills:    one a line, or several on a line separated by commas.
- links:     one address a line, http or https ("orcid.org/…" is read as https://orcid.org/…).

The API sends the parser's own structure instead (lists of objects or strings); both are
checked by the same rules. A refusal is an `EntryError` with the 1-based line (or entry) and
a `problem` code from PROBLEMS, which the caller words in the reader's language.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from applications.cv.lexicon import LEVEL_RANK

LIST_FIELDS = ("work", "education", "skills", "links")
LEVELS = tuple(sorted(LEVEL_RANK, key=LEVEL_RANK.__getitem__, reverse=True))

# The keywords of the text form in each interface language: HR writes them in theirs, and
# reading accepts every language's, so a text written in one reads back in the other.
KEYWORDS: dict[str, dict[str, str]] = {
    "en": {"present": "present", "internship": "internship", "in_progress": "in progress"},
    "zh-hans": {"present": "至今", "internship": "实习", "in_progress": "在读"},
}
LEVEL_WORDS: dict[str, dict[str, str]] = {
    "en": {level: level for level in LEVELS},
    "zh-hans": {
        "phd": "博士",
        "master": "硕士",
        "bachelor": "学士",
        "associate": "专科",
        "secondary": "中学",
        "other": "其他",
    },
}
PRESENT_WORDS = {"present", "now", "current", "today", "至今", "现在"}
INTERNSHIP_WORDS = {words["internship"] for words in KEYWORDS.values()}
IN_PROGRESS_WORDS = {words["in_progress"] for words in KEYWORDS.values()}
LEVEL_BY_WORD = {word: level for words in LEVEL_WORDS.values() for level, word in words.items()}


def _words(language: str) -> dict[str, str]:
    return KEYWORDS.get(language, KEYWORDS["en"])


def level_words(language: str) -> tuple[str, ...]:
    """The levels as HR writes them in `language`, highest first."""
    words = LEVEL_WORDS.get(language, LEVEL_WORDS["en"])
    return tuple(words[level] for level in LEVELS)


MAX_ENTRIES = 200
MAX_PART = 300  # characters in one part of an entry, one skill or one address

PROBLEMS = (
    "too_many_entries",  # more than MAX_ENTRIES
    "too_many_parts",  # more parts than the field has
    "too_long",  # a part longer than MAX_PART
    "bad_date",  # a start or an end that is not 2019-03 or 2019
    "end_before_start",
    "bad_internship",  # a last part of a work entry other than "internship"
    "bad_level",  # a level not in LEVELS
    "bad_year",  # a year of education that is not four digits
    "bad_in_progress",  # a last part of an education entry other than "in progress"
    "not_a_url",  # not an address (spaces, no host)
    "not_http",  # another scheme than http or https
    "not_an_entry",  # API: an item of the wrong type
    "unknown_key",  # API: a key the field does not have (`text` names it)
)

Entry = dict[str, Any]
_DATE = re.compile(r"^(\d{4})(?:[-./](\d{1,2}))?$")
_HOST = re.compile(r"^[\w-]+(\.[\w-]+)+$")
_SKILL_SPLIT = re.compile(r"[,\n，、]")
WORK_KEYS = ("title", "organisation", "start", "end", "internship")
EDUCATION_KEYS = ("degree", "level", "field", "institution", "year", "in_progress")
# The parser's kinds of link, by the address's host (anything else is a "website").
LINK_KINDS = (
    ("linkedin", re.compile(r"(^|\.)linkedin\.com$")),
    ("orcid", re.compile(r"^orcid\.org$")),
    ("scholar", re.compile(r"^scholar\.google\.[a-z.]+$")),
    ("github", re.compile(r"^github\.com$")),
)


class EntryError(ValueError):
    """What is wrong, and on which line (or entry) of the field: 1 for the first."""

    def __init__(self, line: int, problem: str, text: str = "") -> None:
        super().__init__(f"line {line}: {problem} {text!r}")
        self.line, self.problem, self.text = line, problem, text


# --- from the text form ----------------------------------------------------------------------


def from_text(field: str, text: str) -> list[Any]:
    """The field's value in the parser's structure, from HR's text."""
    if field == "skills":
        return _skills([(n, line) for n, line in _lines(text)])
    if field == "links":
        return [_link(n, line) for n, line in _lines(text)]
    make = _ENTRY_MAKERS[field]
    return [make(n, [part.strip() for part in line.split("|")]) for n, line in _lines(text)]


def _lines(text: str) -> list[tuple[int, str]]:
    lines = [(n, line.strip()) for n, line in enumerate(text.splitlines(), start=1)]
    lines = [(n, line) for n, line in lines if line]
    if len(lines) > MAX_ENTRIES:
        raise EntryError(lines[MAX_ENTRIES][0], "too_many_entries")
    return lines


def _parts(n: int, parts: list[str], count: int) -> list[str]:
    """Exactly `count` parts, the missing ones empty."""
    if len(parts) > count:
        raise EntryError(n, "too_many_parts", " | ".join(parts[count:]))
    for part in parts:
        if len(part) > MAX_PART:
            raise EntryError(n, "too_long", part[:40])
    return parts + [""] * (count - len(parts))


def _month(n: int, text: str, *, end: bool) -> str | None:
    """A start or an end as the parser writes it ("2019-03"), None when empty."""
    if not text:
        return None
    match = _DATE.match(text)
    month = int(match.group(2) or (12 if end else 1)) if match else 0
    if match is None or not 1900 <= int(match.group(1)) <= 2100 or not 1 <= month <= 12:
        raise EntryError(n, "bad_date", text)
    return f"{match.group(1)}-{month:02d}"


def _work(n: int, parts: list[str]) -> Entry:
    title, organisation, start_text, end_text, kind = _parts(n, parts, len(WORK_KEYS))
    start = _month(n, start_text, end=False)
    end = None if end_text.lower() in PRESENT_WORDS else _month(n, end_text, end=True)
    if start and end and end < start:
        raise EntryError(n, "end_before_start", f"{start_text} | {end_text}")
    if kind and kind.lower() not in INTERNSHIP_WORDS:
        raise EntryError(n, "bad_internship", kind)
    return {
        "title": title or None,
        "organisation": organisation or None,
        "start": start,
        "end": end,
        "internship": bool(kind),
    }


def _education(n: int, parts: list[str]) -> Entry:
    degree, level, field, institution, year, progress = _parts(n, parts, len(EDUCATION_KEYS))
    if level.lower() not in LEVEL_BY_WORD:
        raise EntryError(n, "bad_level", level)
    if year and not (year.isdigit() and 1900 <= int(year) <= 2100):
        raise EntryError(n, "bad_year", year)
    if progress and progress.lower() not in IN_PROGRESS_WORDS:
        raise EntryError(n, "bad_in_progress", progress)
    return {
        "degree": degree or None,
        "level": LEVEL_BY_WORD[level.lower()],
        "field": field or None,
        "institution": institution or None,
        "year": int(year) if year else None,
        "in_progress": bool(progress),
    }


_ENTRY_MAKERS: dict[str, Callable[[int, list[str]], Entry]] = {
    "work": _work,
    "education": _education,
}


def _skills(lines: list[tuple[int, str]]) -> list[str]:
    """Each skill once (the first spelling kept), in HR's order."""
    skills: dict[str, str] = {}
    for n, line in lines:
        for item in _SKILL_SPLIT.split(line):
            skill = item.strip()
            if len(skill) > MAX_PART:
                raise EntryError(n, "too_long", skill[:40])
            if skill:
                skills.setdefault(skill.lower(), skill)
    return list(skills.values())


def _link(n: int, text: str) -> dict[str, str]:
    url = text if "://" in text else f"https://{text}"
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise EntryError(n, "not_http", text[:40])
    # A host name and nothing else before the path: no user, no port ("mailto:a@b.org").
    if len(text) > MAX_PART or " " in text or not _HOST.match(parts.netloc):
        raise EntryError(n, "not_a_url", text[:40])
    host = parts.netloc.lower().removeprefix("www.")
    kind = next((kind for kind, pattern in LINK_KINDS if pattern.search(host)), "website")
    return {"kind": kind, "url": url}


# --- from the API's structure ----------------------------------------------------------------


def from_items(field: str, items: list[Any]) -> list[Any]:
    """The field's value from the API's list, checked like the text form (`line` is the
    1-based position of the item)."""
    if len(items) > MAX_ENTRIES:
        raise EntryError(MAX_ENTRIES + 1, "too_many_entries")
    if field == "skills":
        return _skills([(n, _text_item(n, item)) for n, item in enumerate(items, start=1)])
    if field == "links":
        return [_link(n, _url_item(n, item)) for n, item in enumerate(items, start=1)]
    keys = WORK_KEYS if field == "work" else EDUCATION_KEYS
    make = _ENTRY_MAKERS[field]
    return [make(n, _item_parts(n, item, keys)) for n, item in enumerate(items, start=1)]


def _text_item(n: int, item: Any) -> str:
    if not isinstance(item, str) or "\n" in item:
        raise EntryError(n, "not_an_entry", str(item)[:40])
    return item.strip()


def _url_item(n: int, item: Any) -> str:
    url = item.get("url") if isinstance(item, dict) else item
    return _text_item(n, url)


def _item_parts(n: int, item: Any, keys: tuple[str, ...]) -> list[str]:
    """An object's values in the order of the text form's parts."""
    if not isinstance(item, dict):
        raise EntryError(n, "not_an_entry", str(item)[:40])
    unknown = sorted(set(item) - set(keys))
    if unknown:
        raise EntryError(n, "unknown_key", unknown[0])
    return [_part_text(n, item.get(key), key) for key in keys]


def _part_text(n: int, value: Any, key: str) -> str:
    if key in ("internship", "in_progress"):
        return _words("en")[key] if value is True else ""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise EntryError(n, "not_an_entry", f"{key}: {value!r}"[:40])
    return str(value).strip()


# --- to the text form ------------------------------------------------------------------------


def to_text(field: str, value: Any, language: str = "en") -> str:
    """The field's value as HR edits it, keywords in `language` (empty for nothing);
    `from_text` reads it back."""
    items = value if isinstance(value, list) else []
    if field == "skills":
        return "\n".join(str(item) for item in items)
    if field == "links":
        return "\n".join(
            str(item.get("url") or "") if isinstance(item, dict) else str(item) for item in items
        )
    keys = WORK_KEYS if field == "work" else EDUCATION_KEYS
    return "\n".join(_entry_line(item, keys, language) for item in items if isinstance(item, dict))


def _entry_line(item: Entry, keys: tuple[str, ...], language: str) -> str:
    parts = [_shown_part(key, item.get(key), language) for key in keys]
    while parts and not parts[-1]:
        parts.pop()  # the flags are usually off: no trailing empty parts
    return " | ".join(parts)


def _shown_part(key: str, value: Any, language: str) -> str:
    words = _words(language)
    if key == "end":
        return str(value) if value else words["present"]
    if key in ("internship", "in_progress"):
        return words[key] if value else ""
    if key == "level" and value:
        return LEVEL_WORDS.get(language, LEVEL_WORDS["en"]).get(str(value), str(value))
    # A "|" inside a value would split it in two when read back.
    return "" if value is None else str(value).replace("|", "/")


# --- what the corrected entries imply --------------------------------------------------------


def paid_years(work: list[Entry], today: date) -> float | None:
    """Years of paid work in the entries (overlaps counted once, ongoing jobs up to `today`),
    as the parser counts them; None when no entry is dated."""
    now = today.year * 12 + today.month - 1
    spans = []
    for entry in work:
        if entry.get("start") and not entry.get("internship"):
            start = _index(entry["start"])
            end = _index(entry["end"]) if entry.get("end") else now
            spans.append((start, max(start, end)))
    if not spans:
        dated = any(entry.get("start") for entry in work)
        return 0.0 if dated else None  # internships only: no paid experience yet
    spans.sort()
    total, (cur_s, cur_e) = 0, spans[0]
    for start, end in spans[1:]:
        if start <= cur_e + 1:
            cur_e = max(cur_e, end)
        else:
            total += cur_e - cur_s + 1
            cur_s, cur_e = start, end
    return round((total + cur_e - cur_s + 1) / 12, 1)


def _index(month: str) -> int:
    year, number = month.split("-")
    return int(year) * 12 + int(number) - 1


def highest_level(education: list[Entry]) -> str | None:
    """The highest level completed (a degree in progress does not count yet)."""
    completed = [e["level"] for e in education if e.get("level") and not e.get("in_progress")]
    return max(completed, key=lambda level: LEVEL_RANK.get(level, -1)) if completed else None
