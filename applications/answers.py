"""An application's stored answers in words, for HR's application page: each question, the
answer as the applicant gave it (yes / no in the page's language, a number without a trailing
".0", a choice as its label) and a knock-out's result ("Knock-out: needs yes — met").

Answers are stored by `services.answers_check` as `{question id: {"question", "answer",
"knockout": {"required", "met"}}}`; anything else (an older plain `{question: answer}`) is shown
as it is. Pure: no database."""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext


@dataclass(frozen=True)
class AnswerRow:
    question: str
    answer: str
    knockout: str = ""  # "" when the question is no knock-out
    knockout_met: bool | None = None


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _words(value: Any) -> str:
    """One answer (or a required answer) in words."""
    if value is True or value == "yes":
        return pgettext("answer", "yes")
    if value is False or value == "no":
        return pgettext("answer", "no")
    if _is_number(value):
        return f"{value:g}" if isinstance(value, float) else str(value)
    if value in (None, ""):
        return "–"
    if isinstance(value, list):
        return ", ".join(_words(item) for item in value)
    return str(value)


def _answer_words(value: Any) -> str:
    """An answer on its own line: "Yes" / "No" capitalised, anything else as `_words`."""
    if value is True or value == "yes":
        return pgettext("answer", "Yes")
    if value is False or value == "no":
        return pgettext("answer", "No")
    return _words(value)


def _knockout(answer: Any, knockout: dict[str, Any]) -> tuple[str, bool | None]:
    required = knockout.get("required", "")
    if _is_number(answer):
        needs = _("at least %(number)s") % {"number": _words(_number(required))}
    else:
        needs = _words(required)
    met = knockout.get("met")
    if met is True:
        return _("Knock-out: needs %(required)s — met") % {"required": needs}, True
    if met is False:
        return _("Knock-out: needs %(required)s — not met") % {"required": needs}, False
    return _("Knock-out: needs %(required)s") % {"required": needs}, None


def _number(value: Any) -> Any:
    try:
        return float(value)
    except (TypeError, ValueError):
        return value


def _order(key: str) -> tuple[int, int | str]:
    # Stored under question ids: PostgreSQL's jsonb does not keep the keys' order.
    return (0, int(key)) if key.isdigit() else (1, key)


def answer_rows(answers: dict[str, Any] | None) -> list[AnswerRow]:
    """The answers in the form's order (question ids ascending), each in words."""
    rows = []
    for key in sorted(answers or {}, key=_order):
        entry = answers[key]  # type: ignore[index]
        if not isinstance(entry, dict) or "question" not in entry:
            rows.append(AnswerRow(question=key, answer=_answer_words(entry)))
            continue
        answer = entry.get("answer")
        knockout, met = ("", None)
        if isinstance(entry.get("knockout"), dict):
            knockout, met = _knockout(answer, entry["knockout"])
        rows.append(
            AnswerRow(
                question=str(entry["question"]),
                answer=_answer_words(answer),
                knockout=knockout,
                knockout_met=met,
            )
        )
    return rows
