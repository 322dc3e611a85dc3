"""candidate_erase: the person goes from every table and file, the statistics rows stay."""

import pytest

from applications import selectors, services, workflow
from applications.models import (
    ApplicantAccess,
    Application,
    CVDocument,
    ErasureRecord,
    PersonalDataAccess,
    PossibleDuplicate,
    StageEvent,
    Submission,
)
from ats.actors import SYSTEM
from ats.errors import ConflictError, DomainError
from tests.factories import rejection_reason
from tests.privacy.conftest import fresh
from tests.privacy.scan import database_hits, media_hits

pytestmark = pytest.mark.django_db

ZOFIA = ["Zofia Quarterbridge", "zofia.q@example.org", "+48 601 234 567"]


def test_erasure_leaves_no_trace_of_the_person(
    zofia, ming, flagged, hr_user, django_capture_on_commit_callbacks
):
    assert database_hits(ZOFIA) and media_hits(ZOFIA)

    with django_capture_on_commit_callbacks(execute=True):
        services.candidate_erase(candidate=zofia.candidate, actor=hr_user, reason="Asked")

    assert database_hits(ZOFIA) == []
    assert media_hits(ZOFIA) == []
    assert not CVDocument.objects.filter(application=zofia).exists()
    assert not ApplicantAccess.objects.filter(application=zofia).exists()
    assert not PossibleDuplicate.objects.exists()
    assert Submission.objects.get(application=zofia).ip_address is None


def test_erasure_keeps_the_other_person(zofia, ming, hr_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.candidate_erase(candidate=zofia.candidate, actor=hr_user, reason="Asked")

    assert fresh(ming.candidate).full_name == "Ming Oakhollow"
    assert CVDocument.objects.get(application=ming).file.read()
    assert database_hits(["ming.o@example.cn"])


def test_erasure_keeps_the_event_log_and_the_funnel(zofia, hr_user):
    workflow.reject(zofia, rejection_reason=rejection_reason(), actor=SYSTEM, note="Not Zofia")
    funnel = [(r.stage.pk, r.reached, r.current) for r in selectors.job_funnel(zofia.job)]
    events = list(StageEvent.objects.filter(application=zofia).values_list("kind", "at"))

    services.candidate_erase(candidate=zofia.candidate, actor=hr_user, reason="Asked")

    assert [(r.stage.pk, r.reached, r.current) for r in selectors.job_funnel(zofia.job)] == funnel
    assert list(StageEvent.objects.filter(application=zofia).values_list("kind", "at")) == events
    application = Application.objects.get(pk=zofia.pk)
    assert (application.status, application.rejection_reason) == ("rejected", rejection_reason())
    assert application.source.slug == "careers"


def test_erasure_is_recorded_without_personal_data(zofia, hr_user):
    services.candidate_erase(candidate=zofia.candidate, actor=hr_user, reason="Asked by e-mail")

    record = ErasureRecord.objects.get()
    assert (record.by, record.reason) == (hr_user, "Asked by e-mail")
    assert record.by_label == hr_user.get_full_name()
    assert record.application_count == 1
    assert PersonalDataAccess.objects.get().action == "erased"
    assert fresh(zofia.candidate).erased_at == record.at


def test_files_stay_when_the_erasure_rolls_back(zofia, hr_user):
    name = zofia.cv.file.name
    storage = zofia.cv.file.storage

    services.candidate_erase(candidate=zofia.candidate, actor=hr_user, reason="Asked")

    # The test's transaction never commits: the file is deleted only on commit.
    assert storage.exists(name)


def test_erasure_needs_a_reason(zofia, hr_user):
    with pytest.raises(DomainError) as refused:
        services.candidate_erase(candidate=zofia.candidate, actor=hr_user, reason="  ")

    assert refused.value.field == "reason"
    assert fresh(zofia.candidate).erased_at is None


def test_an_interviewer_may_not_erase(zofia, interviewer):
    with pytest.raises(DomainError) as refused:
        services.candidate_erase(candidate=zofia.candidate, actor=interviewer, reason="Asked")

    assert refused.value.code == "forbidden"


def test_erasing_twice_is_refused(zofia, hr_user):
    services.candidate_erase(candidate=zofia.candidate, actor=hr_user, reason="Asked")

    with pytest.raises(ConflictError) as refused:
        services.candidate_erase(candidate=zofia.candidate, actor=hr_user, reason="Again")

    assert refused.value.code == "erased"
    assert ErasureRecord.objects.count() == 1


def test_a_hold_refuses_erasure_with_its_reason_until_lifted(zofia, hr_user):
    hold = services.legal_hold_set(
        candidate=zofia.candidate, actor=hr_user, reason="Tribunal case 2026-17"
    )

    with pytest.raises(ConflictError) as refused:
        services.candidate_erase(candidate=zofia.candidate, actor=hr_user, reason="Asked")

    assert refused.value.code == "legal_hold"
    assert "Tribunal case 2026-17" in refused.value.message
    assert fresh(zofia.candidate).erased_at is None
    services.legal_hold_release(hold=hold, actor=hr_user)
    services.candidate_erase(candidate=zofia.candidate, actor=hr_user, reason="Asked")
    assert fresh(zofia.candidate).erased_at is not None


def test_the_person_may_apply_again_after_erasure(zofia, hr_user):
    services.candidate_erase(candidate=zofia.candidate, actor=hr_user, reason="Asked")

    again = services.candidate_find_or_create(email="zofia.q@example.org", full_name="Zofia Q")

    assert again.pk != zofia.candidate_id
