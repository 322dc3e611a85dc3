"""The organisation's reports: the funnel equals each job's own, back-moves change nothing, the
date range chooses what counts, and every figure comes from the event log."""

import datetime as dt

import pytest
import time_machine

from applications import selectors as app_selectors
from applications import services as app_services
from applications import workflow
from applications.models import StageKind
from interviews import services as interview_services
from reports import selectors
from tests.factories import channel, make_application, stages
from tests.interviews.conftest import score
from tests.reports.conftest import T0, days, hire

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hr_decides_gates")]
YEAR_2019 = {"date_from": dt.date(2019, 1, 1), "date_to": dt.date(2019, 12, 31)}


def scope(**kw):
    return selectors.report_scope(**{**YEAR_2019, **kw})


def _by_kind(rows):
    return {row.kind: row for row in rows}


def test_funnel_of_one_job_equals_its_job_funnel(two_jobs):
    a, _b = two_jobs
    org = _by_kind(selectors.funnel(scope(job=a)))
    own = app_selectors.job_funnel(a)
    for kind in StageKind.values:
        first_of_kind = next(row for row in own if row.stage.kind == kind)
        assert org[kind].reached == first_of_kind.reached, kind
    assert [org[k].reached for k in StageKind.values] == [4, 3, 2, 1, 1, 1]
    assert org["screening"].conversion == pytest.approx(3 / 4)


def test_funnel_adds_up_the_jobs(two_jobs):
    rows = _by_kind(selectors.funnel(scope()))
    assert [rows[k].reached for k in StageKind.values] == [6, 4, 2, 1, 1, 1]
    only_science = _by_kind(selectors.funnel(scope(department="Science")))
    assert only_science["applied"].reached == 2
    assert only_science["screening"].reached == 1
    by_linkedin = _by_kind(selectors.funnel(scope(channel=channel("linkedin"))))
    assert by_linkedin["applied"].reached == 2


def test_back_move_does_not_change_the_funnel(two_jobs, hr_user):
    a, _b = two_jobs
    before = [row.reached for row in selectors.funnel(scope())]
    examined = a.applications.get(stage__position=stages(a)[2].position)
    workflow.move(examined, to_stage=stages(a)[1], actor=hr_user, reason="exam re-sit")
    workflow.move(examined, to_stage=stages(a)[0], actor=hr_user, reason="papers missing")
    assert [row.reached for row in selectors.funnel(scope())] == before


def test_time_in_stage_mean_and_median(two_jobs):
    rows = _by_kind(selectors.funnel(scope()))
    # Applied: left after 1 (a0), 2 (a1), 3 (b0) days and 25 (the hire, skipped to the offer).
    assert rows["applied"].stays == 4
    assert rows["applied"].mean_days == pytest.approx((1 + 2 + 3 + 25) / 4)
    assert rows["applied"].median_days == pytest.approx(2.5)
    assert rows["screening"].stays == 1  # a0 left after 3 days; the others are still there
    assert rows["screening"].median_days == pytest.approx(3)
    assert rows["offer"].mean_days == pytest.approx(5)
    assert rows["hired"].stays == 0 and rows["hired"].mean_days is None


def test_date_range_counts_applications_submitted_in_it(two_jobs):
    make_application(job=two_jobs[0], submitted_at=dt.datetime(2020, 3, 1, 9, tzinfo=dt.UTC))
    assert _by_kind(selectors.funnel(scope()))["applied"].reached == 6
    later = scope(date_from=dt.date(2020, 1, 1), date_to=dt.date(2020, 12, 31))
    assert _by_kind(selectors.funnel(later))["applied"].reached == 1
    assert selectors.channel_yield(later)[0].applied == 1
    nothing = scope(date_from=dt.date(2018, 1, 1), date_to=dt.date(2018, 12, 31))
    assert _by_kind(selectors.funnel(nothing))["applied"].reached == 0


def test_range_edges_are_local_days(two_jobs, settings):
    # T0 is 9:00 UTC on 1 January 2019, 17:00 in Beijing: inside 1 January, not 31 December.
    assert settings.TIME_ZONE == "Asia/Shanghai"
    one_day = scope(date_from=dt.date(2019, 1, 1), date_to=dt.date(2019, 1, 1))
    assert _by_kind(selectors.funnel(one_day))["applied"].reached == 6
    day_before = scope(date_from=dt.date(2018, 12, 31), date_to=dt.date(2018, 12, 31))
    assert _by_kind(selectors.funnel(day_before))["applied"].reached == 0


def test_time_to_hire_and_fill_by_month(two_jobs, hr_user):
    a, b = two_jobs
    second = make_application(job=b, submitted_at=T0 + days(10))
    hire(second, hr_user, T0 + days(70))  # 12 March 2019
    times = selectors.time_to_hire(scope())
    assert times.hires == 2
    assert times.mean_days_to_hire == pytest.approx((30 + 60) / 2)
    assert times.median_days_to_hire == pytest.approx(45)
    assert [(m.month, m.hires) for m in times.months] == [
        (dt.date(2019, 1, 1), 1),
        (dt.date(2019, 3, 1), 1),
    ]
    assert times.months[1].median_days_to_hire == pytest.approx(60)
    # The jobs opened on 1 December 2018 (the factory's date), at local midnight.
    opened = dt.datetime(2018, 12, 1, tzinfo=dt.UTC)
    fill_a = (T0 + days(30) - opened).total_seconds() / 86400
    assert {row.reference: row.days_to_first_hire for row in times.jobs}[a.reference] == (
        pytest.approx(fill_a, abs=0.5)
    )
    assert times.jobs[0].opened_on == dt.date(2018, 12, 1)


def test_time_to_hire_counts_hires_made_in_the_range(two_jobs):
    assert selectors.time_to_hire(scope()).hires == 1
    early = scope(date_from=dt.date(2019, 1, 1), date_to=dt.date(2019, 1, 15))
    assert selectors.time_to_hire(early).hires == 0
    assert selectors.time_to_hire(early).median_days_to_hire is None


def test_channel_yield_from_the_event_log(two_jobs, hr_user):
    rows = {row.slug: row for row in selectors.channel_yield(scope())}
    careers, linkedin = rows["careers"], rows["linkedin"]
    assert (careers.applied, careers.screened, careers.offered, careers.hired) == (4, 2, 1, 1)
    assert careers.interviewed == 0  # the hire skipped the interview stages
    assert (linkedin.applied, linkedin.screened, linkedin.hired) == (2, 1, 0)
    screened = two_jobs[1].applications.get(stage__position=stages(two_jobs[1])[1].position)
    workflow.move(screened, to_stage=stages(two_jobs[1])[0], actor=hr_user, reason="back")
    assert {r.slug: r for r in selectors.channel_yield(scope())}["linkedin"].screened == 1


def test_offer_acceptance_rate(two_jobs, hr_user):
    b = two_jobs[1]
    declined = make_application(job=b, submitted_at=T0)
    offer_stage = next(s for s in stages(b) if s.kind == StageKind.OFFER)
    declined = workflow.move(
        declined, to_stage=offer_stage, actor=hr_user, reason="fast", override=True
    )
    offer = app_services.offer_make(
        actor=hr_user, application=declined, offered_on=dt.date(2019, 2, 1)
    )
    offer = app_services.offer_send(actor=hr_user, offer=offer, email=False)
    app_services.offer_respond(
        actor=hr_user, offer=offer, accepted=False, responded_on=dt.date(2019, 2, 3)
    )
    summary = selectors.offer_acceptance(scope())
    assert (summary.made, summary.accepted, summary.declined) == (2, 1, 1)
    assert summary.acceptance_rate == pytest.approx(0.5)
    assert selectors.offer_acceptance(scope(job=b)).acceptance_rate == 0


def test_headcount_filled_against_planned(two_jobs):
    a, b = two_jobs
    rows = {row.reference: row for row in selectors.headcount(scope())}
    assert (rows[a.reference].hired, rows[a.reference].headcount) == (1, 1)
    assert rows[b.reference].hired == 0 and rows[b.reference].open_seats == 1
    assert set(rows) == {a.reference, b.reference}
    not_then = scope(date_from=dt.date(2021, 1, 1), date_to=dt.date(2021, 12, 31))
    assert selectors.headcount(not_then) == []


@pytest.mark.parametrize(
    ("date_from", "date_to", "field"),
    [
        (dt.date(2019, 5, 1), dt.date(2019, 4, 30), "to"),
        (dt.date(1900, 1, 1), dt.date(2019, 4, 30), "from"),
        (dt.date(2000, 1, 1), dt.date(2019, 4, 30), "to"),
    ],
)
def test_bad_ranges_are_refused_on_their_field(date_from, date_to, field):
    from ats.errors import InvalidInput

    with pytest.raises(InvalidInput) as exc:
        selectors.report_scope(date_from=date_from, date_to=date_to)
    assert list(exc.value.errors) == [field]


def test_default_range_is_the_last_twelve_months():
    assert selectors.default_range(dt.date(2026, 12, 1)) == (
        dt.date(2026, 1, 1),
        dt.date(2026, 12, 1),
    )
    assert selectors.default_range(dt.date(2026, 3, 31)) == (
        dt.date(2025, 4, 1),
        dt.date(2026, 3, 31),
    )


def test_interviewer_load_and_scorecard_turnaround(
    two_jobs, hr_user, interviewer, other_interviewer
):
    job = two_jobs[0]
    round1 = interview_services.rounds_ensure_for_job(job=job, actor=hr_user)[0]
    panel = [interviewer, other_interviewer]
    interviews = []
    for day in (1, 2):
        application = workflow.move(
            make_application(job=job, submitted_at=T0),
            to_stage=round1.stage,
            actor=hr_user,
            override=True,
            reason="to interview",
        )
        start = dt.datetime(2019, 3, day, 2, tzinfo=dt.UTC)
        interviews.append(
            interview_services.interview_schedule(
                actor=hr_user,
                application=application,
                round=round1,
                starts_at=start,
                ends_at=start + dt.timedelta(hours=1),
                venue="Room 2",
                panel=panel,
                notify=False,
            )
        )
    with time_machine.travel(dt.datetime(2019, 3, 1, 5, tzinfo=dt.UTC), tick=False):
        score(interviews[0], interviewer)  # 2 hours after the end
        score(interviews[0], other_interviewer)
    with time_machine.travel(dt.datetime(2019, 3, 2, 13, tzinfo=dt.UTC), tick=False):
        score(interviews[1], interviewer)  # 10 hours after the end; Charlie's is missing
    load = selectors.interviewer_load(scope())
    rows = {row.name: row for row in load.rows}
    bob, charlie = rows[interviewer.get_full_name()], rows[other_interviewer.get_full_name()]
    assert (bob.interviews, bob.scorecards, bob.median_hours) == (2, 2, pytest.approx(6))
    assert (charlie.interviews, charlie.scorecards) == (2, 1)
    assert charlie.median_hours == pytest.approx(2)
    assert load.scorecards == 3 and load.median_hours == pytest.approx(2)
    assert selectors.interviewer_load(scope(department="Science")).rows == []
    march_2 = scope(date_from=dt.date(2019, 3, 2), date_to=dt.date(2019, 3, 2))
    assert {r.name: r.interviews for r in selectors.interviewer_load(march_2).rows} == {
        bob.name: 1,
        charlie.name: 1,
    }
