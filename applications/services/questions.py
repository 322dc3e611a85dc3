"""A job's own application-form questions, and an applicant's answers checked against them."""

from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from applications import selectors
from applications.models import JobOpening, JobQuestion
from ats.actors import Actor, require_hr
from ats.errors import InvalidInput

MAX_JOB_QUESTIONS = 50
QUESTION_TEXT_MAX = 300
CHOICE_MAX = 200  # a choice may be a knock-out's required answer (200 characters)
ANSWER_MAX: dict[str, int] = {JobQuestion.Kind.SHORT_TEXT: 300, JobQuestion.Kind.LONG_TEXT: 5000}

Errors = dict[str, list[str]]
Kinds = JobQuestion.Kind


def _row_from(item: dict[str, Any], errors: Errors) -> dict[str, Any]:
    """The row's fields as text, booleans and a list of choices."""
    row: dict[str, Any] = {"id": item.get("id") or None}
    for field in ("label", "help_text", "knockout_answer"):
        value = item.get(field, "")
        row[field] = value.strip() if isinstance(value, str) else str(value)
    row["kind"] = item.get("kind", "")
    row["required"] = bool(item.get("required", True))
    row["is_knockout"] = bool(item.get("is_knockout", False))
    raw_choices = item.get("choices") or []
    if not isinstance(raw_choices, list) or not all(isinstance(c, str) for c in raw_choices):
        errors["choices"] = [_("Choices must be a list of texts.")]
        raw_choices = []
    row["choices"] = [c.strip() for c in raw_choices if c.strip()]
    return row


def _check_wording(row: dict[str, Any], errors: Errors) -> None:
    if not row["label"]:
        errors["label"] = [_("Every question needs its wording.")]
    elif len(row["label"]) > QUESTION_TEXT_MAX:
        errors["label"] = [_("A question may have at most 300 characters.")]
    if len(row["help_text"]) > QUESTION_TEXT_MAX:
        errors["help_text"] = [_("The help text may have at most 300 characters.")]
    if row["kind"] not in Kinds.values:
        errors["kind"] = [
            _("Choose a kind: short text, long text, yes / no, single choice or number.")
        ]


def _check_choices(row: dict[str, Any], errors: Errors) -> None:
    choices = row["choices"]
    if row["kind"] == Kinds.SINGLE_CHOICE and "choices" not in errors:
        if len(set(choices)) != len(choices):
            errors["choices"] = [_("Each choice may appear only once.")]
        elif len(choices) < 2:
            errors["choices"] = [_("A single-choice question needs at least two choices.")]
        elif any(len(c) > CHOICE_MAX for c in choices):
            errors["choices"] = [_("A choice may have at most 200 characters.")]
    elif choices and row["kind"] in Kinds.values:
        errors["choices"] = [
            _("Only single-choice questions have choices; clear them or choose “Single choice”.")
        ]


def _check_knockout(row: dict[str, Any], errors: Errors) -> None:
    """A knock-out names the answer an applicant needs; only some kinds can have one."""
    answer = row["knockout_answer"]
    if not row["is_knockout"]:
        if answer:
            errors["knockout_answer"] = [
                _("Only a knock-out question has a required answer; tick “knock-out” or clear it.")
            ]
    elif row["kind"] in Kinds.values and row["kind"] not in JobQuestion.KNOCKOUT_KINDS:
        errors["is_knockout"] = [
            _("Only yes / no, single-choice and number questions can knock applicants out.")
        ]
    elif not answer:
        errors["knockout_answer"] = [_("Give the answer an applicant needs in order to pass.")]
    elif row["kind"] == Kinds.YES_NO:
        row["knockout_answer"] = answer = answer.lower()
        if answer not in ("yes", "no"):
            errors["knockout_answer"] = [_("The required answer is “yes” or “no”.")]
    elif row["kind"] == Kinds.SINGLE_CHOICE and "choices" not in errors:
        if answer not in row["choices"]:
            errors["knockout_answer"] = [_("The required answer must be one of the choices.")]
    elif row["kind"] == Kinds.NUMBER and _number(answer) is None:
        errors["knockout_answer"] = [_("The required answer is the minimum, as a number.")]


def _number(value: Any) -> float | None:
    """A finite number of a sensible size, or None (also for nan and infinity)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if abs(number) < 1e9 else None


def _check_answered(
    row: dict[str, Any],
    errors: Errors,
    current: dict[int, JobQuestion],
    answered: dict[int, list[Any]],
) -> None:
    """Answers are kept as the applicant gave them and knock-outs are re-checked against them:
    an answer must stay a possible answer to its question."""
    is_id = isinstance(row["id"], int) and not isinstance(row["id"], bool)
    question = current.get(row["id"]) if is_id else None
    if row["id"] is not None and question is None:
        errors["id"] = [_("This question does not belong to this job.")]
    if question is None:
        return
    given = answered.get(question.pk, [])
    if given and row["kind"] in Kinds.values and row["kind"] != question.kind:
        errors["kind"] = [
            ngettext(
                "%(n)d applicant has answered this question; its kind cannot change. "
                "Add a new question instead.",
                "%(n)d applicants have answered this question; its kind cannot change. "
                "Add a new question instead.",
                len(given),
            )
            % {"n": len(given)}
        ]
    elif given and question.kind == Kinds.SINGLE_CHOICE and "choices" not in errors:
        chosen = Counter(str(v) for v in given)
        missing = [c for c in question.choices if chosen[c] and c not in row["choices"]]
        if missing:
            errors["choices"] = [
                ngettext(
                    "“%(choice)s” was chosen by %(n)d applicant and cannot be removed.",
                    "“%(choice)s” was chosen by %(n)d applicants and cannot be removed.",
                    chosen[missing[0]],
                )
                % {"choice": missing[0], "n": chosen[missing[0]]}
            ]


def question_row_errors(
    item: Any, current: dict[int, JobQuestion], answered: dict[int, list[Any]]
) -> tuple[dict[str, Any], Errors]:
    """One row of `job_questions_replace`: the cleaned row and its errors keyed by field."""
    if not isinstance(item, dict):
        return {}, {"": [_("Each question must be an object with its fields.")]}
    errors: Errors = {}
    row = _row_from(item, errors)
    _check_wording(row, errors)
    _check_choices(row, errors)
    _check_knockout(row, errors)
    _check_answered(row, errors, current, answered)
    return row, errors


def _checked_rows(
    questions: list[Any], current: dict[int, JobQuestion], answered: dict[int, list[Any]]
) -> tuple[list[dict[str, Any]], set[int]]:
    """Every row checked; InvalidInput keyed `questions.<index>.<field>` when any is wrong."""
    rows, errors = [], {}
    seen: set[int] = set()
    for index, item in enumerate(questions):
        row, row_errors = question_row_errors(item, current, answered)
        if row.get("id") in seen:
            row_errors["id"] = [_("This question is in the list twice.")]
        elif row.get("id"):
            seen.add(row["id"])
        for field, messages in row_errors.items():
            errors[f"questions.{index}.{field}" if field else f"questions.{index}"] = messages
        rows.append(row)
    if errors:
        raise InvalidInput(errors)
    return rows, seen


@transaction.atomic
def job_questions_replace(
    *, job: JobOpening, actor: Actor, questions: list[dict[str, Any]]
) -> list[JobQuestion]:
    """Replace the questions of a job's application form, in the given order, or change nothing.

    Each item is `{"id": existing id or absent, "label", "help_text", "kind", "choices",
    "required", "is_knockout", "knockout_answer"}`. Raises InvalidInput keyed
    `questions.<index>.<field>` (`questions` for the list as a whole).

    A question keeps its row (and id) when its id is given: applications store their answers
    under the question's id, so an edited question still owns the answers given to it. Such a
    question cannot change kind, and a single-choice question cannot lose a choice that was
    chosen, since the stored answers would no longer fit it (a knock-out would misjudge them).
    A question that has answers may be removed: each stored answer carries the wording it was
    given under, so applications still show what was asked, and ids are never reused (SQLite
    AUTOINCREMENT, PostgreSQL sequences), so no later question inherits the answers. Removing
    a knock-out question means screening no longer checks it, which is what removing asks for.
    """
    require_hr(actor, _("change job openings"))
    if not isinstance(questions, list):
        raise InvalidInput({"questions": [_("Send the questions as a list.")]})
    if len(questions) > MAX_JOB_QUESTIONS:
        raise InvalidInput(
            {"questions": [_("A job may have at most %(n)d questions.") % {"n": MAX_JOB_QUESTIONS}]}
        )
    job = JobOpening.objects.select_for_update().get(pk=job.pk)
    current = {q.pk: q for q in JobQuestion.objects.filter(job=job)}
    rows, kept = _checked_rows(questions, current, selectors.job_answer_values(job))
    JobQuestion.objects.filter(pk__in=set(current) - kept).delete()
    saved = []
    for position, row in enumerate(rows):
        question = current.get(row.pop("id")) or JobQuestion(job=job)
        question.position = position
        for field, value in row.items():
            setattr(question, field, value)
        question.save()
        saved.append(question)
    return saved


def _answer_value(question: JobQuestion, value: Any) -> tuple[bool, Any]:
    """Whether `value` is a possible answer to the question, and the value as stored."""
    if question.kind == Kinds.YES_NO:
        value = {"true": "yes", "false": "no", True: "yes", False: "no"}.get(value, value)
        return value in ("yes", "no"), value
    if question.kind == Kinds.SINGLE_CHOICE:
        return value in question.choices, value
    if question.kind == Kinds.NUMBER:
        number = _number(value)
        return number is not None, number
    limit = ANSWER_MAX.get(question.kind, ANSWER_MAX[Kinds.LONG_TEXT])
    return isinstance(value, str) and len(value) <= limit, value


def answers_check(
    questions: Iterable[JobQuestion], raw: dict[str, Any]
) -> tuple[dict[str, Any], Errors]:
    """Each answer checked against its question, stored with the wording it was given under;
    knock-outs are recorded (met or not), never decided here. Errors are keyed `q<id>`."""
    answers: dict[str, Any] = {}
    errors: Errors = {}
    for question in questions:
        key = f"q{question.pk}"
        value = raw.get(key, raw.get(str(question.pk)))
        value = value.strip() if isinstance(value, str) else value
        if value in (None, ""):
            if question.required:
                errors[key] = [_("This question needs an answer.")]
            continue
        ok, value = _answer_value(question, value)
        if not ok:
            errors[key] = [_("This is not a valid answer to this question.")]
            continue
        entry: dict[str, Any] = {"question": question.label, "answer": value}
        if question.is_knockout:
            required = question.knockout_answer
            met = value >= float(required) if question.kind == Kinds.NUMBER else value == required
            entry["knockout"] = {"required": required, "met": met}
        answers[str(question.pk)] = entry
    return answers, errors
