"""A job's application-form questions (applications/services/questions.py)."""

import pytest

from applications import services
from applications.models import (
    JobQuestion,
)
from ats.errors import InvalidInput
from tests.applications.job_support import answer, as_items, choice, snapshot, yes_no
from tests.factories import make_job

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hr_decides_gates")]


def test_questions_replace_creates_in_order(hr_user):
    job = make_job()
    saved = services.job_questions_replace(
        job=job,
        actor=hr_user,
        questions=[
            yes_no(is_knockout=True, knockout_answer="Yes"),
            choice(),
            {"label": "Years in programme management", "kind": "number", "required": False},
        ],
    )
    assert [q.position for q in saved] == [0, 1, 2]
    first, second, third = job.questions.order_by("position")
    assert (first.kind, first.is_knockout, first.knockout_answer) == ("yes_no", True, "yes")
    assert second.choices == ["Bachelor", "Master", "Doctorate"]
    assert third.required is False


def test_questions_replace_keeps_rows_by_id_and_reorders(hr_user):
    job = make_job()
    first, second = services.job_questions_replace(
        job=job, actor=hr_user, questions=[yes_no(), choice()]
    )
    items = as_items(job)
    items.reverse()
    items[1]["label"] = "Can you start on 1 March?"
    items.append({"label": "Why us?", "kind": "long_text"})
    services.job_questions_replace(job=job, actor=hr_user, questions=items)
    rows = list(job.questions.order_by("position"))
    assert [q.pk for q in rows[:2]] == [second.pk, first.pk]
    assert rows[1].label == "Can you start on 1 March?"
    assert rows[2].label == "Why us?"


def test_questions_replace_removes_what_is_left_out(hr_user):
    job = make_job()
    services.job_questions_replace(job=job, actor=hr_user, questions=[yes_no(), choice()])
    services.job_questions_replace(job=job, actor=hr_user, questions=as_items(job)[1:])
    assert list(job.questions.values_list("label", flat=True)) == ["Highest degree"]


@pytest.mark.parametrize(
    ("item", "field", "words"),
    [
        (choice(choices=["Master"]), "choices", "at least two choices"),
        (choice(choices=["Master", "Master"]), "choices", "only once"),
        (yes_no(choices=["a", "b"]), "choices", "Only single-choice questions"),
        ({"label": " ", "kind": "short_text"}, "label", "needs its wording"),
        ({"label": "x" * 301, "kind": "short_text"}, "label", "at most 300"),
        ({"label": "Why?", "kind": "essay"}, "kind", "Choose a kind"),
        (yes_no(is_knockout=True), "knockout_answer", "needs in order to pass"),
        (yes_no(is_knockout=True, knockout_answer="maybe"), "knockout_answer", "“yes” or “no”"),
        (choice(is_knockout=True, knockout_answer="PhD"), "knockout_answer", "one of the choices"),
        (
            {"label": "Years", "kind": "number", "is_knockout": True, "knockout_answer": "two"},
            "knockout_answer",
            "as a number",
        ),
        (
            {"label": "Years", "kind": "number", "is_knockout": True, "knockout_answer": "inf"},
            "knockout_answer",
            "as a number",
        ),
        (
            {"label": "Why?", "kind": "long_text", "is_knockout": True, "knockout_answer": "x"},
            "is_knockout",
            "can knock applicants out",
        ),
        (yes_no(knockout_answer="yes"), "knockout_answer", "tick “knock-out”"),
        (yes_no(id=999999), "id", "does not belong to this job"),
    ],
)
def test_questions_replace_refuses_bad_rows_and_changes_nothing(hr_user, item, field, words):
    job = make_job()
    services.job_questions_replace(job=job, actor=hr_user, questions=[yes_no("Kept?")])
    before = snapshot(job)
    with pytest.raises(InvalidInput) as caught:
        services.job_questions_replace(job=job, actor=hr_user, questions=[*as_items(job), item])
    assert list(caught.value.errors) == [f"questions.1.{field}"]
    assert words in caught.value.errors[f"questions.1.{field}"][0]
    assert snapshot(job) == before


def test_questions_replace_reports_every_bad_row_at_once(hr_user):
    job = make_job()
    with pytest.raises(InvalidInput) as caught:
        services.job_questions_replace(
            job=job,
            actor=hr_user,
            questions=[choice(choices=["One"]), yes_no(), {"label": "", "kind": "number"}],
        )
    assert set(caught.value.errors) == {"questions.0.choices", "questions.2.label"}
    assert not job.questions.exists()


def test_questions_replace_refuses_a_question_of_another_job(hr_user):
    other = make_job()
    (foreign,) = services.job_questions_replace(job=other, actor=hr_user, questions=[yes_no()])
    job = make_job()
    with pytest.raises(InvalidInput) as caught:
        services.job_questions_replace(
            job=job, actor=hr_user, questions=[yes_no(id=foreign.pk, label="Mine now?")]
        )
    assert "questions.0.id" in caught.value.errors
    assert JobQuestion.objects.get(pk=foreign.pk).job == other


def test_questions_replace_refuses_the_same_question_twice(hr_user):
    job = make_job()
    services.job_questions_replace(job=job, actor=hr_user, questions=[yes_no()])
    item = as_items(job)[0]
    with pytest.raises(InvalidInput) as caught:
        services.job_questions_replace(job=job, actor=hr_user, questions=[item, dict(item)])
    assert "twice" in caught.value.errors["questions.1.id"][0]


def test_questions_replace_limits_the_number_of_questions(hr_user):
    job = make_job()
    with pytest.raises(InvalidInput) as caught:
        services.job_questions_replace(
            job=job, actor=hr_user, questions=[yes_no(f"Q{i}") for i in range(51)]
        )
    assert "at most 50" in caught.value.errors["questions"][0]


def test_answered_question_cannot_change_kind(hr_user):
    job = make_job()
    (question,) = services.job_questions_replace(job=job, actor=hr_user, questions=[yes_no()])
    answer(job, question, "yes")
    items = as_items(job)
    items[0]["kind"] = "short_text"
    with pytest.raises(InvalidInput) as caught:
        services.job_questions_replace(job=job, actor=hr_user, questions=items)
    assert "1 applicant has answered this question" in caught.value.errors["questions.0.kind"][0]
    assert JobQuestion.objects.get(pk=question.pk).kind == "yes_no"


def test_answered_choice_cannot_be_removed_but_others_can(hr_user):
    job = make_job()
    (question,) = services.job_questions_replace(job=job, actor=hr_user, questions=[choice()])
    answer(job, question, "Master")
    answer(job, question, "Master")
    items = as_items(job)
    items[0]["choices"] = ["Bachelor", "Doctorate"]
    with pytest.raises(InvalidInput) as caught:
        services.job_questions_replace(job=job, actor=hr_user, questions=items)
    assert caught.value.errors["questions.0.choices"] == [
        "“Master” was chosen by 2 applicants and cannot be removed."
    ]
    items[0]["choices"] = ["Master", "Doctorate", "Postdoctoral"]
    services.job_questions_replace(job=job, actor=hr_user, questions=items)
    assert JobQuestion.objects.get(pk=question.pk).choices == [
        "Master",
        "Doctorate",
        "Postdoctoral",
    ]


def test_answered_question_may_be_reworded_or_removed_and_answers_stay(hr_user):
    job = make_job()
    (question,) = services.job_questions_replace(job=job, actor=hr_user, questions=[yes_no()])
    application = answer(job, question, "yes")
    items = as_items(job)
    items[0]["label"] = "Could you start in March 2019?"
    services.job_questions_replace(job=job, actor=hr_user, questions=items)
    assert JobQuestion.objects.get(pk=question.pk).label == "Could you start in March 2019?"
    services.job_questions_replace(job=job, actor=hr_user, questions=[])
    assert not job.questions.exists()
    application.refresh_from_db()
    assert application.answers[str(question.pk)] == {
        "question": "Can you start in March?",
        "answer": "yes",
    }
    (new,) = services.job_questions_replace(job=job, actor=hr_user, questions=[yes_no()])
    assert new.pk != question.pk  # ids are never reused: no question inherits old answers
