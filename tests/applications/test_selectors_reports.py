"""Funnel and time in stage come from the event log, so back-moves never make them drift."""

import datetime as dt

import pytest

from applications import selectors, workflow
from tests.factories import make_application, make_job, rejection_reason, stages

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hr_decides_gates")]
T0 = dt.datetime(2019, 1, 1, 9, tzinfo=dt.UTC)


def _reached(job):
    return [row.reached for row in selectors.job_funnel(job)]


def test_funnel_counts_furthest_stage_reached(hr_user):
    job = make_job()
    a, b, c = (make_application(job=job, submitted_at=T0) for _ in range(3))
    workflow.move(a, to_stage=stages(job)[1], actor=hr_user, at=T0 + dt.timedelta(days=1))
    workflow.move(a, to_stage=stages(job)[2], actor=hr_user, at=T0 + dt.timedelta(days=4))
    workflow.move(b, to_stage=stages(job)[1], actor=hr_user, at=T0 + dt.timedelta(days=2))
    workflow.reject(c, rejection_reason=rejection_reason(), actor=hr_user)
    assert _reached(job) == [3, 2, 1, 0, 0, 0, 0]
    rows = selectors.job_funnel(job)
    assert rows[1].conversion == pytest.approx(2 / 3)
    assert rows[1].avg_days == pytest.approx(3.0)  # a spent 3 days in screening; b is still there


def test_back_move_does_not_change_the_funnel(hr_user):
    job = make_job()
    app = make_application(job=job)
    workflow.move(app, to_stage=stages(job)[1], actor=hr_user)
    workflow.move(app, to_stage=stages(job)[2], actor=hr_user)
    before = _reached(job)
    workflow.move(app, to_stage=stages(job)[1], actor=hr_user, reason="exam re-sit")
    assert _reached(job) == before
    assert [row.current for row in selectors.job_funnel(job)][1] == 1


def test_time_to_hire_from_events(hr_user):
    from tests.applications.test_workflow import _accepted_offer

    job = make_job()
    app = make_application(job=job, submitted_at=T0)
    workflow.move(
        app,
        to_stage=stages(job)[5],
        actor=hr_user,
        reason="fast track",
        override=True,
        at=T0 + dt.timedelta(days=10),
    )
    _accepted_offer(app, hr_user)
    workflow.move(app, to_stage=stages(job)[6], actor=hr_user, at=T0 + dt.timedelta(days=40))
    assert selectors.job_time_to_hire_days(job) == pytest.approx(40)
