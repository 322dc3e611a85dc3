"""A job's reports as GROUP BYs: the furthest stage kept on the application and the time in
the stage left kept on each event, by the engine as it writes; backfilled by a migration to
the same values; the query count independent of the job's size."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications import selectors, services, workflow
from applications.models import Application, StageEvent
from tests.factories import make_application, make_job, rejection_reason, stages

pytestmark = pytest.mark.usefixtures("hr_decides_gates")
T0 = dt.datetime(2019, 1, 1, 9, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)
BEFORE = [("applications", "0013_candidate_merge")]
AFTER = [("applications", "0014_report_columns")]


def _days(n: float) -> dt.datetime:
    return T0 + n * DAY


def _wander(app, hr_user):
    """Forward three stages, back two, forward one; rejected, reopened and forward again."""
    s = stages(app.job)
    app = workflow.move(app, to_stage=s[1], actor=hr_user, at=_days(1))
    app = workflow.move(app, to_stage=s[2], actor=hr_user, at=_days(3))
    app = workflow.move(app, to_stage=s[3], actor=hr_user, at=_days(6))
    app = workflow.move(app, to_stage=s[1], actor=hr_user, reason="re-sit", at=_days(10))
    app = workflow.move(app, to_stage=s[2], actor=hr_user, at=_days(15))
    app = workflow.reject(app, rejection_reason=rejection_reason(), actor=hr_user, at=_days(16))
    app = workflow.reopen(app, actor=hr_user, reason="mistake", at=_days(17))
    return workflow.move(app, to_stage=s[3], actor=hr_user, at=_days(20))


@pytest.mark.django_db
def test_back_moves_leave_the_funnel_and_the_furthest_stage(hr_user):
    job = make_job()
    s = stages(job)
    app = make_application(job=job, submitted_at=T0)
    assert Application.objects.get(pk=app.pk).furthest_position == s[0].position
    workflow.move(app, to_stage=s[1], actor=hr_user, at=_days(1))
    workflow.move(app, to_stage=s[2], actor=hr_user, at=_days(3))
    workflow.move(app, to_stage=s[3], actor=hr_user, at=_days(6))
    forward = [row.reached for row in selectors.job_funnel(job)]
    assert forward == [1, 1, 1, 1, 0, 0, 0]
    moved = workflow.move(app, to_stage=s[1], actor=hr_user, reason="re-sit", at=_days(10))
    assert moved.furthest_position == s[3].position
    assert [row.reached for row in selectors.job_funnel(job)] == forward
    workflow.move(app, to_stage=s[2], actor=hr_user, at=_days(15))
    assert [row.reached for row in selectors.job_funnel(job)] == forward
    assert Application.objects.get(pk=app.pk).furthest_position == s[3].position
    assert [row.current for row in selectors.job_funnel(job)] == [0, 0, 1, 0, 0, 0, 0]


@pytest.mark.django_db
def test_time_in_stage_counts_each_completed_stay_and_not_a_rejection(hr_user):
    job = make_job()
    _wander(make_application(job=job, submitted_at=T0), hr_user)
    days = {row.stage.position: row.avg_days for row in selectors.job_funnel(job)}
    # applied 0→1; screening 1→3 and 10→15; stage 2 3→6 and 15→20 (rejected and reopened at
    # 16 and 17 without leaving it); stage 3 6→10, and now again since day 20.
    s = stages(job)
    assert days[s[0].position] == pytest.approx(1)
    assert days[s[1].position] == pytest.approx(3.5)
    assert days[s[2].position] == pytest.approx(4)
    assert days[s[3].position] == pytest.approx(4)
    assert days[s[4].position] is None
    same_stage = StageEvent.objects.filter(
        application__job=job, kind__in=[StageEvent.Kind.REJECTED, StageEvent.Kind.REOPENED]
    )
    assert set(same_stage.values_list("seconds_in_previous", flat=True)) == {None}
    submitted = StageEvent.objects.get(application__job=job, kind=StageEvent.Kind.SUBMITTED)
    assert submitted.seconds_in_previous is None


@pytest.mark.django_db
def test_reordering_stages_recomputes_the_furthest_stage(hr_user):
    job = make_job()
    s = stages(job)
    app = make_application(job=job, submitted_at=T0)
    workflow.move(app, to_stage=s[2], actor=hr_user, reason="fast", override=True, at=_days(1))
    order = [s[0], s[2], s[1], *s[3:]]  # the stage it reached furthest now comes second
    services.job_stages_replace(
        job=job,
        actor=hr_user,
        stages=[{"id": x.pk, "name": x.name, "kind": x.kind} for x in order],
    )
    app.refresh_from_db()
    assert app.furthest_position == 1
    assert [row.reached for row in selectors.job_funnel(job)] == [1, 1, 0, 0, 0, 0, 0]


def _report_columns():
    return (
        dict(Application.objects.values_list("pk", "furthest_position")),
        dict(StageEvent.objects.values_list("pk", "seconds_in_previous")),
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_backfill_gives_what_the_engine_writes(hr_user):
    job = make_job()
    _wander(make_application(job=job, submitted_at=T0), hr_user)
    other = make_application(job=job, submitted_at=_days(2))
    workflow.move(other, to_stage=stages(job)[1], actor=hr_user, at=_days(4))
    workflow.withdraw(other, actor=hr_user, at=_days(5))
    back = make_application(job=job, submitted_at=_days(3))
    back = workflow.move(back, to_stage=stages(job)[2], actor=hr_user, reason="x", override=True)
    workflow.move(back, to_stage=stages(job)[1], actor=hr_user, reason="re-sit")
    make_application(job=job, submitted_at=_days(3))
    written = _report_columns()
    assert written[0] and any(v is not None for v in written[1].values())

    MigrationExecutor(connection).migrate(BEFORE)
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    executor.loader.build_graph()
    apps = executor.loader.project_state(AFTER).apps
    backfilled = (
        dict(
            apps.get_model("applications", "Application").objects.values_list(
                "pk", "furthest_position"
            )
        ),
        dict(
            apps.get_model("applications", "StageEvent").objects.values_list(
                "pk", "seconds_in_previous"
            )
        ),
    )
    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
    assert backfilled[0] == written[0]
    assert backfilled[1].keys() == written[1].keys()
    for pk, seconds in written[1].items():
        assert backfilled[1][pk] == (None if seconds is None else pytest.approx(seconds)), pk


def _fill(job, hr_user, count):
    s = stages(job)
    for n in range(count):
        app = make_application(
            job=job, submitted_at=_days(n % 7), source="linkedin" if n % 2 else "careers"
        )
        if n % 3:
            app = workflow.move(app, to_stage=s[1], actor=hr_user, at=_days(8))
        if n % 3 == 2:
            app = workflow.move(app, to_stage=s[2], actor=hr_user, at=_days(9))
        if n % 5 == 0:
            workflow.reject(app, rejection_reason=rejection_reason(), actor=hr_user, at=_days(10))


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["job-funnel", "hr-job"])
def test_the_funnel_endpoint_and_the_job_page_cost_the_same_queries_at_two_sizes(
    hr_api, hr_client, hr_user, url_name, django_assert_max_num_queries
):
    client = hr_api if url_name == "job-funnel" else hr_client
    job = make_job()
    _fill(job, hr_user, 5)
    url = reverse(url_name, args=[job.pk])
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _fill(job, hr_user, 55)
    with django_assert_max_num_queries(len(small)):
        response = client.get(url)
    assert response.status_code == 200
    if url_name == "job-funnel":
        assert response.json()[0]["reached"] == 60
