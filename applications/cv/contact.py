"""Contact details: the applicant's e-mail, phone and links, never a referee's or a job board's."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import phonenumbers

from applications.cv import dates
from applications.cv import lexicon as lex
from applications.cv.fields import Context, Field, Line, in_footer, in_header, src, unknown

EMAIL = re.compile(r"[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_EMAIL_FULL = re.compile(EMAIL.pattern + r"$")
_WRAPPED = re.compile(r"^\S*@\S*$|^[a-z0-9._%+-]+\.$")
_SPACED_AT = re.compile(r"(?<=[\w.])\s+@\s*(?=[\w-]+\.\w)|(?<=[\w.])@\s+(?=[\w-]+\.\w)")
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


def email_candidates(ctx: Context) -> list[Candidate]:
    found: list[Candidate] = []
    lines = ctx.lines
    for i, line in enumerate(lines):
        # "jane @ example.org": OCR and some exports space out the at sign.
        text = _SPACED_AT.sub("@", line.row.text.replace("mailto:", " "))
        hits = [m.group(0) for m in EMAIL.finditer(text)]
        # An address wrapped over two lines: "jane.doe@uni-" + "heidelberg.de".
        tail = _TAIL_TOKEN.search(text)
        # A local part cut after a dot is lower case: "PH.D." above the address is a title.
        if i + 1 < len(lines) and tail and _WRAPPED.match(tail.group(1)):
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
            if in_header(line, ctx):
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
    candidates = email_candidates(ctx)
    tokens = name_tokens(name)
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
    return Field(best.value, confidence, src(best.line.row))


def name_tokens(name: str | None) -> list[str]:
    if not name:
        return []
    return [t for t in re.split(r"[\s.'’-]+", lex.fold(name)) if len(t) >= 3 and t.isascii()]


# --- phone -----------------------------------------------------------------------------------


# --- phone -----------------------------------------------------------------------------------

# A run of digits with the separators phone numbers use, optionally after a country code
# ("+49", "0049", "(+86)"); trailing x's are a masked number ("131-221-87xxx").
_PHONE_RUN = re.compile(
    r"(?<![\w+./])(?:\(\s?\+\s?\d{1,3}\s?\)|\+\s?\d{1,3}|00[1-9]\d{0,2})?[ .\-]?"
    r"\(?\d(?:[\d().\-/]|\s(?!\s))*\d(?:[xX]+\d*)*(?![\w@])"  # not an e-mail's digits
)
_DATE_LIKE = re.compile(
    r"^\(?(?:\d{1,2}[./-])?\d{1,2}[./-](?:19|20)\d\d\)?$|^(?:19|20)\d\d[./-]\d{1,2}(?:[./-]\d{1,2})?$"
)
_YEARS_ONLY = re.compile(r"^(?:(?:19|20)\d\d\D*){1,4}$")
_FAX = re.compile(r"\bfax\b", re.IGNORECASE)
_NOT_PHONE_LABEL = re.compile(
    r"\b(?:id|passport|pass|ssn|isbn|issn|doi|gpa|iban|postcode|zip|plz|bic|nr\.?\s*rentenvers)\b"
    r"|身份证|学号|邮编|qq|wechat|微信|birth|born|geboren|出生",
    re.IGNORECASE,
)
_COUNTRY_CODE = re.compile(r"^(?:\(\s*\+\s*|\+\s*|00(?=[1-9]))(\d{1,3})")


@dataclass(slots=True)
class _Phone:
    value: str
    line: Line
    score: float
    position: int
    confidence: float


def _phone_value(raw: str, default_region: str | None) -> tuple[str, float] | None:
    """(value, confidence) for a printed number; the country code only as printed or given.

    A number written with its country code becomes E.164 when it is a valid number, and "+"
    and its digits when it is not (placeholders like "+1 (234) 567 890" are still the printed
    phone). Without one it is read in the applicant's stated country, and failing that kept as
    written, digits only: guessing a country from an address or a sidebar city invents one.
    """
    digits = re.sub(r"\D", "", raw)
    masked = re.sub(r"[^\dxX]", "", raw).lower()
    explicit = _COUNTRY_CODE.match(raw)
    if "x" not in masked:
        regions: list[str | None] = [None] if explicit else []
        if default_region and not explicit:
            regions.append(default_region)
        for region in regions:
            try:
                number = phonenumbers.parse("+" + raw[2:] if raw.startswith("00") else raw, region)
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_valid_number(number):
                e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
                return e164, 0.95
    if explicit:
        return "+" + masked.lstrip("0") if raw.startswith("00") else "+" + masked, 0.6
    if len(digits) < 7:
        return None
    return masked, 0.6


def _phone_runs(text: str) -> Iterable[tuple[re.Match[str], str]]:
    for match in _PHONE_RUN.finditer(text):
        raw = re.sub(r"(?<=\d)[\s().\-]+[xX]+$", "", match.group(0)).strip(" -./(")
        raw = raw.rstrip(")") if raw.count(")") > raw.count("(") else raw
        digits = len(re.findall(r"\d", raw))
        masks = len(re.findall(r"[xX]", raw))
        if digits < 7 or digits + masks > 15:
            continue
        compact = raw.replace(" ", "")
        if _DATE_LIKE.match(compact) or _YEARS_ONLY.match(raw) or dates.is_date_range(raw):
            continue
        yield match, raw


def _contact_line(line: Line) -> bool:
    text = line.row.text
    return bool(EMAIL.search(text) or lex.PHONE_LABEL.search(text) or "http" in text)


def extract_phone(ctx: Context, default_region: str | None) -> Field:
    """The applicant's phone: the first one printed where contact details go."""
    found: list[_Phone] = []
    for position, line in enumerate(ctx.lines):
        if line.section in {"cover", "references"}:
            continue
        text = line.row.text.replace("tel:", " ")
        header = in_header(line, ctx) or in_footer(line, ctx) or _contact_line(line)
        for match, raw in _phone_runs(text):
            # The words before the number in its own cell: "电  话 : ", "Mobile", "Fax".
            before = text[max(0, match.start() - 25) : match.start()].split("  ")[-1]
            prefix = (line.label + " " + before).strip()
            labelled = bool(lex.PHONE_LABEL.search(prefix) or lex.PHONE_LABEL.search(text[:20]))
            if _NOT_PHONE_LABEL.search(prefix):
                continue
            explicit = bool(_COUNTRY_CODE.match(raw))
            if not (labelled or header or explicit):
                continue
            read = _phone_value(raw, default_region)
            if read is None:
                continue
            value, confidence = read
            score = (3.0 if labelled else 0.0) + (2.0 if header else 0.0) + (1 if explicit else 0)
            if line.section in _BAD_SECTIONS:
                score -= 3
            if _FAX.search(prefix):
                score -= 4
            found.append(_Phone(value, line, score, position * 100 + match.start(), confidence))
    if not found:
        return unknown()
    best = max(found, key=lambda p: (p.score, -p.position))
    others = {p.value for p in found if p.score >= best.score - 0.5} - {best.value}
    confidence = best.confidence if best.score >= 2 else min(best.confidence, 0.5)
    if others and best.score < 3:
        confidence = min(confidence, 0.55)
    return Field(best.value, confidence, src(best.line.row))


# --- links -----------------------------------------------------------------------------------

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
        header = in_header(line, ctx)
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
                source = source or src(line.row)
    if not links:
        return unknown([])
    return Field(links, 0.8, source)
