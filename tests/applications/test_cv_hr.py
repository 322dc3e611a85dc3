"""HR's view of CVs: the private file view, parsed fields with corrections, CV filters, the API."""

import hashlib
import io
import random
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from reportlab.pdfgen import canvas

from applications import services
from applications.models import DEGREE_ORDER, CVDocument
from demo import cv_samples
from tests.factories import make_application, make_job

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """CV files go to a temporary folder, not the project's var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


def tiny_pdf(*lines: str) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for number, line in enumerate(lines or ("Curriculum vitae",)):
        pdf.drawString(72, 760 - 16 * number, line)
    pdf.save()
    return buffer.getvalue()


def field(value, confidence=0.9, source="page 1: …"):
    return {"value": value, "confidence": confidence, "source": source}


def make_cv(
    application,
    *,
    data: bytes | None = None,
    content_type: str = PDF,
    original_name: str = "cv.pdf",
    degree: str = "",
    years: str | None = None,
    languages: tuple[str, ...] = (),
    text: str = "",
    status: str = CVDocument.ParseStatus.PARSED,
    parsed: dict | None = None,
) -> CVDocument:
    """A stored CV with a parse result whose filterable facts agree with it."""
    data = data or tiny_pdf(*text.splitlines())
    if parsed is None:
        parsed = {
            "name": field(application.candidate.full_name, 0.97, "page 1: the name line"),
            "email": field(application.candidate.email, 0.95),
            "highest_degree": field(degree or None, 0.85),
            "years_experience": field(float(years) if years else None, 0.35, "page 1: jobs"),
            "languages": field([{"language": n.title(), "level": "fluent"} for n in languages]),
        }
    return CVDocument.objects.create(
        application=application,
        file=ContentFile(data, name="upload"),
        original_name=original_name,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        parse_status=status,
        parsed=parsed,
        text=text,
        highest_degree=degree,
        degree_rank=DEGREE_ORDER.get(degree),
        years_experience=Decimal(years) if years else None,
        languages=("," + ",".join(languages) + ",") if languages else "",
    )


@pytest.fixture
def cv(db):
    application = make_application()
    return make_cv(
        application,
        original_name='Lebenslauf Müller "final".pdf',
        degree="master",
        years="4.5",
        languages=("english", "french"),
        text="Field ecologist\nRemote sensing of grasslands",
    )


# --- the file view ------------------------------------------------------------------------


def test_hr_gets_the_stored_bytes(hr_client, cv):
    response = hr_client.get(reverse("hr-application-cv", args=[cv.application_id]))
    assert response.status_code == 200
    with cv.file.open("rb") as handle:
        assert b"".join(response.streaming_content) == handle.read()


def test_file_headers_keep_the_browser_from_guessing_or_caching(hr_client, cv):
    response = hr_client.get(reverse("hr-application-cv", args=[cv.application_id]))
    assert response["Content-Type"] == PDF
    assert response["Content-Disposition"] == 'inline; filename="Lebenslauf Muller _final.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["Cache-Control"] == "private, no-store"


def test_download_parameter_makes_an_attachment(hr_client, cv):
    url = reverse("hr-application-cv", args=[cv.application_id])
    response = hr_client.get(url, {"download": "1"})
    assert response["Content-Disposition"].startswith("attachment; filename=")


def test_docx_is_served_with_its_own_type_and_extension(hr_client, db):
    application = make_application()
    make_cv(application, data=b"PK\x03\x04 docx", content_type=DOCX, original_name="简历")
    response = hr_client.get(reverse("hr-application-cv", args=[application.pk]))
    assert response["Content-Type"] == DOCX
    assert response["Content-Disposition"] == 'inline; filename="cv.docx"'


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


# --- the application page -----------------------------------------------------------------


def test_page_shows_the_cv_beside_the_parsed_fields(hr_client, cv):
    response = hr_client.get(reverse("hr-application", args=[cv.application_id]))
    html = response.content.decode()
    assert f'src="{reverse("hr-application-cv", args=[cv.application_id])}#' in html
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


@pytest.mark.parametrize("corrections", [0, 6])
def test_application_page_query_count_is_constant(
    hr_client, hr_user, cv, corrections, django_assert_max_num_queries
):
    values = {"name": "A. Müller", "email": "a@example.org", "phone": "+49 30 1234567"}
    values |= {"highest_degree": "phd", "years_experience": "9", "languages": "German"}
    for field_name, value in list(values.items())[:corrections]:
        services.cv_correct(cv=cv, actor=hr_user, field=field_name, value=value)
    with django_assert_max_num_queries(10):
        response = hr_client.get(reverse("hr-application", args=[cv.application_id]))
    assert response.status_code == 200


# --- corrections --------------------------------------------------------------------------


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


# --- the API ------------------------------------------------------------------------------


def test_application_list_carries_the_cv_summary(hr_api, cv):
    make_application(job=cv.application.job)  # one without a CV
    rows = hr_api.get(reverse("application-list"), {"job": cv.application.job_id}).json()
    by_id = {row["id"]: row["cv"] for row in rows["results"]}
    summary = by_id.pop(cv.application_id)
    assert list(by_id.values()) == [None]
    assert summary["parse_status"] == "parsed"
    assert summary["highest_degree"] == "master"
    assert summary["years_experience"] == "4.5"
    assert summary["languages"] == ["english", "french"]
    assert summary["url"].endswith(reverse("hr-application-cv", args=[cv.application_id]))


def test_api_cv_detail_marks_corrections(hr_api, hr_user, cv):
    services.cv_correct(cv=cv, actor=hr_user, field="years_experience", value="6")
    body = hr_api.get(reverse("application-cv", args=[cv.application_id])).json()
    years, name = body["fields"]["years_experience"], body["fields"]["name"]
    assert (years["value"], years["parsed_value"], years["corrected"]) == (6.0, 4.5, True)
    assert years["corrected_at"]
    assert name["corrected"] is False
    assert name["confidence"] == 0.97
    assert body["parse_status"] == "parsed"


def test_api_correct_and_reparse(hr_api, cv, django_capture_on_commit_callbacks):
    url = reverse("application-cv-correct", args=[cv.application_id])
    response = hr_api.post(url, {"field": "languages", "value": "German, Spanish"})
    assert response.status_code == 200
    assert response.json()["languages"] == ["german", "spanish"]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = hr_api.post(reverse("application-cv-reparse", args=[cv.application_id]))
    assert response.status_code == 202
    assert response.json()["parse_status"] == "pending"
    assert len(callbacks) == 1


def test_api_cv_endpoints_are_404_without_a_cv(hr_api, db):
    application = make_application()
    assert hr_api.get(reverse("application-cv", args=[application.pk])).status_code == 404
    url = reverse("application-cv-correct", args=[application.pk])
    assert hr_api.post(url, {"field": "name", "value": "X"}).status_code == 404


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("application-cv", "get"),
        ("application-cv-correct", "post"),
        ("application-cv-reparse", "post"),
    ],
)
def test_api_cv_endpoints_are_hr_only(interviewer_api, anon_api, cv, name, method):
    url = reverse(name, args=[cv.application_id])
    assert getattr(interviewer_api, method)(url).status_code == 403
    assert getattr(anon_api, method)(url).status_code == 401
    assert not CVDocument.objects.get(pk=cv.pk).corrections


# --- filters ------------------------------------------------------------------------------


@pytest.fixture
def pool(db):
    """Four applications to one job: three CVs of different strength and one without."""
    job = make_job()
    people = {name: make_application(job=job) for name in ("ana", "ben", "chen", "dee")}
    make_cv(
        people["ana"],
        degree="phd",
        years="10",
        languages=("english", "french"),
        text="Ecologist. Remote sensing with Python.",
    )
    make_cv(
        people["ben"],
        degree="master",
        years="3",
        languages=("english",),
        text="Project management, Drupal, event planning.",
    )
    make_cv(
        people["chen"],
        degree="bachelor",
        years="1",
        languages=("chinese",),
        text="Translator; French-Chinese literature.",
    )
    return job, {application.pk: name for name, application in people.items()}


FILTER_CASES = [
    ({"degree": "bachelor"}, {"ana", "ben", "chen"}),
    ({"degree": "master"}, {"ana", "ben"}),
    ({"degree": "phd"}, {"ana"}),
    ({"min_years": "3"}, {"ana", "ben"}),
    ({"min_years": "3.5"}, {"ana"}),
    ({"language": "french"}, {"ana"}),
    ({"language": "English"}, {"ana", "ben"}),
    ({"language": "fren"}, set()),
    ({"language": "english, french"}, {"ana"}),
    ({"cv_text": "remote sensing"}, {"ana"}),
    ({"cv_text": "DRUPAL"}, {"ben"}),
    ({"cv_text": "python drupal"}, set()),
    ({"degree": "master", "language": "english", "min_years": "2"}, {"ana", "ben"}),
    ({}, {"ana", "ben", "chen", "dee"}),
]


@pytest.mark.parametrize(("params", "expected"), FILTER_CASES)
def test_api_filters_by_cv(hr_api, pool, params, expected):
    job, names = pool
    response = hr_api.get(reverse("application-list"), {"job": job.pk, **params})
    assert response.status_code == 200
    assert {names[row["id"]] for row in response.json()["results"]} == expected


@pytest.mark.parametrize(("params", "expected"), FILTER_CASES)
def test_pipeline_page_filters_by_cv(hr_client, pool, params, expected):
    job, names = pool
    response = hr_client.get(reverse("hr-job", args=[job.pk]), params)
    assert response.status_code == 200
    shown = {names[app.pk] for column in response.context["columns"] for app in column.applications}
    assert shown == expected


def test_filters_use_corrected_values(hr_api, hr_user, pool):
    job, names = pool
    chen = next(pk for pk, name in names.items() if name == "chen")
    services.cv_correct(
        cv=CVDocument.objects.get(application_id=chen),
        actor=hr_user,
        field="highest_degree",
        value="phd",
    )
    response = hr_api.get(reverse("application-list"), {"job": job.pk, "degree": "phd"})
    assert {names[row["id"]] for row in response.json()["results"]} == {"ana", "chen"}


@pytest.mark.parametrize("params", [{"degree": "doctor"}, {"min_years": "many"}])
def test_api_refuses_bad_filter_values(hr_api, pool, params):
    response = hr_api.get(reverse("application-list"), params)
    assert response.status_code == 400
    assert next(iter(params)) in response.json()


def test_pipeline_page_shows_a_bad_filter_value_and_ignores_it(hr_client, pool):
    job, names = pool
    response = hr_client.get(reverse("hr-job", args=[job.pk]), {"min_years": "many"})
    assert response.status_code == 200
    assert response.context["cv_filter_form"].errors["min_years"]
    assert sum(len(c.applications) for c in response.context["columns"]) == len(names)


def test_pipeline_cards_show_degree_and_years(hr_client, pool):
    job, _names = pool
    html = hr_client.get(reverse("hr-job", args=[job.pk])).content.decode()
    assert "Doctorate · 10 years" in html
    assert "Bachelor · 1 year<" in html


# --- query counts -------------------------------------------------------------------------


def _with_cvs(size: int):
    """`size` applications to one job, every other one with a parsed CV."""
    job = make_job()
    applications = [make_application(job=job) for _ in range(size)]
    CVDocument.objects.bulk_create(
        CVDocument(
            application=application,
            file=f"cvs/test/{application.pk}",
            original_name="cv.pdf",
            content_type=PDF,
            size=1000,
            sha256="0" * 64,
            parse_status=CVDocument.ParseStatus.PARSED,
            parsed={"name": field("Someone")},
            text="Ecology " * 500,
            highest_degree="master",
            degree_rank=2,
            years_experience=Decimal("5.0"),
            languages=",english,",
        )
        for application in applications[::2]
    )
    return job


@pytest.mark.parametrize("size", [10, 200])
def test_application_list_with_cvs_query_count_is_constant(
    hr_api, size, django_assert_max_num_queries
):
    _with_cvs(size)
    with django_assert_max_num_queries(3):
        response = hr_api.get(reverse("application-list"), {"page_size": 500, "degree": "bachelor"})
    assert response.json()["count"] == size // 2


@pytest.mark.parametrize("size", [10, 200])
def test_pipeline_page_with_cvs_query_count_is_constant(
    hr_client, size, django_assert_max_num_queries
):
    job = _with_cvs(size)
    with django_assert_max_num_queries(14):
        response = hr_client.get(
            reverse("hr-job", args=[job.pk]), {"language": "english", "cv_text": "ecology"}
        )
    assert sum(len(c.applications) for c in response.context["columns"]) == size // 2
