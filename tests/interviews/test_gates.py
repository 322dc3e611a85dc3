"""The gate of interview stages: a held interview, the scorecards the round needs, an advance
decision."""

import pytest

from applications import workflow
from applications.models import ApplicationStatus
from ats.errors import DomainError
from interviews import services
from interviews.gates import interview_gate
from tests.factories import make_application, make_job, stages
from tests.interviews.conftest import score

pytestmark = pytest.mark.django_db


def _next(application):
    return next(s for s in stages(application.job) if s.position > application.stage.position)


def _move(application, hr_user):
    return workflow.move(application, to_stage=_next(application), actor=hr_user, notify=False)


def _advance(application, round_, hr_user, **kwargs):
    return services.round_decision_record(
        actor=hr_user, application=application, round=round_, outcome="advance", **kwargs
    )


def test_no_move_without_an_interview(in_round, hr_user):
    application = in_round()
    assert interview_gate(application) == "no interview held in Interview round 1 yet"
    with pytest.raises(DomainError) as refused:
        _move(application, hr_user)
    assert refused.value.message == (
        "“Interview round 1” is not complete: no interview held in Interview round 1 yet"
    )


def test_a_cancelled_or_missed_interview_is_not_held(held, hr_user):
    services.interview_no_show(actor=hr_user, interview=held)
    assert interview_gate(held.application) == "no interview held in Interview round 1 yet"


def test_no_move_with_a_missing_scorecard(
    in_round, schedule, interviewer, other_interviewer, third_interviewer, hr_user
):
    interview = schedule(in_round(), [interviewer, other_interviewer, third_interviewer])
    score(interview, interviewer)
    score(interview, other_interviewer)
    score(interview, third_interviewer, submit=False)  # a draft does not count
    with pytest.raises(DomainError, match="2 of 3 scorecards submitted"):
        _move(interview.application, hr_user)


def test_no_move_without_an_advance_decision(held, hr_user, interviewer, other_interviewer):
    score(held, interviewer)
    score(held, other_interviewer)
    with pytest.raises(DomainError) as refused:
        _move(held.application, hr_user)
    assert refused.value.message.endswith("no advance decision for Interview round 1")


def test_with_every_scorecard_and_advance_the_application_moves(
    held, hr_user, interviewer, other_interviewer
):
    score(held, interviewer)
    score(held, other_interviewer, recommendation="strong_yes")
    decision = _advance(held.application, held.round, hr_user, note="Clear first choice")
    assert (decision.outcome, decision.decided_by, decision.rejection_reason) == (
        "advance",
        hr_user,
        None,
    )
    assert interview_gate(held.application) is None
    moved = _move(held.application, hr_user)
    assert moved.stage.name == "Interview round 2"


def test_a_reopened_scorecard_closes_the_gate_again(held, hr_user, interviewer, other_interviewer):
    score(held, interviewer)
    submitted = score(held, other_interviewer)
    _advance(held.application, held.round, hr_user)
    services.scorecard_reopen(actor=hr_user, scorecard=submitted, reason="Wrong candidate rated")
    assert interview_gate(held.application) == "1 of 2 scorecards submitted"


def test_a_removed_member_is_not_waited_for(
    in_round, schedule, hr_user, interviewer, other_interviewer, third_interviewer
):
    # Three on the panel, two of them the round's minimum: the third may leave.
    interview = schedule(in_round(), [interviewer, other_interviewer, third_interviewer])
    score(interview, interviewer)
    score(interview, other_interviewer)
    services.panel_member_remove(
        actor=hr_user, member=interview.panel.get(interviewer=third_interviewer), reason="Conflict"
    )
    assert interview_gate(interview.application) == "no advance decision for Interview round 1"


def test_a_panel_below_the_rounds_minimum_does_not_pass(
    held, hr_user, interviewer, other_interviewer
):
    # Removing a member after the interview leaves "1 of 1": the round needs a panel of 2.
    score(held, interviewer)
    services.panel_member_remove(
        actor=hr_user, member=held.panel.get(interviewer=other_interviewer), reason="Conflict"
    )
    assert interview_gate(held.application) == "1 of the 2 scorecards the round needs"
    with pytest.raises(
        DomainError, match="ready to advance: 1 of the 2 scorecards the round needs"
    ):
        _advance(held.application, held.round, hr_user)
    with pytest.raises(DomainError, match="1 of the 2 scorecards the round needs"):
        _move(held.application, hr_user)


def test_a_member_added_after_the_interview_completes_the_round(
    held, hr_user, interviewer, other_interviewer, third_interviewer
):
    score(held, interviewer)
    services.panel_member_remove(
        actor=hr_user, member=held.panel.get(interviewer=other_interviewer), reason="Conflict"
    )
    services.panel_member_add(
        actor=hr_user, interview=held, interviewer=third_interviewer, notify=False
    )
    assert interview_gate(held.application) == "1 of 2 scorecards submitted"
    score(held, third_interviewer)
    _advance(held.application, held.round, hr_user)
    assert interview_gate(held.application) is None


def test_a_reject_decision_keeps_the_gate_shut(held, hr_user, interviewer, other_interviewer):
    score(held, interviewer)
    score(held, other_interviewer)
    services.round_decision_record(
        actor=hr_user,
        application=held.application,
        round=held.round,
        outcome="reject",
        reject_application=False,
    )
    assert held.application.status == ApplicationStatus.ACTIVE
    assert interview_gate(held.application) == "no advance decision for Interview round 1"


def test_the_second_round_has_its_own_gate(
    held, hr_user, interviewer, other_interviewer, rounds, schedule
):
    score(held, interviewer)
    score(held, other_interviewer)
    _advance(held.application, held.round, hr_user, move_on=True, notify=False)
    held.application.refresh_from_db()
    assert interview_gate(held.application) == "no interview held in Interview round 2 yet"


def test_the_gate_before_the_rounds_exist_names_the_stage(hr_user):
    job = make_job()
    application = make_application(job=job)
    stage = next(s for s in stages(job) if s.kind == "interview")
    workflow.move(application, to_stage=stage, actor=hr_user, override=True, reason="-")
    application.refresh_from_db()
    assert interview_gate(application) == "no interview held in Interview round 1 yet"


def test_the_bulk_interview_gate_answers_as_the_single_one(
    in_round,
    schedule,
    job,
    rounds,
    interviewer,
    other_interviewer,
    third_interviewer,
    hr_user,
    django_assert_max_num_queries,
):
    import datetime as dt

    from applications.models import Application
    from interviews.gates import interview_gate_many
    from tests.interviews.conftest import HELD

    def at(hours):
        return HELD + dt.timedelta(hours=hours)

    not_held = in_round()
    trio = [interviewer, other_interviewer, third_interviewer]
    missing = schedule(in_round(), trio, start=at(0))
    score(missing, interviewer)
    score(missing, third_interviewer, submit=False)
    undecided = schedule(in_round(), [interviewer, other_interviewer], start=at(2))
    advanced = schedule(in_round(), [interviewer, other_interviewer], start=at(4))
    for interview in (undecided, advanced):
        score(interview, interviewer)
        score(interview, other_interviewer)
    _advance(advanced.application, rounds[0], hr_user)
    no_show = schedule(in_round(), [interviewer, other_interviewer], start=at(6))
    services.interview_no_show(actor=hr_user, interview=no_show)
    # A job whose rounds were never opened: no round for its interview stage.
    bare = make_application(job=make_job())
    interview_stage = next(s for s in stages(bare.job) if s.kind == "interview")
    workflow.move(
        bare, to_stage=interview_stage, actor=hr_user, override=True, reason="t", notify=False
    )
    chosen = [not_held, missing.application, undecided.application, advanced.application]
    chosen += [no_show.application, bare]
    found = Application.objects.select_related("stage", "job").in_bulk([a.pk for a in chosen])
    applications = [found[a.pk] for a in chosen]
    single = {a.pk: interview_gate(a) for a in applications}
    with django_assert_max_num_queries(5):
        many = interview_gate_many(applications)
    assert many == single
    assert single[advanced.application_id] is None
    assert "1 of 3 scorecards submitted" in single[missing.application_id]
    assert "no advance decision" in single[undecided.application_id]
