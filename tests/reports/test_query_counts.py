"""The reports page and endpoints ask the database the same number of times for 6 and 36
applications (with moves, hires, offers, interviews and scorecards growing alike)."""

import datetime as dt

import pytest

from applications import workflow
from interviews import services as interview_services
from tests.factories import UserFactory, make_application, make_job, stages
from tests.interviews.conftest import score
from tests.reports.conftest import T0, YEAR_2019, days, hire

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hr_decides_gates")]
SIZES = [6, 36]


def _interview(application, round_, panel, hr_user, start):
    application = workflow.move(
        application, to_stage=round_.stage, actor=hr_user, override=True, reason="to interview"
    )
    interview = interview_services.interview_schedule(
        actor=hr_user,
        application=application,
        round=round_,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        venue="Room 2",
        panel=panel,
        notify=False,
    )
    for person in panel:
        score(interview, person)
    return interview


def _world(size, hr_user):
    """`size` applications over two jobs and two channels: a third screened, a sixth hired,
    a sixth interviewed by a panel of two with both scorecards in."""
    panel = [UserFactory(groups=["interviewer"]) for _ in range(2)]
    jobs = [make_job(department=d) for d in ("Secretariat", "Science")]
    rounds = {
        job.pk: interview_services.rounds_ensure_for_job(job=job, actor=hr_user)[0] for job in jobs
    }
    for i in range(size):
        job = jobs[i % 2]
        app = make_application(
            job=job, submitted_at=T0 + days(i % 20), source=("careers", "linkedin")[i % 2]
        )
        if i % 6 == 0:
            hire(app, hr_user, T0 + days(40 + i))
        elif i % 6 == 1:
            start = dt.datetime(2019, 3, 1, 2, tzinfo=dt.UTC) + days(i)
            _interview(app, rounds[job.pk], panel, hr_user, start)
        elif i % 3 == 2:
            workflow.move(app, to_stage=stages(job)[1], actor=hr_user, at=T0 + days(25))


@pytest.mark.parametrize("size", SIZES)
def test_reports_page(hr_client, hr_user, size, django_assert_max_num_queries):
    _world(size, hr_user)
    with django_assert_max_num_queries(20):
        response = hr_client.get("/hr/reports/", YEAR_2019)
    assert response.status_code == 200
    funnel = {row.kind: row.reached for row in response.context["funnel"]}
    assert funnel["applied"] == size
    assert response.context["load"].scorecards == 2 * len(range(1, size, 6))
    assert response.context["times"].hires == len(range(0, size, 6))


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    ("name", "queries"),
    [
        ("funnel", 6),
        ("channels", 3),
        ("time-to-hire", 5),
        ("offers", 3),
        ("headcount", 3),
        ("interviewers", 6),
    ],
)
def test_report_endpoints(hr_api, hr_user, size, name, queries, django_assert_max_num_queries):
    _world(size, hr_user)
    with django_assert_max_num_queries(queries):
        response = hr_api.get(f"/api/reports/{name}/", YEAR_2019)
    assert response.status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_report_csv(hr_client, hr_user, size, django_assert_max_num_queries):
    _world(size, hr_user)
    with django_assert_max_num_queries(8):
        response = hr_client.get("/hr/reports/channels.csv", YEAR_2019)
    assert response.content.decode().count("\n") == 3
