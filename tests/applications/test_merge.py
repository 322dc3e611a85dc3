"""candidate_merge and candidate_merge_undo: one person kept, every row moved, and put back."""

import datetime as dt

import pytest
from django.apps import apps
from django.core import mail

from applications import services, workflow
from applications.models import (
    Application,
    Candidate,
    CandidateMerge,
    PossibleDuplicate,
)
from ats.actors import SYSTEM
from ats.errors import ConflictError, DomainError
from interviews.models import Interview, Scorecard
from messaging.models import OutboxMessage
from screening import services as screening_services
from tests.applications.duplicates_support import DISTINCT, MERGED, OPEN, SAME
from tests.factories import CandidateFactory, make_application, make_job, rejection_reason
from tests.interviews.conftest import score
from tests.privacy.conftest import person_on_file
from tests.screening.support import screening_application
from tests.webhooks.test_events import schedule_interview

pytestmark = pytest.mark.django_db


def full_dump() -> dict[str, list[tuple]]:
    """Every row of every table of every app, every column, ordered by key; without the
    merge records themselves."""
    dump = {}
    for model in apps.get_models(include_auto_created=True):
        if model is CandidateMerge or model._meta.proxy or not model._meta.managed:
            continue
        columns = [field.attname for field in model._meta.concrete_fields]
        dump[model._meta.label] = list(model._base_manager.order_by("pk").values_list(*columns))
    return dump


def interviewed(candidate, hr_user, interviewer, other_interviewer):
    """An application of the candidate with a held interview and a submitted scorecard."""
    application = make_application(job=make_job(title="Field ecologist"), candidate=candidate)
    interview = schedule_interview(application, hr_user, [interviewer, other_interviewer])
    score(interview, interviewer)
    return application


@pytest.fixture
def pair(hr_user, interviewer, other_interviewer):
    """Two records of one person, each with applications, a CV, a submission and consent,
    a status link, a rejection in the outbox, a screening decision, an interview with a
    scorecard, a released hold, an access-log row; flagged against each other, and both
    flagged against a third person (the same pair of candidate and existing on both sides: a
    unique constraint)."""
    old = person_on_file("Zofia Quarterbridge", "zofia.q@example.org", "+48 601 234 567")
    new = person_on_file("Zofia Quarterbridge", "zofia@new.example.org", "+48 601 234 567")
    survivor, absorbed = old.candidate, new.candidate
    for application in (old, new):
        services.consent_record(
            application=application, purpose="application", text="I agree.", language="en"
        )
    workflow.reject(new, rejection_reason=rejection_reason(), actor=SYSTEM, note="No")
    reviewed = screening_application(hr_user, candidate=absorbed)
    screening_services.decision_record(application=reviewed, actor=hr_user, decision="hold")
    interviewed(absorbed, hr_user, interviewer, other_interviewer)
    hold = services.legal_hold_set(candidate=absorbed, actor=hr_user, reason="Old complaint")
    services.legal_hold_release(hold=hold, actor=hr_user)
    services.personal_data_access_record(candidate_id=absorbed.pk, action="exported", actor=hr_user)
    (flag,) = services.candidate_flag_duplicates(candidate=absorbed)
    third = CandidateFactory(full_name="Zofia Quarterbridge", email="z3@example.org")
    make_application(candidate=third)
    third_flags = services.candidate_flag_duplicates(candidate=third)
    assert len(third_flags) == 2
    services.duplicate_resolve(duplicate=third_flags[0], actor=hr_user, resolution=DISTINCT)
    survivor.refresh_from_db()
    absorbed.refresh_from_db()
    return survivor, absorbed, flag


def test_merge_then_undo_leaves_every_row_exactly_as_before(pair, hr_user):
    survivor, absorbed, _flag = pair
    Candidate.objects.filter(pk=survivor.pk).update(phone="", phone_key="")
    assert OutboxMessage.objects.exists()
    assert Interview.objects.exists() and Scorecard.objects.exists()
    before = full_dump()

    merge = services.candidate_merge(actor=hr_user, survivor=survivor, absorbed=absorbed)
    assert full_dump() != before
    # One of the two flags on the third person could not move (the same pair): kept aside.
    assert [row["model"] for row in merge.changes["deleted"]] == ["applications.possibleduplicate"]
    assert merge.changes["survivor"]["phone"] == ""

    services.candidate_merge_undo(actor=hr_user, merge=merge)

    assert full_dump() == before
    merge.refresh_from_db()
    assert merge.undone_by == hr_user and merge.undone_at is not None


def test_after_the_merge_the_survivor_has_every_application(pair, hr_user):
    survivor, absorbed, flag = pair
    theirs = set(Application.objects.filter(candidate=absorbed).values_list("pk", flat=True))
    mine = set(Application.objects.filter(candidate=survivor).values_list("pk", flat=True))

    services.candidate_merge(actor=hr_user, survivor=survivor, absorbed=absorbed, reason="Same")

    assert set(survivor.applications.values_list("pk", flat=True)) == theirs | mine
    assert not absorbed.applications.exists()
    absorbed.refresh_from_db()
    assert absorbed.merged_into == survivor and absorbed.merged_at is not None
    flag.refresh_from_db()
    assert flag.resolution == MERGED and flag.resolved_by == hr_user
    # The merged record flags nobody and is flagged by nobody any more.
    assert services.candidate_flag_duplicates(candidate=absorbed) == []
    look_alike = CandidateFactory(full_name="Zofia Quarterbridge", email="z4@example.org")
    assert absorbed.pk not in {
        f.existing_id for f in services.candidate_flag_duplicates(candidate=look_alike)
    }


def test_the_survivor_keeps_its_values_and_fills_the_empty_ones(hr_user):
    survivor = CandidateFactory(full_name="Li Wei", phone="", nationality="CN")
    absorbed = CandidateFactory(full_name="Wei Li", phone="+86 139 0000 1111", nationality="DE")

    services.candidate_merge(actor=hr_user, survivor=survivor, absorbed=absorbed)

    survivor.refresh_from_db()
    assert (survivor.full_name, survivor.nationality.code) == ("Li Wei", "CN")
    assert survivor.phone == "+86 139 0000 1111"
    assert survivor.phone_key == "900001111"


def test_a_new_application_by_the_old_address_lands_on_the_survivor(pair, hr_user):
    survivor, absorbed, _flag = pair
    services.candidate_merge(actor=hr_user, survivor=survivor, absorbed=absorbed)

    found = services.candidate_find_or_create(email=" ZOFIA@new.example.org ", full_name="Z")
    assert found == survivor
    application = make_application(candidate=found, job=make_job())
    assert application.candidate == survivor


def test_merge_is_refused_for_the_same_candidate_erased_merged_or_held(hr_user):
    one, other, third = CandidateFactory.create_batch(3)
    with pytest.raises(DomainError) as refused:
        services.candidate_merge(actor=hr_user, survivor=one, absorbed=one)
    assert refused.value.code == "merge_self"

    hold = services.legal_hold_set(candidate=other, actor=hr_user, reason="Court order")
    with pytest.raises(DomainError) as refused:
        services.candidate_merge(actor=hr_user, survivor=one, absorbed=other)
    assert refused.value.code == "legal_hold"
    assert "Court order" in refused.value.message
    services.legal_hold_release(hold=hold, actor=hr_user)

    services.candidate_merge(actor=hr_user, survivor=one, absorbed=other)
    with pytest.raises(DomainError) as refused:
        services.candidate_merge(actor=hr_user, survivor=third, absorbed=other)
    assert refused.value.code == "already_merged"

    erased = make_application(candidate=CandidateFactory())
    services.candidate_erase(candidate=erased.candidate, actor=hr_user, reason="Asked")
    with pytest.raises(DomainError) as refused:
        services.candidate_merge(actor=hr_user, survivor=third, absorbed=erased.candidate)
    assert refused.value.code == "erased"
    assert CandidateMerge.objects.count() == 1


def test_two_applications_to_one_job_are_refused_and_nothing_changes(hr_user):
    job = make_job()
    first = make_application(job=job)
    second = make_application(job=job)
    before = full_dump()

    with pytest.raises(DomainError) as refused:
        services.candidate_merge(actor=hr_user, survivor=first.candidate, absorbed=second.candidate)

    assert refused.value.code == "merge_conflict"
    assert full_dump() == before


def test_interviewers_and_the_system_may_not_merge(interviewer):
    one, other = CandidateFactory.create_batch(2)
    with pytest.raises(DomainError) as refused:
        services.candidate_merge(actor=interviewer, survivor=one, absorbed=other)
    assert refused.value.code == "forbidden"
    with pytest.raises(DomainError):
        services.candidate_merge(actor=SYSTEM, survivor=one, absorbed=other)


def test_undo_is_refused_after_a_later_merge_of_the_same_survivor(hr_user):
    one, two, three = CandidateFactory.create_batch(3)
    first = services.candidate_merge(actor=hr_user, survivor=one, absorbed=two)
    second = services.candidate_merge(actor=hr_user, survivor=three, absorbed=one)

    with pytest.raises(DomainError) as refused:
        services.candidate_merge_undo(actor=hr_user, merge=first)
    assert refused.value.code == "later_merge"

    services.candidate_merge_undo(actor=hr_user, merge=second)
    services.candidate_merge_undo(actor=hr_user, merge=first)
    assert not Candidate.objects.filter(merged_into__isnull=False).exists()
    with pytest.raises(ConflictError):
        services.candidate_merge_undo(actor=hr_user, merge=first)


def test_undo_is_refused_when_a_moved_row_changed_candidate_since(pair, hr_user):
    survivor, absorbed, _flag = pair
    moved = Application.objects.filter(candidate=absorbed).first()
    merge = services.candidate_merge(actor=hr_user, survivor=survivor, absorbed=absorbed)
    elsewhere = CandidateFactory()
    Application.objects.filter(pk=moved.pk).update(candidate=elsewhere)

    with pytest.raises(DomainError) as refused:
        services.candidate_merge_undo(actor=hr_user, merge=merge)

    assert refused.value.code == "changed_since"
    merge.refresh_from_db()
    assert merge.undone_at is None
    assert Candidate.objects.get(pk=absorbed.pk).merged_into == survivor


def test_undo_is_refused_when_the_filled_details_were_edited_since(hr_user):
    survivor = CandidateFactory(phone="")
    absorbed = CandidateFactory(phone="+86 139 0000 1111")
    merge = services.candidate_merge(actor=hr_user, survivor=survivor, absorbed=absorbed)
    survivor.refresh_from_db()
    services.candidate_update(candidate=survivor, actor=hr_user, phone="+86 139 2222 3333")

    with pytest.raises(DomainError) as refused:
        services.candidate_merge_undo(actor=hr_user, merge=merge)
    assert refused.value.code == "changed_since"


def test_merge_sends_nothing(pair, hr_user, django_capture_on_commit_callbacks):
    survivor, absorbed, _flag = pair
    messages = OutboxMessage.objects.count()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.candidate_merge(actor=hr_user, survivor=survivor, absorbed=absorbed)
    assert callbacks == []
    assert OutboxMessage.objects.count() == messages
    assert mail.outbox == []


def test_reopen_puts_a_resolved_flag_back_in_the_queue_and_records_it(pair, hr_user):
    _survivor, _absorbed, flag = pair
    services.duplicate_resolve(duplicate=flag, actor=hr_user, resolution=SAME, note="Looks so")

    services.duplicate_reopen(duplicate=flag, actor=hr_user)

    flag.refresh_from_db()
    assert flag.resolution == OPEN and flag.resolved_by is None
    (reopening,) = flag.reopenings.all()
    assert (reopening.previous_resolution, reopening.previous_note) == (SAME, "Looks so")
    assert reopening.by == hr_user
    with pytest.raises(ConflictError):
        services.duplicate_reopen(duplicate=flag, actor=hr_user)


def test_a_merged_flag_is_reopened_only_by_undoing_the_merge(pair, hr_user):
    survivor, absorbed, flag = pair
    services.candidate_merge(actor=hr_user, survivor=survivor, absorbed=absorbed)
    with pytest.raises(DomainError) as refused:
        services.duplicate_reopen(
            duplicate=PossibleDuplicate.objects.get(pk=flag.pk), actor=hr_user
        )
    assert refused.value.code == "merged"


def test_the_references_are_found_in_every_app():
    found = {(r.label, r.field.name) for r in services.candidate_references()}
    assert ("applications.Application", "candidate") in found
    assert ("applications.PossibleDuplicate", "existing") in found
    assert ("applications.Candidate", "merged_into") not in found
    assert not any(label == "applications.CandidateMerge" for label, _name in found)


def test_erasing_the_survivor_erases_the_merged_record_and_the_undo_data(pair, hr_user):
    from tests.privacy.scan import database_hits

    survivor, absorbed, _flag = pair
    merge = services.candidate_merge(
        actor=hr_user, survivor=survivor, absorbed=absorbed, reason="Zofia twice"
    )

    services.candidate_erase(candidate=survivor, actor=hr_user, reason="Asked")

    assert database_hits(["zofia@new.example.org", "zofia.q@example.org", "+48 601 234 567"]) == []
    assert Candidate.objects.get(pk=absorbed.pk).erased_at is not None
    merge.refresh_from_db()
    assert merge.changes == {"erased": True} and merge.reason == ""
    with pytest.raises(DomainError) as refused:
        services.candidate_merge_undo(actor=hr_user, merge=merge)
    assert refused.value.code == "erased"


def test_a_status_link_asked_for_by_the_old_address_goes_to_the_kept_record(pair, hr_user):
    survivor, absorbed, _flag = pair
    services.candidate_merge(actor=hr_user, survivor=survivor, absorbed=absorbed)
    queued = services.status_link_request(email="zofia@new.example.org")
    assert queued == survivor.applications.count() > 0


def test_applying_on_the_careers_site_with_the_old_address_lands_on_the_survivor(
    client, hr_user, private_media, django_capture_on_commit_callbacks
):
    from tests.applications.test_careers import post

    survivor = CandidateFactory(email="anna.kept@example.org")
    absorbed = CandidateFactory(email="anna.mueller@example.org")
    kept_job = make_job(closes_on=dt.date(2099, 1, 1))
    make_application(candidate=survivor, job=kept_job)
    services.candidate_merge(actor=hr_user, survivor=survivor, absorbed=absorbed)
    new_job = make_job(closes_on=dt.date(2099, 1, 1))

    first = post(client, new_job, django_capture_on_commit_callbacks)
    # The same job again under the old address: the survivor's application stands, and the
    # person gets a fresh status link as anybody applying twice does.
    again = post(client, kept_job, django_capture_on_commit_callbacks)

    assert first.status_code == again.status_code == 302
    assert Application.objects.get(job=new_job).candidate == survivor
    assert Application.objects.filter(job=kept_job).count() == 1
    assert not Application.objects.filter(candidate=absorbed).exists()
    assert Candidate.objects.count() == 2
