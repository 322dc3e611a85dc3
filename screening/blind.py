"""Blind screening's masking of CV text (no Django): names, e-mails, phones, links, birth dates.

What is masked: every word of the applicant's name (as given on the form and as the parser read
it), every e-mail address and web link, the applicant's phone numbers however they are spaced,
and what follows a personal label such as "Date of birth:", "Gender:" or "Nationality:". Masking
errs on the side of hiding: a degree written "MA" disappears for an applicant called Ma.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

MASK = "█████"

_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_LINK = re.compile(
    r"(?:https?://|www\.)[^\s,;|<>()\"]+"
    r"|\b(?:[a-z]{2,3}\.)?linkedin\.com/[^\s,;|]*"
    r"|\bgithub\.com/[^\s,;|]*"
    r"|\borcid\.org/[^\s,;|]*"
    r"|\bscholar\.google\.[a-z.]+/[^\s,;|]*"
    r"|\borcid\b[:\s]*\d{4}-\d{4}-\d{4}-\d{3}[\dX]",
    re.IGNORECASE,
)
# A personal label and what follows it, up to the next separator on the line.
_PERSONAL_LABEL = re.compile(
    r"(?P<label>\b(?:date\s+of\s+birth|birth\s*date|birthday|d\.?o\.?b\.?|age|gender|sex"
    r"|nationality|citizenship|marital\s+status|place\s+of\s+birth|religion"
    r"|geburtsdatum|geburtsort|geschlecht|staatsangeh[öo]rigkeit|familienstand"
    r"|date\s+de\s+naissance|lieu\s+de\s+naissance|nationalit[ée]|sexe|[âa]ge"
    r"|fecha\s+de\s+nacimiento|nacionalidad|sexo|edad|data\s+di\s+nascita|nazionalit[àa]"
    r"|ng[àa]y\s+sinh|qu[ốo]c\s+t[ịi]ch|gi[ớo]i\s+t[íi]nh)\s*[:：]|出生日期|出生年月|性别|国籍|年龄"
    r"|民族|婚姻状况)"
    r"\s*(?P<value>[^|•·\n]*)",
    re.IGNORECASE,
)
_BORN = re.compile(r"\b(?:born|né|née|nato|nata|geboren)\b(?P<value>[^|•·\n]*)", re.IGNORECASE)
_SEPARATORS = r"[\s().\-/]*"


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _is_cjk(text: str) -> bool:
    return any(ord(c) >= 0x2E80 for c in text)


def name_patterns(names: Iterable[str]) -> list[re.Pattern[str]]:
    """One pattern per name word (two letters or more), with and without accents."""
    words: set[str] = set()
    for name in names:
        for word in re.split(r"[\s,]+", name or ""):
            word = word.strip(".-'")
            if len(word) >= 2 or (_is_cjk(word) and word):
                words.add(word)
                words.add(_fold(word))
        if name and _is_cjk(name):
            words.add(name.replace(" ", ""))
    patterns = []
    for word in sorted(words, key=len, reverse=True):
        if _is_cjk(word):
            patterns.append(re.compile(re.escape(word)))
        else:
            patterns.append(re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE))
    return patterns


def phone_patterns(phones: Iterable[str]) -> list[re.Pattern[str]]:
    """The last eight digits of each number with any spacing, and a country code before them."""
    patterns = []
    for phone in phones:
        digits = "".join(c for c in phone or "" if c.isdigit())
        if len(digits) < 8:
            continue
        body = _SEPARATORS.join(digits[-8:])
        patterns.append(re.compile(rf"(?:\+?\d{{1,4}}{_SEPARATORS})*{body}"))
    return patterns


class Masker:
    """Masks one applicant's personal details in any text shown to a blind reviewer."""

    def __init__(self, *, names: Iterable[str] = (), phones: Iterable[str] = ()):
        self._names = name_patterns(names)
        self._phones = phone_patterns(phones)

    def __call__(self, text: str) -> str:
        if not text:
            return text
        text = _EMAIL.sub(MASK, text)
        text = _LINK.sub(MASK, text)
        for pattern in self._phones:
            text = pattern.sub(MASK, text)
        text = _PERSONAL_LABEL.sub(
            lambda m: m.group("label") + (f" {MASK}" if m.group("value").strip() else ""), text
        )
        text = _BORN.sub(lambda m: m.group(0)[: m.start("value") - m.start()] + f" {MASK}", text)
        for pattern in self._names:
            text = pattern.sub(MASK, text)
        return text
