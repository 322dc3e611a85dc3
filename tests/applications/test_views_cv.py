"""The CV on HR's pages: the private file view, the parsed fields beside it, corrections
(applications/views/cv.py, application_page.py)."""

import random
from decimal import Decimal

import pytest
from django.urls import reverse

from applications import services
from applications.models import CVDocument
from demo import cv_samples
from tests.applications.cv_support import DOCX, PDF, make_cv
from tests.factories import make_application

pytestmark = pytest.mark.usefixtures("private_media")

WORK = [
    {
        "title": "Ecologist",
        "organisation": "WSL",
        "start": "2015-01",
        "end": "2019-12",
        "internship": False,
    },
    {
        "title": "Field assistant",
        "organisation": "ETH",
        "start": "2014-06",
        "end": "2014-09",
        "internship": True,
    },
]


def test_hr_gets_the_stored_bytes(hr_client, cv):
    response = hr_client.get(reverse("hr-application-cv", args=[cv.application_id]))
    assert response.status_code == 200
    with cv.file.open("rb") as handle:
        assert b"".join(response.streaming_content) == handle.read()


def test_file_headers_keep_the_browser_from_guessing_or_caching(hr_client, cv):
    url = reverse("hr-application-cv", args=[cv.application_id])
    response = hr_client.get(url, {"inline": "1"})  # HR's sandboxed frame
    assert response["Content-Type"] == PDF
    assert response["Content-Disposition"] == 'inline; filename="Lebenslauf Muller _final.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; frame-ancestors 'self'"
    assert response["Cache-Control"] == "private, no-store"


def test_the_file_is_an_attachment_unless_framed(hr_client, cv):
    url = reverse("hr-application-cv", args=[cv.application_id])
    for params in ({}, {"download": "1"}):
        response = hr_client.get(url, params)
        assert response["Content-Disposition"].startswith("attachment; filename=")


def test_docx_is_served_with_its_own_type_and_extension(hr_client, db):
    application = make_application()
    make_cv(application, data=b"PK\x03\x04 docx", content_type=DOCX, original_name="简历")
    url = reverse("hr-application-cv", args=[application.pk])
    response = hr_client.get(url, {"inline": "1"})  # never shown inline: only a PDF is
    assert response["Content-Type"] == DOCX
    assert response["Content-Disposition"] == 'attachment; filename="cv.docx"'


def test_file_view_sends_anonymous_users_to_login(client, cv):
    response = client.get(reverse("hr-application-cv", args=[cv.application_id]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_file_view_refuses_interviewers(client, interviewer, cv):
    client.force_login(interviewer)
    response = client.get(reverse("hr-application-cv", args=[cv.application_id]))
    assert response.status_code == 403


def test_file_view_is_404_without_a_cv(hr_client, db):
    application = make_application()
    response = hr_client.get(reverse("hr-application-cv", args=[application.pk]))
    assert response.status_code == 404


def test_stored_files_have_no_public_url(client, hr_client, settings, cv):
    with pytest.raises(ValueError, match="no URL"):
        cv.file.url  # noqa: B018
    paths = ["/media/", "/", "/static/", settings.MEDIA_URL or "/media/"]
    for path in (prefix + cv.file.name for prefix in paths):
        assert client.get(path).status_code == 404
        assert hr_client.get(path).status_code == 404


def test_page_shows_the_cv_beside_the_parsed_fields(hr_client, cv):
    response = hr_client.get(reverse("hr-application", args=[cv.application_id]))
    html = response.content.decode()
    assert f'src="{reverse("hr-application-cv", args=[cv.application_id])}?inline=1#' in html
    assert "?download=1" in html
    rows = {row["name"]: row for row in response.context["cv_rows"]}
    assert rows["highest_degree"]["lines"] == ["Master"]
    assert rows["languages"]["lines"] == ["English (fluent)", "French (fluent)"]
    assert rows["years_experience"]["needs_review"] is True  # confidence 0.35
    assert rows["name"]["needs_review"] is False
    assert "needs review" in html
    assert 'title="page 1: the name line"' in html


def test_page_shows_a_docx_as_download_only(hr_client, db):
    application = make_application()
    make_cv(application, data=b"PK\x03\x04 docx", content_type=DOCX, text="Plain text of it")
    html = hr_client.get(reverse("hr-application", args=[application.pk])).content.decode()
    assert "<iframe" not in html
    assert "?download=1" in html
    assert "Plain text of it" in html


def test_page_says_why_a_cv_could_not_be_read(hr_client, db):
    application = make_application()
    make_cv(application, status=CVDocument.ParseStatus.FAILED, parsed={})
    CVDocument.objects.filter(application=application).update(parse_reason="encrypted")
    html = hr_client.get(reverse("hr-application", args=[application.pk])).content.decode()
    assert "Could not be read: encrypted" in html


def test_page_without_a_cv_says_so(hr_client, db):
    application = make_application()
    response = hr_client.get(reverse("hr-application", args=[application.pk]))
    assert response.status_code == 200
    assert "No CV was uploaded" in response.content.decode()


@pytest.mark.parametrize("corrections", [0, 6, 10])
def test_application_page_query_count_is_constant(
    hr_client, hr_user, cv, corrections, django_assert_max_num_queries
):
    values = {"name": "A. Müller", "email": "a@example.org", "phone": "+49 30 1234567"}
    values |= {"highest_degree": "phd", "years_experience": "9", "languages": "German"}
    values |= {"links": "https://mueller-lab.org", "education": "PhD | phd", "skills": "GIS"}
    values |= {"work": "Ecologist | WSL | 2015-01 | present"}
    for field_name, value in list(values.items())[:corrections]:
        services.cv_correct(cv=cv, actor=hr_user, field=field_name, value=value)
    # 11 (was 10): the communication log panel reads the application's messages in one query.
    with django_assert_max_num_queries(11):
        response = hr_client.get(reverse("hr-application", args=[cv.application_id]))
    assert response.status_code == 200


def test_correction_from_the_page_is_kept_and_marked(hr_client, hr_user, cv):
    url = reverse("hr-application-cv-correct", args=[cv.application_id])
    response = hr_client.post(url, {"field": "highest_degree", "value": "phd"})
    assert response.status_code == 302
    cv.refresh_from_db()
    assert cv.corrections["highest_degree"]["value"] == "phd"
    assert cv.corrections["highest_degree"]["by"] == hr_user.pk
    assert (cv.highest_degree, cv.degree_rank) == ("phd", 3)
    html = hr_client.get(reverse("hr-application", args=[cv.application_id])).content.decode()
    assert "corrected by Alice" in html


def test_blank_years_clear_the_value(hr_client, cv):
    url = reverse("hr-application-cv-correct", args=[cv.application_id])
    response = hr_client.post(url, {"field": "years_experience", "value": " "})
    assert response.status_code == 302
    cv.refresh_from_db()
    assert cv.years_experience is None
    assert cv.corrections["years_experience"]["value"] is None


@pytest.mark.parametrize(
    ("field_name", "value", "message"),
    [
        ("salary", "lots", "not one of the available choices"),
        ("years_experience", "many", "Give the years as a number."),
        ("years_experience", "90", "between 0 and 70"),
        ("highest_degree", "doctor", "Choose a degree level from the list."),
    ],
)
def test_bad_correction_on_the_page_is_a_form_error(hr_client, cv, field_name, value, message):
    before = CVDocument.objects.values().get(pk=cv.pk)
    url = reverse("hr-application-cv-correct", args=[cv.application_id])
    response = hr_client.post(url, {"field": field_name, "value": value})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert CVDocument.objects.values().get(pk=cv.pk) == before


@pytest.mark.parametrize(
    ("field_name", "value", "error_key"),
    [
        ("salary", "lots", "field"),
        ("years_experience", "many", "value"),
        ("highest_degree", "doctor", "value"),
    ],
)
def test_bad_correction_in_the_api_is_400_with_a_field_message(
    hr_api, cv, field_name, value, error_key
):
    before = CVDocument.objects.values().get(pk=cv.pk)
    url = reverse("application-cv-correct", args=[cv.application_id])
    response = hr_api.post(url, {"field": field_name, "value": value})
    assert response.status_code == 400
    assert response.json()[error_key]
    assert CVDocument.objects.values().get(pk=cv.pk) == before


def test_correction_wins_after_a_real_reparse(
    hr_client, hr_api, hr_user, django_capture_on_commit_callbacks
):
    """The parser reads a master's degree; HR says PhD; reading the file again keeps PhD."""
    application = make_application()
    pdf = cv_samples.render_cv(cv_samples.random_profile(random.Random(4)), layout="single")
    cv = make_cv(application, data=pdf, status=CVDocument.ParseStatus.PENDING, parsed={})
    services.cv_parse(cv_id=cv.pk)
    cv.refresh_from_db()
    assert cv.highest_degree == "master"
    services.cv_correct(cv=cv, actor=hr_user, field="highest_degree", value="phd")

    url = reverse("hr-application-cv-reparse", args=[application.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert hr_client.post(url).status_code == 302

    cv.refresh_from_db()
    assert cv.parse_status == CVDocument.ParseStatus.PARSED
    assert cv.parse_attempts == 2
    assert cv.parsed["highest_degree"]["value"] == "master"
    assert (cv.highest_degree, cv.degree_rank) == ("phd", 3)
    degree = hr_api.get(reverse("application-cv", args=[application.pk])).json()["fields"][
        "highest_degree"
    ]
    assert degree["value"] == "phd"
    assert degree["parsed_value"] == "master"
    assert degree["corrected"] is True
    assert degree["corrected_by"] == hr_user.get_full_name()


WORK_TEXT = (
    "Ecologist | WSL | 2015-01 | 2019-12\nField assistant | ETH | 2014-06 | 2014-09 | internship"
)


def test_list_fields_are_prefilled_as_text_with_their_format(hr_client, db):
    application = make_application()
    parsed = {"work": {"value": WORK, "confidence": 0.6, "source": "page 1: WSL"}}
    cv = make_cv(application, parsed=parsed)
    html = hr_client.get(reverse("hr-application", args=[cv.application_id])).content.decode()
    assert "Ecologist | WSL | 2015-01 | 2019-12" in html
    assert "title | organisation | start | end | internship" in html  # the help text
    assert 'name="value" rows="5"' in html


def test_work_correction_from_the_page_is_kept_and_marked(hr_client, hr_user, cv):
    url = reverse("hr-application-cv-correct", args=[cv.application_id])
    response = hr_client.post(url, {"field": "work", "value": WORK_TEXT})
    assert response.status_code == 302
    cv.refresh_from_db()
    assert cv.corrections["work"]["value"] == WORK
    assert cv.corrections["work"]["by"] == hr_user.pk
    html = hr_client.get(reverse("hr-application", args=[cv.application_id])).content.decode()
    assert "corrected by Alice" in html
    assert "Clear the correction" in html


def test_corrected_work_entries_give_the_years_unless_hr_corrected_them(hr_client, hr_user, cv):
    services.cv_correct(cv=cv, actor=hr_user, field="work", value=WORK_TEXT)
    cv.refresh_from_db()
    assert cv.years_experience == Decimal("5.0")  # was 4.5 as read; the internship not counted
    html = hr_client.get(reverse("hr-application", args=[cv.application_id])).content.decode()
    assert "from the work entries corrected by Alice" in html

    services.cv_correct(cv=cv, actor=hr_user, field="years_experience", value="7")
    cv.refresh_from_db()
    assert cv.years_experience == Decimal("7.0")


def test_corrected_education_gives_the_highest_degree(hr_user, cv):
    education = "MSc | master | Ecology | ETH | 2012\nPhD | phd | Ecology | WSL | 2016"
    services.cv_correct(cv=cv, actor=hr_user, field="education", value=education)
    cv.refresh_from_db()
    assert (cv.highest_degree, cv.degree_rank) == ("phd", 3)


@pytest.mark.parametrize(
    ("field_name", "value", "message"),
    [
        ("work", "Ecologist | WSL | 2015-01\nAnalyst | WHO | March 2017", "Line 2: Write the date"),
        ("education", "MSc | masters", "Line 1: The level is one of phd, master"),
        ("links", "https://a.org\n\nftp://b.org", "Line 3: Only http and https"),
        ("skills", "GIS\n" + "x" * 400, "Line 2: "),
    ],
)
def test_a_bad_line_is_a_form_error_naming_it(hr_client, cv, field_name, value, message):
    before = CVDocument.objects.values().get(pk=cv.pk)
    url = reverse("hr-application-cv-correct", args=[cv.application_id])
    response = hr_client.post(url, {"field": field_name, "value": value})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert value.splitlines()[0] in html  # HR's text is shown again in its box
    assert CVDocument.objects.values().get(pk=cv.pk) == before


def test_clearing_a_correction_returns_to_the_parsers_value(hr_client, hr_user, cv):
    services.cv_correct(cv=cv, actor=hr_user, field="work", value=WORK_TEXT)
    services.cv_correct(cv=cv, actor=hr_user, field="skills", value="GIS")
    url = reverse("hr-application-cv-clear", args=[cv.application_id])
    assert hr_client.post(url, {"field": "work"}).status_code == 302
    cv.refresh_from_db()
    assert set(cv.corrections) == {"skills"}
    assert cv.years_experience == Decimal("4.5")  # as read again


def test_clearing_is_for_hr_only(client, interviewer, hr_user, cv):
    services.cv_correct(cv=cv, actor=hr_user, field="skills", value="GIS")
    client.force_login(interviewer)
    url = reverse("hr-application-cv-clear", args=[cv.application_id])
    assert client.post(url, {"field": "skills"}).status_code == 403
    assert "skills" in CVDocument.objects.get(pk=cv.pk).corrections


def test_list_corrections_are_kept_across_a_real_reparse(
    hr_client, hr_user, django_capture_on_commit_callbacks
):
    application = make_application()
    pdf = cv_samples.render_cv(cv_samples.random_profile(random.Random(4)), layout="single")
    cv = make_cv(application, data=pdf, status=CVDocument.ParseStatus.PENDING, parsed={})
    services.cv_parse(cv_id=cv.pk)
    cv.refresh_from_db()
    read = cv.parsed["skills"]["value"]
    services.cv_correct(cv=cv, actor=hr_user, field="skills", value="Remote sensing\nGIS")

    url = reverse("hr-application-cv-reparse", args=[application.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert hr_client.post(url).status_code == 302

    cv.refresh_from_db()
    assert cv.parse_attempts == 2
    assert cv.parsed["skills"]["value"] == read
    assert cv.corrections["skills"]["value"] == ["Remote sensing", "GIS"]
    html = hr_client.get(reverse("hr-application", args=[application.pk])).content.decode()
    assert "Remote sensing\nGIS</textarea>" in html
