"""The gates of the screening and exam stages: refusals name the reason; overrides still work."""

import datetime as dt
from decimal import Decimal

import pytest

from applications import workflow
from ats.errors import DomainError
from screening import services
from screening.models import SectionScore
from tests.factories import UserFactory, make_job, stages
from tests.screening.support import exam_for, in_stage, invited, screening_application

pytestmark = pytest.mark.django_db


def next_stage(application):
    return next(s for s in stages(application.job) if s.position > application.stage.position)


def refusal(application, hr) -> str:
    with pytest.raises(DomainError) as refused:
        workflow.move(application, to_stage=next_stage(application), actor=hr, notify=False)
    assert refused.value.code == "gate_refused"
    return refused.value.message


# --- screening -----------------------------------------------------------------------------


def test_no_move_to_the_exam_without_a_screening_decision(hr_user):
    application = screening_application(hr_user)
    assert "no screening decision of pass yet" in refusal(application, hr_user)
    application.refresh_from_db()
    assert application.stage.kind == "screening"


@pytest.mark.parametrize(
    ("decisions", "words"),
    [
        (["fail"], "no screening decision of pass yet: 1 fail"),
        (["hold"], "no screening decision of pass yet: 1 on hold"),
        (["pass", "fail"], "reviewers disagree: 1 pass, 1 fail"),
        (["pass", "hold"], "reviewers disagree: 1 pass, 1 on hold"),
    ],
)
def test_refusals_name_the_decisions(hr_user, decisions, words):
    application = screening_application(hr_user)
    for n, decision in enumerate(decisions):
        reviewer = hr_user if n == 0 else UserFactory(groups=["hr"])
        services.decision_record(application=application, actor=reviewer, decision=decision)
    assert words in refusal(application, hr_user)


def test_a_pass_opens_the_gate(hr_user):
    application = screening_application(hr_user)
    services.decision_record(application=application, actor=hr_user, decision="pass")
    moved = workflow.move(
        application, to_stage=next_stage(application), actor=hr_user, notify=False
    )
    assert moved.stage.kind == "exam"


def test_the_latest_decision_of_each_reviewer_counts(hr_user):
    application = screening_application(hr_user)
    t0 = dt.datetime(2019, 1, 10, tzinfo=dt.UTC)
    services.decision_record(application=application, actor=hr_user, decision="hold", at=t0)
    services.decision_record(
        application=application, actor=hr_user, decision="pass", at=t0 + dt.timedelta(hours=1)
    )
    moved = workflow.move(
        application, to_stage=next_stage(application), actor=hr_user, notify=False
    )
    assert moved.stage.kind == "exam"


def test_hr_may_override_the_screening_gate_with_a_reason(hr_user):
    application = screening_application(hr_user)
    moved = workflow.move(
        application,
        to_stage=next_stage(application),
        actor=hr_user,
        override=True,
        reason="Internal candidate",
        notify=False,
    )
    assert moved.stage.kind == "exam"


# --- exam ----------------------------------------------------------------------------------


def exam_application(hr, **exam_fields):
    exam = exam_for(make_job(), hr, **exam_fields)
    (sitting,) = invited(exam, hr)
    return exam, sitting, sitting.application


def give(exam, sitting, hr, *marks, marker="first"):
    sections = list(exam.sections.order_by("position"))
    entries = [
        services.ScoreEntry(sitting, section, marker, Decimal(str(points)))
        for section, points in zip(sections, marks, strict=True)
        if points is not None
    ]
    services.marks_save(exam=exam, actor=hr, entries=entries)


def test_no_move_to_interview_without_an_exam(hr_user):
    application = in_stage(screening_application(hr_user), "exam", hr_user)
    assert "no written examination is set up" in refusal(application, hr_user)


def test_no_move_to_interview_when_not_invited(hr_user):
    exam = exam_for(make_job(), hr_user)
    application = in_stage(screening_application(hr_user, job=exam.job), "exam", hr_user)
    assert "not invited to the written examination" in refusal(application, hr_user)


def test_no_move_to_interview_for_an_absent_candidate(hr_user):
    exam, sitting, application = exam_application(hr_user)
    services.sitting_attendance_set(sitting=sitting, actor=hr_user, attendance="absent")
    assert "absent from the written examination" in refusal(application, hr_user)


def test_no_move_to_interview_below_the_pass_mark(hr_user):
    exam, sitting, application = exam_application(hr_user)
    give(exam, sitting, hr_user, 20, 34)
    assert "scored 54 of 100, below the pass mark of 60" in refusal(application, hr_user)


def test_attendance_not_recorded_refuses(hr_user):
    exam, sitting, application = exam_application(hr_user)
    assert "attendance at the written examination is not recorded" in refusal(application, hr_user)


def test_a_section_without_a_mark_is_named(hr_user):
    exam, sitting, application = exam_application(hr_user)
    give(exam, sitting, hr_user, 30, None)
    assert "no mark yet for Section B" in refusal(application, hr_user)


def test_markers_who_differ_must_agree_first(hr_user):
    exam, sitting, application = exam_application(hr_user)
    give(exam, sitting, hr_user, 30, 40)
    give(exam, sitting, hr_user, 30, 50, marker="second")
    assert (
        "marks of the two markers differ by more than 5 points on Section B: agree a mark first"
        in refusal(application, hr_user)
    )
    give(exam, sitting, hr_user, None, 45, marker="agreed")
    moved = workflow.move(
        application, to_stage=next_stage(application), actor=hr_user, notify=False
    )
    assert moved.stage.name == "Interview round 1"


def test_at_or_above_the_pass_mark_goes_on(hr_user):
    exam, sitting, application = exam_application(hr_user)
    give(exam, sitting, hr_user, 20, 40)
    moved = workflow.move(
        application, to_stage=next_stage(application), actor=hr_user, notify=False
    )
    assert moved.stage.name == "Interview round 1"


def test_only_the_top_n_go_on(hr_user):
    exam = exam_for(make_job(), hr_user, top_n=2)
    first, second, third = invited(exam, hr_user, count=3)
    for sitting, marks in ((first, (40, 50)), (second, (35, 50)), (third, (30, 50))):
        give(exam, sitting, hr_user, *marks)
    assert "ranked 3rd; only the top 2 go on" in refusal(third.application, hr_user)
    moved = workflow.move(
        second.application, to_stage=next_stage(second.application), actor=hr_user, notify=False
    )
    assert moved.stage.name == "Interview round 1"


def test_the_refusal_leaves_no_trace(hr_user):
    exam, sitting, application = exam_application(hr_user)
    events = application.events.count()
    refusal(application, hr_user)
    assert application.events.count() == events
    assert not SectionScore.objects.exists()


# --- the bulk forms (bulk moves) answer exactly as the single gates ------------------------


def _loaded(applications):
    from applications.models import Application

    found = Application.objects.select_related("stage", "job").in_bulk([a.pk for a in applications])
    return [found[a.pk] for a in applications]


def test_the_bulk_screening_gate_answers_as_the_single_one(hr_user, django_assert_max_num_queries):
    from screening import gates

    mixed = {
        (): None,
        ("fail",): None,
        ("hold",): None,
        ("pass", "fail"): None,
        ("pass", "hold"): None,
        ("pass",): None,
        ("hold", "pass"): None,  # one reviewer changed their mind
    }
    other = UserFactory(groups=["hr"])
    applications = []
    for decisions in mixed:
        application = screening_application(hr_user)
        for n, decision in enumerate(decisions):
            reviewer = hr_user if n == 0 or decisions == ("hold", "pass") else other
            at = dt.datetime(2019, 1, 10, tzinfo=dt.UTC) + dt.timedelta(hours=n)
            services.decision_record(
                application=application, actor=reviewer, decision=decision, at=at
            )
        applications.append(application)
    applications = _loaded(applications)
    single = {a.pk: gates.screening_gate(a) for a in applications}
    with django_assert_max_num_queries(1):
        many = gates.screening_gate_many(applications)
    assert many == single
    assert sum(answer is None for answer in single.values()) == 2  # the data is mixed


def test_the_bulk_exam_gate_answers_as_the_single_one(hr_user, django_assert_max_num_queries):
    from screening import gates

    no_exam = in_stage(screening_application(hr_user), "exam", hr_user)
    exam = exam_for(make_job(), hr_user, top_n=2)
    not_invited = in_stage(screening_application(hr_user, job=exam.job), "exam", hr_user)
    first, second, third, absent = invited(exam, hr_user, count=4)
    for sitting, marks in ((first, (40, 50)), (second, (35, 50)), (third, (30, 50))):
        give(exam, sitting, hr_user, *marks)
    services.sitting_attendance_set(sitting=absent, actor=hr_user, attendance="absent")
    other_exam = exam_for(make_job(), hr_user)
    below, unmarked, unrecorded = invited(other_exam, hr_user, count=3)
    give(other_exam, below, hr_user, 20, 34)
    give(other_exam, unmarked, hr_user, 30, None)
    sittings = (first, second, third, absent, unmarked, unrecorded, below)
    applications = _loaded([no_exam, not_invited] + [s.application for s in sittings])
    single = {a.pk: gates.exam_gate(a) for a in applications}
    with django_assert_max_num_queries(4):
        many = gates.exam_gate_many(applications)
    assert many == single
    assert single[first.application_id] is None
    assert "ranked 3rd" in single[third.application_id]
    assert "below the pass mark" in single[below.application_id]
