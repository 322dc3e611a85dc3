"""The REST API: role matrix, workflow commands, errors as JSON, filters, query counts."""

import datetime as dt

import pytest
from django.urls import reverse

from applications import services, workflow
from applications.models import Application, PipelineTemplate, PossibleDuplicate
from ats.actors import SYSTEM
from tests.factories import (
    CandidateFactory,
    channel,
    make_application,
    make_job,
    rejection_reason,
    stages,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hr_decides_gates")]


def _endpoints(app: Application) -> list[tuple[str, str, dict]]:
    """Every endpoint with a method and a body that is valid for HR."""
    # Long on purpose: a data table (one row an endpoint), read as a whole.
    job, template = app.job, PipelineTemplate.objects.get(is_default=True)
    offer_stage = stages(job)[5]
    duplicate = PossibleDuplicate.objects.create(
        candidate=app.candidate, existing=CandidateFactory.create(), reason="same phone number"
    )
    posting = services.posting_add(
        job=job, actor=SYSTEM, channel=channel("careers"), posted_on=dt.date(2018, 12, 3)
    )
    return [
        ("get", reverse("job-list"), {}),
        ("post", reverse("job-list"), {"reference": "NEW-1", "title": "Officer"}),
        ("get", reverse("job-detail", args=[job.pk]), {}),
        ("patch", reverse("job-detail", args=[job.pk]), {"location": "Beijing"}),
        (
            "put",
            reverse("job-stages", args=[job.pk]),
            {"stages": [{"id": s.pk, "name": s.name, "kind": s.kind} for s in stages(job)]},
        ),
        ("get", reverse("job-funnel", args=[job.pk]), {}),
        ("get", reverse("stage-list"), {}),
        ("get", reverse("stage-detail", args=[offer_stage.pk]), {}),
        ("get", reverse("candidate-list"), {}),
        ("post", reverse("candidate-list"), {"full_name": "Ana Silva", "email": "ana@x.org"}),
        ("get", reverse("candidate-detail", args=[app.candidate_id]), {}),
        ("patch", reverse("candidate-detail", args=[app.candidate_id]), {"phone": "+33 1 23"}),
        ("get", reverse("application-list"), {}),
        (
            "post",
            reverse("application-list"),
            {"candidate": CandidateFactory.create().pk, "job": job.pk, "source": "linkedin"},
        ),
        ("get", reverse("application-detail", args=[app.pk]), {}),
        ("get", reverse("application-events", args=[app.pk]), {}),
        ("post", reverse("application-move", args=[app.pk]), {"to_stage": stages(job)[1].pk}),
        ("post", reverse("application-bulk-move"), {"applications": [app.pk]}),
        (
            "post",
            reverse("application-reject", args=[app.pk]),
            {"rejection_reason": "requirements-not-met"},
        ),
        ("post", reverse("application-reopen", args=[app.pk]), {"reason": "appeal"}),
        ("post", reverse("application-withdraw", args=[app.pk]), {}),
        ("get", reverse("stage-event-list"), {}),
        ("get", reverse("offer-list"), {}),
        ("get", reverse("pipeline-list"), {}),
        ("get", reverse("pipeline-detail", args=[template.pk]), {}),
        ("get", reverse("pipeline-export", args=[template.pk]), {}),
        (
            "post",
            reverse("pipeline-list"),
            {
                "name": "Short",
                "stages": [{"name": "In", "kind": "applied"}, {"name": "Done", "kind": "hired"}],
            },
        ),
        (
            "post",
            reverse("pipeline-import"),
            {
                "format": "ats.pipeline/1",
                "name": "Imported",
                "stages": [{"name": "In", "kind": "applied"}, {"name": "Done", "kind": "hired"}],
            },
        ),
        ("get", reverse("channel-list"), {}),
        ("get", reverse("rejection-reason-list"), {}),
        ("get", reverse("possible-duplicate-list"), {}),
        ("get", reverse("possible-duplicate-detail", args=[duplicate.pk]), {}),
        (
            "post",
            reverse("possible-duplicate-resolve", args=[duplicate.pk]),
            {"resolution": "distinct", "note": "Different dates of birth."},
        ),
        ("get", reverse("job-questions", args=[job.pk]), {}),
        (
            "put",
            reverse("job-questions", args=[job.pk]),
            {"questions": [{"label": "Can you start in March?", "kind": "yes_no"}]},
        ),
        ("get", reverse("posting-list"), {}),
        (
            "post",
            reverse("posting-list"),
            {"job": job.pk, "channel": "linkedin", "posted_on": "2018-09-03"},
        ),
        ("get", reverse("posting-detail", args=[posting.pk]), {}),
        ("delete", reverse("posting-detail", args=[posting.pk]), {}),
    ]


def test_anonymous_gets_401_everywhere(anon_api):
    for method, url, body in _endpoints(make_application()):
        response = getattr(anon_api, method)(url, body, format="json")
        assert response.status_code == 401, (method, url)


def test_interviewer_gets_403_everywhere(interviewer_api):
    for method, url, body in _endpoints(make_application()):
        response = getattr(interviewer_api, method)(url, body, format="json")
        assert response.status_code == 403, (method, url)


def test_hr_reaches_every_endpoint(hr_api):
    for method, url, body in _endpoints(make_application()):
        response = getattr(hr_api, method)(url, body, format="json")
        assert response.status_code in (200, 201, 204), (method, url, response.content)


def test_token_authentication(hr_user, client):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=hr_user)
    response = client.get(reverse("job-list"), HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200


def test_move_refusal_is_400_with_message(hr_api):
    app = make_application()
    response = hr_api.post(
        reverse("application-move", args=[app.pk]), {"to_stage": stages(app.job)[3].pk}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "skip_refused"
    assert "override reason" in response.json()["detail"]


def test_move_back_without_reason_names_the_field(hr_api, hr_user):
    app = make_application()
    workflow.move(app, to_stage=stages(app.job)[1], actor=hr_user)
    response = hr_api.post(
        reverse("application-move", args=[app.pk]), {"to_stage": stages(app.job)[0].pk}
    )
    assert response.status_code == 400
    assert "needs a reason" in response.json()["reason"][0]


def test_stale_version_is_409(hr_api, hr_user):
    app = make_application()
    workflow.move(app, to_stage=stages(app.job)[1], actor=hr_user)
    response = hr_api.post(
        reverse("application-move", args=[app.pk]),
        {"to_stage": stages(app.job)[2].pk, "expected_version": 1},
    )
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"


def test_invalid_input_is_400_with_field_messages(hr_api):
    app = make_application()
    response = hr_api.post(reverse("application-move", args=[app.pk]), {"to_stage": "x"})
    assert response.status_code == 400
    assert "to_stage" in response.json()
    response = hr_api.post(reverse("job-list"), {"title": "", "headcount": 0})
    assert set(response.json()) >= {"reference", "title", "headcount"}


def test_job_closing_before_opening_is_400(hr_api):
    response = hr_api.post(
        reverse("job-list"),
        {"reference": "BAD-1", "title": "x", "opens_on": "2019-01-10", "closes_on": "2019-01-01"},
    )
    assert response.status_code == 400
    assert "closing date cannot be before" in str(response.json())


def test_duplicate_application_is_400(hr_api):
    app = make_application()
    response = hr_api.post(
        reverse("application-list"),
        {"candidate": app.candidate_id, "job": app.job_id, "source": "careers"},
    )
    assert response.status_code == 400
    assert response.json()["code"] == "duplicate_application"


def test_bulk_move_answers_per_application(hr_api, hr_user):
    first = make_application()
    second = make_application(job=first.job)
    workflow.reject(second, rejection_reason=rejection_reason(), actor=hr_user)
    response = hr_api.post(
        reverse("application-bulk-move"), {"applications": [first.pk, second.pk]}
    )
    body = {row["application_id"]: row for row in response.json()}
    assert body[first.pk]["ok"] is True
    assert body[second.pk]["ok"] is False
    assert "rejected" in body[second.pk]["message"]


def test_filters_on_applications(hr_api, hr_user):
    job = make_job()
    chinese = make_application(
        job=job,
        candidate=CandidateFactory(full_name="Wang Fang", nationality="CN"),
        source="linkedin",
    )
    make_application(job=job, candidate=CandidateFactory(full_name="Ana Silva", nationality="BR"))
    other = make_application()
    workflow.reject(other, rejection_reason=rejection_reason(), actor=hr_user)

    def ids(**params):
        return {
            row["id"] for row in hr_api.get(reverse("application-list"), params).json()["results"]
        }

    assert ids(job=job.pk, nationality="cn") == {chinese.pk}
    assert ids(source="linkedin") == {chinese.pk}
    assert ids(q="wang") == {chinese.pk}
    assert ids(status="rejected") == {other.pk}
    assert ids(stage=stages(job)[0].pk) == {a.pk for a in job.applications.all()}
    assert ids(submitted_after="2100-01-01T00:00:00Z") == set()


def test_pipeline_export_import_round_trip(hr_api):
    template = PipelineTemplate.objects.get(is_default=True)
    exported = hr_api.get(reverse("pipeline-export", args=[template.pk])).json()
    exported["name"] = "Copy of staff recruitment"
    response = hr_api.post(reverse("pipeline-import"), exported)
    assert response.status_code == 201
    copy = PipelineTemplate.objects.get(name="Copy of staff recruitment")
    assert [(s.name, s.kind) for s in copy.stages.all()] == [
        (s["name"], s["kind"]) for s in exported["stages"]
    ]


def test_pipeline_import_rejects_bad_shape(hr_api):
    response = hr_api.post(
        reverse("pipeline-import"),
        {
            "format": "ats.pipeline/1",
            "name": "Bad",
            "stages": [{"name": "Done", "kind": "hired"}, {"name": "In", "kind": "applied"}],
        },
    )
    assert response.status_code == 400
    assert "starts with exactly one" in response.json()["stages"][0]


def test_job_stage_edit_cannot_remove_used_stage(hr_api, hr_user):
    app = make_application()
    workflow.move(app, to_stage=stages(app.job)[1], actor=hr_user)
    remaining = [
        {"id": s.pk, "name": s.name, "kind": s.kind} for s in stages(app.job) if s.position != 1
    ]
    response = hr_api.put(reverse("job-stages", args=[app.job_id]), {"stages": remaining})
    assert response.status_code == 400
    assert "Preliminary screening" in response.json()["detail"]


def test_job_stage_edit_renames_and_adds(hr_api):
    job = make_job()
    items = [{"id": s.pk, "name": s.name, "kind": s.kind} for s in stages(job)]
    items[3]["name"] = "First interview"
    items.insert(5, {"name": "Reference checks", "kind": "interview"})
    response = hr_api.put(reverse("job-stages", args=[job.pk]), {"stages": items})
    assert response.status_code == 200, response.content
    assert [s["name"] for s in response.json()][3:6] == [
        "First interview",
        "Interview round 2",
        "Reference checks",
    ]


def _populate(n: int, hr_user) -> None:
    job = make_job()
    for i in range(n):
        app = make_application(job=job)
        if i % 3 == 0:
            workflow.move(app, to_stage=stages(job)[1], actor=hr_user, notify=False)
        if i % 5 == 0:
            workflow.reject(app, rejection_reason=rejection_reason(), actor=hr_user, notify=False)


@pytest.mark.parametrize("size", [10, 500])
def test_application_list_query_count_is_constant(
    hr_api, hr_user, size, django_assert_max_num_queries
):
    _populate(size, hr_user)
    with django_assert_max_num_queries(4):
        response = hr_api.get(reverse("application-list"), {"page_size": 500})
    assert len(response.json()["results"]) == size


@pytest.mark.parametrize("size", [10, 500])
def test_job_list_query_count_is_constant(hr_api, hr_user, size, django_assert_max_num_queries):
    _populate(size, hr_user)
    with django_assert_max_num_queries(5):
        response = hr_api.get(reverse("job-list"))
    assert response.json()["results"][0]["application_count"] == size


def test_openapi_schema_and_docs_are_served(hr_client):
    client = hr_client  # the schema and the docs need a login (API_DOCS_PUBLIC opens them)
    schema = client.get(reverse("api-schema"))
    assert schema.status_code == 200
    assert b"/api/applications/{id}/move/" in schema.content
    docs = client.get(reverse("api-docs"))
    assert docs.status_code == 200
    assert b"swagger-ui" in docs.content
    assert b"cdn" not in docs.content.lower()


def _open_offer(hr_user):
    application = make_application()
    workflow.move(
        application,
        to_stage=stages(application.job)[5],
        actor=hr_user,
        reason="setup",
        override=True,
    )
    offer = services.offer_make(
        actor=hr_user, application=application, offered_on=dt.date(2019, 3, 1)
    )
    return services.offer_send(actor=hr_user, offer=offer, email=False)


def test_offer_accepted_through_the_api(hr_api, hr_user):
    offer = _open_offer(hr_user)
    response = hr_api.post(
        reverse("offer-respond", args=[offer.pk]),
        {"accepted": True, "responded_on": "2019-03-05", "start_date": "2019-04-15"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "accepted"
    offer.refresh_from_db()
    assert (offer.status, offer.start_date) == ("accepted", dt.date(2019, 4, 15))


def test_offer_answer_refused_is_a_400_and_changes_nothing(hr_api, hr_user):
    offer = _open_offer(hr_user)
    early = hr_api.post(
        reverse("offer-respond", args=[offer.pk]),
        {"accepted": True, "responded_on": "2019-02-01"},
        format="json",
    )
    assert early.status_code == 400
    assert "before the offer" in str(early.json())
    offer.refresh_from_db()
    assert offer.status == "offered" and offer.responded_on is None
    missing = hr_api.post(reverse("offer-respond", args=[offer.pk]), {}, format="json")
    assert missing.status_code == 400 and {"accepted", "responded_on"} <= set(missing.json())


def test_offer_withdrawn_through_the_api(hr_api, hr_user):
    offer = _open_offer(hr_user)
    response = hr_api.post(
        reverse("offer-withdraw", args=[offer.pk]), {"reason": "Post frozen"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "withdrawn"


def test_job_totals_from_the_tallies_equal_a_count_of_the_applications(hr_api, hr_user):
    """The job's application, active and hired totals after moves, rejections and a hire."""
    _populate(12, hr_user)
    job = Application.objects.first().job
    hired = job.applications.filter(status="active").first()
    last = job.stages.order_by("position").last()
    workflow.move(hired, to_stage=last, actor=hr_user, override=True, reason="Known", notify=False)
    row = hr_api.get(reverse("job-detail", args=[job.pk])).json()
    applications = Application.objects.filter(job=job)
    assert row["application_count"] == applications.count() == 12
    assert row["active_count"] == applications.filter(status="active").count()
    assert row["hired_count"] == applications.filter(status="hired").count() == 1
    assert 0 < row["active_count"] < 11
