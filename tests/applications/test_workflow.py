"""The workflow engine: legal and illegal moves, reasons, overrides, gates, versions, audit."""

import datetime as dt
import itertools

import pytest

from applications import services, workflow
from applications.models import Application, ApplicationStatus, Offer, StageEvent, StageKind
from ats.actors import ApplicantActor
from ats.errors import ConflictError, DomainError
from tests.factories import make_application, rejection_reason, stages

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hr_decides_gates")]

POSITIONS = range(7)  # the default pipeline: applied … joined


def _place(application: Application, position: int, hr_user) -> Application:
    """Put an application at a stage through the engine (an audited override)."""
    target = stages(application.job)[position]
    if position == 0:
        return application
    return workflow.move(application, to_stage=target, actor=hr_user, reason="setup", override=True)


def _accepted_offer(application, hr_user):
    offer = services.offer_make(
        actor=hr_user, application=application, offered_on=dt.date(2019, 3, 1)
    )
    services.offer_send(actor=hr_user, offer=offer, email=False)
    services.offer_respond(
        actor=hr_user, offer=offer, accepted=True, responded_on=dt.date(2019, 3, 5)
    )


@pytest.mark.parametrize(("start", "end"), list(itertools.product(POSITIONS[:-1], POSITIONS)))
def test_every_stage_pair_without_reason(hr_user, start, end):
    """Forward by one passes (gates permitting); skips and back-moves need a reason."""
    application = _place(make_application(), start, hr_user)
    if stages(application.job)[start].kind == StageKind.OFFER and end == start + 1:
        _accepted_offer(application, hr_user)
    target = stages(application.job)[end]
    events_before = application.events.count()

    if end == start:
        moved = workflow.move(application, to_stage=target, actor=hr_user)
        assert moved.stage_id == target.pk
        assert application.events.count() == events_before  # nothing changed, nothing logged
    elif end == start + 1:
        moved = workflow.move(application, to_stage=target, actor=hr_user)
        assert moved.stage_id == target.pk
        assert application.events.count() == events_before + 1
    elif end > start + 1:
        with pytest.raises(DomainError, match="would skip .* override reason") as exc:
            workflow.move(application, to_stage=target, actor=hr_user)
        assert exc.value.code == "skip_refused"
    else:
        with pytest.raises(DomainError, match="Moving back to .* needs a reason"):
            workflow.move(application, to_stage=target, actor=hr_user)


@pytest.mark.parametrize(("start", "end"), list(itertools.product(POSITIONS[:-1], POSITIONS)))
def test_every_stage_pair_with_reason_and_override(hr_user, start, end):
    application = _place(make_application(), start, hr_user)
    target = stages(application.job)[end]
    moved = workflow.move(
        application, to_stage=target, actor=hr_user, reason="panel agreed", override=end > start
    )
    assert moved.stage_id == target.pk
    if end != start:
        event = application.events.latest("version")
        assert event.reason == "panel agreed"
        assert event.is_backward == (end < start)
        assert event.is_override == (end > start)


def test_skip_refusal_names_the_skipped_stages(hr_user):
    application = make_application()
    with pytest.raises(DomainError) as exc:
        workflow.move(application, to_stage=stages(application.job)[3], actor=hr_user)
    assert "“Preliminary screening”, “Written examination”" in exc.value.message


def test_override_without_reason_is_refused(hr_user):
    application = make_application()
    with pytest.raises(DomainError, match="override needs a reason"):
        workflow.move(
            application, to_stage=stages(application.job)[2], actor=hr_user, override=True
        )


def test_offer_gate_refuses_joining_without_accepted_offer(hr_user):
    application = _place(make_application(), 5, hr_user)
    with pytest.raises(DomainError, match="“Offer” is not complete: no accepted offer yet"):
        workflow.move(application, to_stage=stages(application.job)[6], actor=hr_user)


def test_joining_after_accepted_offer_marks_hired(hr_user):
    application = _place(make_application(), 5, hr_user)
    _accepted_offer(application, hr_user)
    hired = workflow.move(application, to_stage=stages(application.job)[6], actor=hr_user)
    assert hired.status == ApplicationStatus.HIRED
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.HIRED


def test_hired_application_cannot_move_or_be_rejected(hr_user):
    application = _place(make_application(), 5, hr_user)
    _accepted_offer(application, hr_user)
    workflow.move(application, to_stage=stages(application.job)[6], actor=hr_user)
    with pytest.raises(DomainError, match="is hired"):
        workflow.move(application, to_stage=stages(application.job)[5], actor=hr_user, reason="x")
    with pytest.raises(DomainError, match="is hired"):
        workflow.reject(application, rejection_reason=rejection_reason(), actor=hr_user)


def test_registered_gate_refusal_is_named(hr_user):
    application = make_application()
    workflow.register_gate("applied", lambda app: "2 of 3 scorecards submitted")
    try:
        with pytest.raises(DomainError, match="2 of 3 scorecards submitted"):
            workflow.move(application, to_stage=stages(application.job)[1], actor=hr_user)
        moved = workflow.move(
            application,
            to_stage=stages(application.job)[1],
            actor=hr_user,
            reason="HR waived it",
            override=True,
        )
        assert moved.stage.position == 1
    finally:
        workflow._gates.pop("applied")


def test_move_to_another_jobs_stage_is_refused(hr_user):
    application, other = make_application(), make_application()
    with pytest.raises(DomainError, match="belongs to another job"):
        workflow.move(application, to_stage=stages(other.job)[1], actor=hr_user)


def test_reject_records_reason_and_keeps_stage(hr_user):
    application = _place(make_application(), 2, hr_user)
    rejected = workflow.reject(
        application,
        rejection_reason=rejection_reason("exam-below-pass"),
        note="42/100",
        actor=hr_user,
    )
    assert rejected.status == ApplicationStatus.REJECTED
    assert rejected.stage.position == 2
    event = application.events.latest("version")
    assert (event.kind, event.rejection_reason.code, event.reason) == (
        StageEvent.Kind.REJECTED,
        "exam-below-pass",
        "42/100",
    )


def test_rejected_application_cannot_move(hr_user):
    application = make_application()
    workflow.reject(application, rejection_reason=rejection_reason(), actor=hr_user)
    with pytest.raises(DomainError, match="is rejected; it cannot be moved"):
        workflow.move(application, to_stage=stages(application.job)[1], actor=hr_user)


def test_withdraw_by_applicant_has_no_actor(hr_user):
    application = make_application()
    withdrawn = workflow.withdraw(
        application, actor=ApplicantActor(application.pk), reason="took another job"
    )
    assert withdrawn.status == ApplicationStatus.WITHDRAWN
    assert application.events.latest("version").actor is None


def test_withdraw_twice_is_refused():
    application = make_application()
    workflow.withdraw(application, actor=ApplicantActor(application.pk))
    with pytest.raises(DomainError, match="is withdrawn; it cannot be withdrawn"):
        workflow.withdraw(application, actor=ApplicantActor(application.pk))


@pytest.mark.parametrize("close", ["reject", "withdraw"])
def test_reopen_needs_reason_and_restores_active(hr_user, close):
    application = _place(make_application(), 3, hr_user)
    if close == "reject":
        workflow.reject(application, rejection_reason=rejection_reason(), actor=hr_user)
    else:
        workflow.withdraw(application, actor=ApplicantActor(application.pk))
    with pytest.raises(DomainError, match="Reopening needs a reason"):
        workflow.reopen(application, actor=hr_user, reason="  ")
    reopened = workflow.reopen(application, actor=hr_user, reason="appeal upheld")
    assert reopened.status == ApplicationStatus.ACTIVE
    assert reopened.stage.position == 3
    assert reopened.rejection_reason is None


def test_reopen_active_application_is_refused(hr_user):
    with pytest.raises(DomainError, match="Only a rejected or withdrawn application"):
        workflow.reopen(make_application(), actor=hr_user, reason="why not")


def test_stale_version_is_refused(hr_user):
    application = make_application()
    version = application.version
    workflow.move(application, to_stage=stages(application.job)[1], actor=hr_user)
    with pytest.raises(ConflictError, match="changed by someone else"):
        workflow.move(
            application,
            to_stage=stages(application.job)[2],
            actor=hr_user,
            expected_version=version,
        )


def test_version_rises_with_every_change_and_matches_event(hr_user):
    application = make_application()
    moved = workflow.move(application, to_stage=stages(application.job)[1], actor=hr_user)
    assert moved.version == 2
    assert list(application.events.values_list("version", flat=True)) == [1, 2]


def test_non_hr_user_cannot_move(interviewer):
    application = make_application()
    with pytest.raises(DomainError, match="Only HR staff may move applications"):
        workflow.move(application, to_stage=stages(application.job)[1], actor=interviewer)


def test_move_notifies_applicant_on_commit(hr_user, mailoutbox, django_capture_on_commit_callbacks):
    application = make_application()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.move(application, to_stage=stages(application.job)[1], actor=hr_user)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [application.candidate.email]
    assert "Under review" in mailoutbox[0].subject


def test_back_move_sends_no_mail(hr_user, mailoutbox, django_capture_on_commit_callbacks):
    application = _place(make_application(), 2, hr_user)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.move(
            application, to_stage=stages(application.job)[1], actor=hr_user, reason="oops"
        )
    assert mailoutbox == []


def test_stage_events_are_append_only(hr_user):
    event = make_application().events.get()
    event.reason = "rewritten"
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()


def test_bulk_move_reports_each_refusal(hr_user):
    first = make_application()
    second = make_application(job=first.job)
    workflow.reject(second, rejection_reason=rejection_reason(), actor=hr_user)
    third = _place(make_application(job=first.job), 5, hr_user)  # offer not accepted
    outcomes = {
        o.application_id: o
        for o in workflow.move_many([first.pk, second.pk, third.pk, 999999], actor=hr_user)
    }
    assert outcomes[first.pk].ok and outcomes[first.pk].stage == "Preliminary screening"
    assert not outcomes[second.pk].ok and "rejected" in outcomes[second.pk].message
    assert not outcomes[third.pk].ok and "no accepted offer" in outcomes[third.pk].message
    assert outcomes[999999].code == "not_found"


def test_offer_only_in_offer_stage(hr_user):
    application = make_application()
    with pytest.raises(DomainError, match="offer stage"):
        services.offer_make(actor=hr_user, application=application, offered_on=dt.date(2019, 1, 1))


def test_second_live_offer_refused(hr_user):
    application = _place(make_application(), 5, hr_user)
    services.offer_make(actor=hr_user, application=application, offered_on=dt.date(2019, 1, 1))
    with pytest.raises(DomainError, match="already has an open or accepted offer"):
        services.offer_make(actor=hr_user, application=application, offered_on=dt.date(2019, 1, 2))


def test_offer_answer_before_offer_refused(hr_user):
    application = _place(make_application(), 5, hr_user)
    offer = services.offer_make(
        actor=hr_user, application=application, offered_on=dt.date(2019, 1, 10)
    )
    services.offer_send(actor=hr_user, offer=offer, email=False)
    with pytest.raises(DomainError, match="cannot come before"):
        services.offer_respond(
            actor=hr_user, offer=offer, accepted=True, responded_on=dt.date(2019, 1, 9)
        )
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.OFFERED
