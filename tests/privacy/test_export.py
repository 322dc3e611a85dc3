"""The subject-access export: a ZIP with everything held on one person, and nobody else."""

import io
import json
import zipfile

import pytest

from applications import services
from applications.models import PersonalDataAccess, SubjectAccessRequest
from ats.actors import ApplicantActor
from ats.errors import DomainError

pytestmark = pytest.mark.django_db


def _open(archive: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(archive))


def test_the_export_holds_the_json_and_the_cv(zofia, ming, hr_user):
    archive = _open(services.candidate_export(candidate=zofia.candidate, actor=hr_user))

    document = json.loads(archive.read("personal-data.json"))
    assert document["applications"]["candidate"]["email"] == "zofia.q@example.org"
    application = document["applications"]["applications"][0]
    assert application["cover_letter"].startswith("Dear team, I am Zofia")
    assert application["cv"]["parsed"]["email"]["value"] == "zofia.q@example.org"
    assert {"screening", "interviews", "programs"} <= set(document)
    cv_names = [name for name in archive.namelist() if name.startswith("cv/")]
    assert [archive.read(name) for name in cv_names] == [zofia.cv.file.open("rb").read()]


def test_another_persons_data_never_appears(zofia, ming, flagged, hr_user):
    archive = _open(services.candidate_export(candidate=zofia.candidate, actor=hr_user))

    for name in archive.namelist():
        content = archive.read(name).decode().casefold()
        for needle in ("Ming Oakhollow", "ming.o@example.cn", "+86 139 1111 2222"):
            assert needle.casefold() not in content, name


def test_an_export_is_in_the_access_log(zofia, hr_user):
    services.candidate_export(candidate=zofia.candidate, actor=hr_user)

    entry = PersonalDataAccess.objects.get()
    assert (entry.candidate_id, entry.action, entry.user) == (
        zofia.candidate_id,
        "exported",
        hr_user,
    )


def test_an_interviewer_may_not_export(zofia, interviewer):
    with pytest.raises(DomainError):
        services.candidate_export(candidate=zofia.candidate, actor=interviewer)


def test_the_applicant_asks_for_their_data_and_hr_is_told(
    zofia, hr_user, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.HR_NOTIFICATION_EMAILS = ["hr@example.org"]

    with django_capture_on_commit_callbacks(execute=True):
        request = services.subject_access_request_create(
            application=zofia, actor=ApplicantActor(zofia.pk)
        )
    again = services.subject_access_request_create(
        application=zofia, actor=ApplicantActor(zofia.pk)
    )

    assert again == request
    assert (request.due_on - request.requested_at.date()).days == 30
    assert [m.to for m in mailoutbox] == [["hr@example.org"]]
    services.candidate_export(candidate=zofia.candidate, actor=hr_user)
    assert SubjectAccessRequest.objects.get().fulfilled_at is not None


def test_only_the_applicant_of_that_application_may_ask(zofia, ming):
    with pytest.raises(DomainError):
        services.subject_access_request_create(application=zofia, actor=ApplicantActor(ming.pk))
