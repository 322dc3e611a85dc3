"""Helpers for the tests of job openings: question rows, answers, snapshots."""

from applications.models import (
    Application,
    JobQuestion,
)
from tests.factories import make_application


def yes_no(label="Can you start in March?", **fields) -> dict:
    return {"label": label, "kind": "yes_no", **fields}


def choice(label="Highest degree", choices=("Bachelor", "Master", "Doctorate"), **fields) -> dict:
    return {"label": label, "kind": "single_choice", "choices": list(choices), **fields}


def as_items(job) -> list[dict]:
    """The job's questions as the service takes them back."""
    return [
        {
            "id": q.pk,
            "label": q.label,
            "help_text": q.help_text,
            "kind": q.kind,
            "choices": q.choices,
            "required": q.required,
            "is_knockout": q.is_knockout,
            "knockout_answer": q.knockout_answer,
        }
        for q in job.questions.order_by("position")
    ]


def answer(job, question: JobQuestion, value) -> Application:
    """An application whose form answered `question` (stored as the careers form stores it)."""
    return make_application(
        job=job, answers={str(question.pk): {"question": question.label, "answer": value}}
    )


def snapshot(job) -> list[tuple]:
    return list(
        job.questions.order_by("position").values_list(
            "id", "position", "label", "kind", "choices", "is_knockout", "knockout_answer"
        )
    )
