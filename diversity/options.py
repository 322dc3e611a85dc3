"""The answer options of the self-identification questions: their stored shape, their labels in
each language, and the one-option-a-line text HR edits them as (a pure module, no ORM).

An option is stored as `{"code": "woman", "en": "Woman", "zh": "女性"}`: the code is what an
answer stores (so relabelling an option keeps the answers given under it), the labels are what
the applicant reads. "Prefer not to say" is not stored among them: every question offers it
(`PREFER_NOT_TO_SAY`), and no option may take its code.
"""

import re
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PREFER_NOT_TO_SAY = "prefer_not_to_say"
# What a question left unanswered stores (and how the report groups people who gave no answer).
NO_ANSWER = ""
CODE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
MAX_OPTIONS = 30
MAX_LABEL = 100

Option = dict[str, str]

# Labels of the two codes every question knows, in the current language.
PREFER_NOT_TO_SAY_LABEL = gettext_lazy("Prefer not to say")
NO_ANSWER_LABEL = gettext_lazy("No answer")


def default_gender_options() -> list[Option]:
    return [
        {"code": "woman", "en": "Woman", "zh": "女性"},
        {"code": "man", "en": "Man", "zh": "男性"},
        {"code": "non-binary", "en": "Non-binary", "zh": "非二元性别"},
        {"code": "other", "en": "I describe myself another way", "zh": "其他"},
    ]


def default_age_band_options() -> list[Option]:
    return [
        {"code": "under-25", "en": "Under 25", "zh": "25 岁以下"},
        {"code": "25-34", "en": "25–34", "zh": "25–34 岁"},
        {"code": "35-44", "en": "35–44", "zh": "35–44 岁"},
        {"code": "45-54", "en": "45–54", "zh": "45–54 岁"},
        {"code": "55-64", "en": "55–64", "zh": "55–64 岁"},
        {"code": "65-plus", "en": "65 or over", "zh": "65 岁及以上"},
    ]


def option_errors(options: Any) -> list[str]:
    """What is wrong with a stored list of options (empty when it is well formed)."""
    if not isinstance(options, list) or not options:
        return [_("Give at least one answer option.")]
    if len(options) > MAX_OPTIONS:
        return [_("Give at most %(n)d answer options.") % {"n": MAX_OPTIONS}]
    errors: list[str] = []
    seen: set[str] = set()
    for option in options:
        if not isinstance(option, dict) or set(option) - {"code", "en", "zh"}:
            return [_("Each answer option has a code, an English label and a Chinese label.")]
        code = option.get("code", "")
        if not isinstance(code, str) or not CODE_PATTERN.match(code):
            errors.append(
                _(
                    "“%(code)s” is not a valid code: use up to 40 lower-case letters, digits, "
                    "hyphens and underscores."
                )
                % {"code": code}
            )
        elif code == PREFER_NOT_TO_SAY:
            errors.append(
                _(
                    "“%(code)s” is kept for “Prefer not to say”, which every question offers "
                    "by itself."
                )
                % {"code": code}
            )
        elif code in seen:
            errors.append(_("The code “%(code)s” is used twice.") % {"code": code})
        seen.add(str(code))
        for key in ("en", "zh"):
            label = option.get(key, "")
            if not isinstance(label, str) or len(label) > MAX_LABEL:
                errors.append(
                    _("The labels of “%(code)s” must be text of at most %(n)d characters.")
                    % {"code": code, "n": MAX_LABEL}
                )
                break
        if not str(option.get("en", "")).strip():
            errors.append(_("The option “%(code)s” needs an English label.") % {"code": code})
    return errors


def parse_options(text: str) -> list[Option]:
    """HR's text, one option a line as `code | English label | Chinese label` (the Chinese
    label may be left out: the English one is shown instead). Raises ValueError naming the
    line that is wrong."""
    options: list[Option] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) not in (2, 3):
            raise ValueError(
                _("Line %(n)d: write “code | English label | Chinese label”.") % {"n": number}
            )
        code, english = parts[0], parts[1]
        chinese = parts[2] if len(parts) == 3 else ""
        options.append({"code": code, "en": english, "zh": chinese})
    errors = option_errors(options)
    if errors:
        raise ValueError(" ".join(errors))
    return options


def format_options(options: Sequence[Option]) -> str:
    """The stored options as the text HR edits (the inverse of `parse_options`)."""
    lines = []
    for option in options:
        parts = [option.get("code", ""), option.get("en", "")]
        if option.get("zh"):
            parts.append(option["zh"])
        lines.append(" | ".join(parts))
    return "\n".join(lines)


def label_of(option: Option, language: str) -> str:
    """The option's label in this language (a Chinese one falls back to the English)."""
    if language.lower().startswith("zh") and option.get("zh"):
        return option["zh"]
    return option.get("en") or option.get("code", "")


def choices(options: Sequence[Option], language: str) -> list[tuple[str, str]]:
    """The answers a question offers, in order, "Prefer not to say" last."""
    return [(o["code"], label_of(o, language)) for o in options] + [
        (PREFER_NOT_TO_SAY, str(PREFER_NOT_TO_SAY_LABEL))
    ]


def group_label(options: Sequence[Option], code: str, language: str) -> str:
    """How the report names a group: the option's label, "Prefer not to say", "No answer",
    or the bare code of an option HR has since removed."""
    if code == PREFER_NOT_TO_SAY:
        return str(PREFER_NOT_TO_SAY_LABEL)
    if code == NO_ANSWER:
        return str(NO_ANSWER_LABEL)
    for option in options:
        if option.get("code") == code:
            return label_of(option, language)
    return _("%(code)s (no longer offered)") % {"code": code}
