"""The careers pages (applications/careers.py) and the submission service behind them: every
bad input gets a clear error and leaves nothing half-written."""

import datetime as dt
import re
import uuid

import pytest
from django.urls import reverse

from applications.models import (
    Application,
    Candidate,
    CVDocument,
    JobQuestion,
    PossibleDuplicate,
)
from demo import cv_samples
from tests.applications.cvfiles import docx, good_pdf, upload
from tests.factories import CandidateFactory, make_application, make_job
from tests.uploads import UNDECODABLE

pytestmark = pytest.mark.django_db


@pytest.fixture
def job():
    return make_job(
        reference="SEC-2026-01", title="Programme Officer", closes_on=dt.date(2099, 1, 1)
    )


def form_data(**overrides):
    data = {
        "full_name": "Anna Müller",
        "email": "anna.mueller@example.org",
        "phone": "+49 151 2345678",
        "nationality": "DE",
        "country_of_residence": "CN",
        "cover_letter": "I would like to join.",
        "consent": "on",
        "submission_key": str(uuid.uuid4()),
        "cv": upload(good_pdf()),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def post(client, job, captured, source="", **overrides):
    url = reverse("careers-apply", args=[job.reference]) + (f"?source={source}" if source else "")
    with captured(execute=True):
        return client.post(url, form_data(**overrides))


def stored_files(settings) -> list:
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def captured(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def test_good_application_is_stored_parsed_and_confirmed(
    client, job, captured, mailoutbox, settings
):
    response = post(client, job, captured, source="linkedin")
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.source.slug == "linkedin"
    assert application.events.get().kind == "submitted"
    cv = application.cv
    assert cv.content_type == "application/pdf"
    assert len(cv.sha256) == 64 and cv.size == len(good_pdf())
    assert cv.parse_status == CVDocument.ParseStatus.PARSED
    assert cv.parsed["name"]["value"]
    assert not cv.file.name.endswith("cv.pdf.pdf") and "Müller" not in cv.file.name
    assert mailoutbox[0].to == ["anna.mueller@example.org"]
    assert "/status/" in mailoutbox[0].body
    assert application.submission.consent_text.startswith("I agree")
    page = client.get(response["Location"])
    assert b"we received your application" in page.content
    assert stored_files(settings) == [settings.MEDIA_ROOT / cv.file.name]


def test_docx_is_accepted(client, job, captured):
    response = post(client, job, captured, cv=upload(docx(), "cv.docx"))
    assert response.status_code == 302
    assert Application.objects.get().cv.content_type.endswith("wordprocessingml.document")


def _refused(response, settings, field_text: str) -> None:
    assert response.status_code in (400, 429)
    assert field_text in response.content.decode()
    assert Application.objects.count() == 0
    assert Candidate.objects.count() == 0
    assert stored_files(settings) == []


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"cv": upload(b"MZ\x90\x00 this is a Windows program", "cv.pdf")}, "neither"),
        ({"cv": upload(b"", "cv.pdf")}, "empty"),
        ({"cv": None}, "This field is required"),
        ({"consent": None}, "This field is required"),
        ({"email": "not-an-email"}, "valid email"),
        ({"full_name": "A" * 201}, "at most 200 characters"),
        ({"cover_letter": "x" * 10001}, "at most 10000 characters"),
        ({"nationality": "XX"}, "valid choice"),
        ({"website": "http://spam.example"}, "looks automated"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(
    client, job, captured, settings, overrides, message
):
    _refused(post(client, job, captured, **overrides), settings, message)


def test_file_over_the_limit_is_refused(client, job, captured, settings):
    settings.CV_MAX_BYTES = 1000
    _refused(post(client, job, captured), settings, "larger than")


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (cv_samples.encrypted_pdf, "encrypted"),
        (cv_samples.image_only_pdf, "no text layer (scanned image)"),
        (cv_samples.truncated_pdf, "malformed PDF"),
        (cv_samples.deeply_nested_pdf, "malformed PDF"),
    ],
)
def test_unreadable_pdf_keeps_the_application_and_says_why(
    client, job, captured, make, reason, settings
):
    settings.CV_OCR_MAX_PAGES = 0  # a scan is read with OCR where Tesseract is installed
    response = post(client, job, captured, cv=upload(make()))
    assert response.status_code == 302
    cv = Application.objects.get().cv
    assert (cv.parse_status, cv.parse_reason) == ("failed", reason)
    assert cv.file.size == len(make())


def test_cv_without_email_is_parsed_with_email_unknown(client, job, captured):
    post(client, job, captured, cv=upload(good_pdf(with_email=False)))
    cv = Application.objects.get().cv
    assert cv.parse_status == "parsed"
    assert cv.parsed["email"]["value"] is None
    assert cv.parsed["email"]["confidence"] == 0


def test_double_click_submits_once(client, job, captured):
    key = str(uuid.uuid4())
    first = post(client, job, captured, submission_key=key)
    second = post(client, job, captured, submission_key=key)
    assert first.status_code == second.status_code == 302
    assert Application.objects.count() == 1
    assert CVDocument.objects.count() == 1


def status_path_from(mail) -> str:
    match = re.search(r"/status/[\w-]+/", mail.body)
    assert match, mail.body
    return match.group(0)


def test_applying_again_shows_the_same_page_and_mails_the_person_on_file(
    client, job, captured, mailoutbox
):
    first = post(client, job, captured)
    old_link = status_path_from(mailoutbox[0])
    second = post(client, job, captured, email="ANNA.MUELLER@example.org ")
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    page = client.get(second["Location"]).content.decode()
    assert "anna.mueller" not in page.lower() and "already applied" not in page
    assert Application.objects.count() == 1
    assert len(mailoutbox) == 2 and mailoutbox[1].to == ["anna.mueller@example.org"]
    assert "/status/" in mailoutbox[1].body
    assert client.get(old_link).status_code == 200  # the earlier link keeps working


def test_closed_job_refuses_applications(client, captured):
    job = make_job(reference="OLD-1", opens_on=dt.date(2018, 1, 1), closes_on=dt.date(2018, 2, 1))
    response = post(client, job, captured)
    assert response.status_code == 404
    assert Application.objects.count() == 0


def test_rate_limit_per_ip(client, job, captured, settings):
    settings.APPLY_RATE_LIMIT_PER_HOUR = 2
    for n in range(2):
        post(client, job, captured, email=f"person{n}@example.org")
    response = post(client, job, captured, email="person3@example.org")
    assert response.status_code == 429
    assert Application.objects.count() == 2


def test_possible_duplicate_is_flagged_not_merged(client, job, captured):
    existing = CandidateFactory(full_name="Anna Muller", nationality="DE", phone="+49 30 111")
    post(client, job, captured)
    new = Candidate.objects.get(email_normalised="anna.mueller@example.org")
    flag = PossibleDuplicate.objects.get()
    assert (flag.candidate, flag.existing) == (new, existing)
    assert "same name and nationality" in flag.reason
    assert Candidate.objects.count() == 2


def test_same_phone_is_flagged(client, job, captured):
    existing = CandidateFactory(full_name="Someone Else", phone="0049 151 2345678")
    post(client, job, captured)
    assert PossibleDuplicate.objects.get().existing == existing
    assert "same phone number" in PossibleDuplicate.objects.get().reason


def test_knockout_answers_are_recorded_not_decided(client, job, captured):
    question = JobQuestion.objects.create(
        job=job,
        label="Do you hold a master's degree?",
        kind="yes_no",
        is_knockout=True,
        knockout_answer="yes",
    )
    years = JobQuestion.objects.create(
        job=job,
        label="Years of experience",
        kind="number",
        is_knockout=True,
        knockout_answer="2",
    )
    response = post(client, job, captured, **{f"q{question.pk}": "no", f"q{years.pk}": "5"})
    assert response.status_code == 302
    answers = Application.objects.get().answers
    assert answers[str(question.pk)]["knockout"] == {"required": "yes", "met": False}
    assert answers[str(years.pk)]["knockout"]["met"] is True
    assert Application.objects.get().status == "active"


def test_required_question_must_be_answered(client, job, captured, settings):
    question = JobQuestion.objects.create(job=job, label="Why us?", kind="long_text")
    _refused(post(client, job, captured), settings, "This field is required")
    assert question.pk


def test_status_page_shows_applicant_words_and_withdraws(client, job, captured, mailoutbox):
    post(client, job, captured)
    status_path = status_path_from(mailoutbox[0])
    page = client.get(status_path)
    assert "Received" in page.content.decode()
    assert page["Referrer-Policy"] == "no-referrer"
    client.post(status_path + "withdraw/", {"confirm": "yes", "reason": "took another job"})
    application = Application.objects.get()
    assert application.status == "withdrawn"
    event = application.events.latest("version")
    assert event.actor is None and event.reason == "took another job"
    assert "Withdrawn" in client.get(status_path).content.decode()


def test_status_page_shows_no_internal_notes(client, hr_user, captured):
    from applications import services, workflow
    from tests.factories import rejection_reason

    app = make_application()
    workflow.reject(
        app, rejection_reason=rejection_reason(), note="weak CV, secret note", actor=hr_user
    )
    token = services.status_token_issue(application=app)
    html = client.get(reverse("careers-status", args=[token])).content.decode()
    assert "Not selected" in html
    assert "secret note" not in html
    assert "Does not meet" not in html


def test_wrong_token_is_404(client):
    assert client.get(reverse("careers-status", args=["nope" * 10])).status_code == 404


@pytest.mark.parametrize("data", UNDECODABLE.values(), ids=UNDECODABLE.keys())
def test_a_cv_that_is_neither_pdf_nor_docx_is_400_and_nothing_is_stored(
    client, job, captured, settings, data
):
    _refused(post(client, job, captured, cv=upload(data, "cv.pdf")), settings, "neither")
