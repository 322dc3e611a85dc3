"""The stage tallies the engine keeps: each change's deltas, the same numbers as recounting the
rows after any sequence of changes, the funnel as the old GROUP BYs gave it, a constant number
of statements, no lost counts under concurrent writers, and the backfill."""

import datetime as dt
import random
import threading
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications import selectors, services, tallies, workflow
from applications.models import (
    Application,
    ApplicationStatus,
    JobStageTally,
    StageEvent,
    StageKind,
)
from applications.tallies import StageDelta, Standing, TallyChange
from ats.actors import ApplicantActor
from ats.errors import DomainError
from tests.factories import make_application, make_job, rejection_reason, stages

pytestmark = pytest.mark.usefixtures("hr_decides_gates")
T0 = dt.datetime(2019, 1, 1, 9, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)


# -- the pure deltas -----------------------------------------------------------------------


def test_a_submission_counts_in_its_first_stage():
    deltas = tallies.change_deltas(TallyChange(None, Standing(1, "active", 1)))
    assert deltas == {1: StageDelta(furthest=1, current=1)}


def test_a_forward_move_moves_the_furthest_stage_and_ends_a_stay():
    change = TallyChange(
        Standing(1, "active", 1),
        Standing(2, "active", 2),
        seconds_in_previous=3600.0,
        seconds_since_submission=3600.0,
    )
    assert tallies.change_deltas(change) == {
        1: StageDelta(furthest=-1, current=-1, stays=1, stay_seconds=3600.0),
        2: StageDelta(furthest=1, current=1, moves_in=1, moves_in_seconds=3600.0),
    }


def test_a_back_move_keeps_the_furthest_stage():
    change = TallyChange(
        Standing(3, "active", 3),
        Standing(2, "active", 3),
        seconds_in_previous=60.0,
        seconds_since_submission=120.0,
    )
    deltas = tallies.change_deltas(change)
    assert all(delta.furthest == 0 for delta in deltas.values())
    assert deltas[3] == StageDelta(current=-1, stays=1, stay_seconds=60.0)


@pytest.mark.parametrize(
    ("before", "after", "current"),
    [
        ("active", "rejected", -1),
        ("active", "withdrawn", -1),
        ("rejected", "active", 1),
        ("withdrawn", "active", 1),
    ],
)
def test_a_status_change_in_place_changes_only_the_current_count(before, after, current):
    deltas = tallies.change_deltas(TallyChange(Standing(2, before, 4), Standing(2, after, 4)))
    assert deltas == {2: StageDelta(current=current)}


def test_entering_hired_keeps_the_application_in_the_current_count():
    change = TallyChange(
        Standing(6, "active", 6), Standing(7, "hired", 7), 10.0, seconds_since_submission=99.0
    )
    deltas = tallies.change_deltas(change)
    assert deltas[6].current == -1
    assert deltas[7].current == 1


def test_the_change_of_an_application_keeps_a_higher_furthest_stage():
    app = SimpleNamespace(
        stage_id=3, status="active", furthest_stage_id=4, furthest_position=4, submitted_at=T0
    )
    back = tallies.change_of(
        app,
        to_stage=SimpleNamespace(pk=2, position=2),
        to_status="active",
        seconds_in_previous=60.0,
        moved_at=T0 + DAY,
    )
    assert back == TallyChange(
        Standing(3, "active", 4), Standing(2, "active", 4), 60.0, DAY.total_seconds()
    )
    onward = tallies.change_of(
        app,
        to_stage=SimpleNamespace(pk=5, position=5),
        to_status="active",
        seconds_in_previous=None,
        moved_at=None,
    )
    assert onward.after == Standing(5, "active", 5)
    assert onward.seconds_since_submission is None


def test_a_deletion_takes_the_application_out():
    deltas = tallies.change_deltas(TallyChange(Standing(2, "active", 4), None))
    assert deltas == {2: StageDelta(current=-1), 4: StageDelta(furthest=-1)}


def test_a_batch_sums_per_stage_and_drops_what_cancels():
    there = TallyChange(Standing(1, "active", 1), Standing(2, "active", 2), 5.0, 5.0)
    back = TallyChange(Standing(2, "active", 2), Standing(1, "active", 2), 7.0, 12.0)
    total = tallies.batch_deltas([there, back])
    assert total == {
        1: StageDelta(furthest=-1, stays=1, stay_seconds=5.0, moves_in=1, moves_in_seconds=12.0),
        2: StageDelta(furthest=1, stays=1, stay_seconds=7.0, moves_in=1, moves_in_seconds=5.0),
    }
    same = Standing(1, "active", 1)
    assert not tallies.batch_deltas([TallyChange(same, same)])
    assert not tallies.batch_deltas(
        [TallyChange(Standing(1, "active", 1), Standing(1, "rejected", 1))]
        + [TallyChange(Standing(1, "rejected", 1), Standing(1, "active", 1))]
    )


# -- the old computation, kept as the oracle -------------------------------------------------


def _old_funnel(job):
    """`job_funnel` as it was before the tallies: GROUP BYs over the job's rows."""
    job_stages = stages(job)
    furthest = dict(
        Application.objects.filter(job=job)
        .order_by()
        .values_list("furthest_position")
        .annotate(n=Count("*"))
    )
    current = dict(
        Application.objects.filter(
            job=job, status__in=[ApplicationStatus.ACTIVE, ApplicationStatus.HIRED]
        )
        .order_by()
        .values_list("stage_id")
        .annotate(n=Count("*"))
    )
    mean = dict(
        StageEvent.objects.filter(from_stage__in=job_stages, seconds_in_previous__isnull=False)
        .order_by()
        .values_list("from_stage_id")
        .annotate(mean=Avg("seconds_in_previous"))
    )
    rows, previous = [], None
    for stage in job_stages:
        reached = sum(n for pos, n in furthest.items() if pos >= stage.position)
        days = mean[stage.pk] / 86400 if stage.pk in mean else None
        rows.append(
            (
                stage.pk,
                reached,
                (reached / previous) if previous else None,
                current.get(stage.pk, 0),
                days,
            )
        )
        previous = reached
    return rows


def _old_time_to_hire(job):
    mean = StageEvent.objects.filter(
        to_stage__job=job, to_stage__kind=StageKind.HIRED, kind=StageEvent.Kind.MOVED
    ).aggregate(
        mean=Avg(ExpressionWrapper(F("at") - F("application__submitted_at"), DurationField()))
    )["mean"]
    return mean.total_seconds() / 86400 if mean is not None else None


def _funnel(job):
    return [
        (row.stage.pk, row.reached, row.conversion, row.current, row.avg_days)
        for row in selectors.job_funnel(job)
    ]


def _approx(rows):
    return [tuple(pytest.approx(v) if isinstance(v, float) else v for v in r) for r in rows]


def _assert_consistent(job):
    stored = tallies.tallies_of(job.pk)
    recounted = tallies.tallies_recount(job.pk)
    assert stored.keys() == recounted.keys()
    for stage_id, tally in recounted.items():
        mine = stored[stage_id]
        assert (mine.furthest, mine.current, mine.stays, mine.moves_in) == (
            tally.furthest,
            tally.current,
            tally.stays,
            tally.moves_in,
        ), stage_id
        assert mine.stay_seconds == pytest.approx(tally.stay_seconds)
        assert mine.moves_in_seconds == pytest.approx(tally.moves_in_seconds)
    assert _funnel(job) == _approx(_old_funnel(job))
    old_counts = (
        Application.objects.filter(job=job)
        .exclude(status__in=[ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN])
        .values_list("stage_id")
        .annotate(n=Count("id"))
    )
    assert dict(selectors.job_stage_counts([job.pk])[job.pk]) == dict(old_counts)
    old_hire = _old_time_to_hire(job)
    assert selectors.job_time_to_hire_days(job) == (
        None if old_hire is None else pytest.approx(old_hire)
    )


# -- the engine keeps them -------------------------------------------------------------------


def _random_step(rng, job, apps, hr_user, at):
    """One random change to one of the job's applications (or a new one); a refusal by the
    engine is a step that changed nothing."""
    s = stages(job)
    op = rng.choice(
        ["submit", "forward", "forward", "skip", "back", "reject", "withdraw", "reopen"]
        + ["hire", "erase"]
    )
    if op == "submit" or not apps:
        apps.append(make_application(job=job, submitted_at=at))
        return
    app = Application.objects.get(pk=rng.choice(apps).pk)
    here = app.stage.position
    try:
        if op == "forward" and here + 1 < len(s) - 1:
            workflow.move(app, to_stage=s[here + 1], actor=hr_user, at=at)
        elif op == "skip" and here + 2 < len(s):
            to = s[rng.randrange(here + 2, len(s))]
            workflow.move(app, to_stage=to, actor=hr_user, reason="fast", override=True, at=at)
        elif op == "back" and here > 0:
            to = s[rng.randrange(0, here)]
            workflow.move(app, to_stage=to, actor=hr_user, reason="re-sit", at=at)
        elif op == "reject":
            workflow.reject(app, rejection_reason=rejection_reason(), actor=hr_user, at=at)
        elif op == "withdraw":
            workflow.withdraw(app, actor=ApplicantActor(app.pk), at=at)
        elif op == "reopen":
            workflow.reopen(app, actor=hr_user, reason="mistake", at=at)
        elif op == "hire":
            workflow.move(app, to_stage=s[-1], actor=hr_user, reason="hire", override=True, at=at)
        elif op == "erase" and app.candidate.erased_at is None:
            services.candidate_erase(candidate=app.candidate, actor=hr_user, reason="asked")
    except DomainError:
        pass


def _random_changes(seed, steps, hr_user, *, check_every=None):
    """Two jobs and `steps` random changes among their applications; every `check_every`
    steps, both jobs' tallies are checked."""
    rng = random.Random(seed)
    jobs = [make_job(), make_job()]
    apps = {job.pk: [] for job in jobs}
    at = T0
    for step in range(1, steps + 1):
        job = rng.choice(jobs)
        at += dt.timedelta(hours=rng.randrange(1, 60))
        _random_step(rng, job, apps[job.pk], hr_user, at)
        if check_every and step % check_every == 0:
            for each in jobs:
                _assert_consistent(each)
    return jobs


@pytest.mark.django_db
def test_random_changes_on_two_jobs_keep_the_tallies_equal_to_a_recount(hr_user):
    _random_changes(16, 240, hr_user, check_every=60)
    kinds = set(StageEvent.objects.values_list("kind", flat=True))
    assert kinds == set(StageEvent.Kind.values)
    assert Application.objects.filter(status=ApplicationStatus.HIRED).exists()
    assert Application.objects.filter(candidate__erased_at__isnull=False).exists()
    assert StageEvent.objects.filter(is_backward=True).exists()
    assert StageEvent.objects.filter(is_override=True).exists()


@pytest.mark.django_db
def test_back_moves_never_change_reached(hr_user):
    job = make_job()
    s = stages(job)
    app = make_application(job=job, submitted_at=T0)
    app = workflow.move(app, to_stage=s[3], actor=hr_user, reason="x", override=True, at=T0 + DAY)
    reached = [row.reached for row in selectors.job_funnel(job)]
    for n, back in enumerate([s[2], s[0]], start=2):
        app = workflow.move(app, to_stage=back, actor=hr_user, reason="re-sit", at=T0 + n * DAY)
        assert [row.reached for row in selectors.job_funnel(job)] == reached
    assert reached == [1, 1, 1, 1, 0, 0, 0]
    _assert_consistent(job)


@pytest.mark.django_db
def test_one_submission_and_one_move_each_write_the_tallies_in_one_statement(hr_user):
    job = make_job()
    with CaptureQueriesContext(connection) as submitted:
        app = make_application(job=job)
    with CaptureQueriesContext(connection) as moved:
        workflow.move(app, to_stage=stages(job)[1], actor=hr_user)
    for captured in (submitted, moved):
        writes = [q["sql"] for q in captured.captured_queries if "jobstagetally" in q["sql"]]
        assert len(writes) == 1, writes
        assert writes[0].startswith("UPDATE")


@pytest.mark.django_db
def test_a_batch_of_changes_on_many_stages_is_one_update(hr_user):
    job = make_job()
    s = stages(job)
    changes = [
        TallyChange(None, Standing(s[0].pk, "active", s[0].pk)),
        TallyChange(None, Standing(s[2].pk, "active", s[3].pk)),
        TallyChange(Standing(s[2].pk, "active", s[3].pk), Standing(s[2].pk, "rejected", s[3].pk)),
        TallyChange(
            Standing(s[0].pk, "active", s[0].pk), Standing(s[1].pk, "active", s[1].pk), 86400.0
        ),
    ]
    with CaptureQueriesContext(connection) as captured:
        tallies.tallies_record(changes)
    assert len(captured) == 1
    stored = tallies.tallies_of(job.pk)
    assert stored[s[0].pk] == StageDelta(stays=1, stay_seconds=86400.0)
    assert stored[s[1].pk] == StageDelta(furthest=1, current=1)
    assert stored[s[2].pk] == StageDelta()
    assert stored[s[3].pk] == StageDelta(furthest=1)


@pytest.mark.django_db
def test_a_stage_without_its_tally_row_is_recounted_on_the_next_change(hr_user):
    job = make_job()
    app = make_application(job=job)
    JobStageTally.objects.filter(stage__job=job).delete()
    workflow.move(app, to_stage=stages(job)[1], actor=hr_user)
    assert JobStageTally.objects.filter(stage__job=job).count() == len(stages(job))
    _assert_consistent(job)


@pytest.mark.django_db
def test_new_jobs_and_added_stages_get_tallies_and_reordering_recounts(hr_user):
    job = make_job()
    assert set(tallies.tallies_of(job.pk)) == {stage.pk for stage in stages(job)}
    s = stages(job)
    app = make_application(job=job, submitted_at=T0)
    workflow.move(app, to_stage=s[2], actor=hr_user, reason="fast", override=True, at=T0 + DAY)
    items = [{"id": x.pk, "name": x.name, "kind": x.kind} for x in s]
    order = [items[0], {"name": "Phone call", "kind": "screening"}, items[2], items[1], *items[3:]]
    services.job_stages_replace(job=job, actor=hr_user, stages=order)
    assert set(tallies.tallies_of(job.pk)) == {stage.pk for stage in stages(job)}
    assert [row.reached for row in selectors.job_funnel(job)] == [1, 1, 1, 0, 0, 0, 0, 0]
    _assert_consistent(job)


@pytest.mark.django_db
def test_erasure_keeps_the_tallies(hr_user):
    job = make_job()
    app = make_application(job=job, submitted_at=T0)
    workflow.move(app, to_stage=stages(job)[1], actor=hr_user, at=T0 + DAY)
    before = tallies.tallies_of(job.pk)
    services.candidate_erase(candidate=app.candidate, actor=hr_user, reason="asked")
    assert Application.objects.filter(pk=app.pk).exists()
    assert tallies.tallies_of(job.pk) == before
    _assert_consistent(job)


@pytest.mark.django_db
def test_the_rebuild_command_repairs_drifted_tallies(hr_user, capsys):
    job = make_job()
    app = make_application(job=job)
    workflow.move(app, to_stage=stages(job)[1], actor=hr_user)
    right = tallies.tallies_of(job.pk)
    JobStageTally.objects.filter(stage__job=job).update(furthest=7, current=0)
    call_command("rebuild_tallies", job.reference)
    assert tallies.tallies_of(job.pk) == right
    assert "repaired" in capsys.readouterr().out


# -- reading them: constant statements -------------------------------------------------------


def _fill(job, hr_user, count):
    s = stages(job)
    for n in range(count):
        app = make_application(job=job, submitted_at=T0 + (n % 7) * DAY)
        if n % 3:
            app = workflow.move(app, to_stage=s[1], actor=hr_user, at=T0 + 8 * DAY)
        if n % 3 == 2:
            app = workflow.move(app, to_stage=s[2], actor=hr_user, at=T0 + 9 * DAY)
        if n % 5 == 0:
            workflow.reject(app, rejection_reason=rejection_reason(), actor=hr_user)


@pytest.mark.django_db
def test_job_funnel_is_one_statement_at_any_size(hr_user, django_assert_num_queries):
    job = make_job()
    _fill(job, hr_user, 3)
    with django_assert_num_queries(1):
        selectors.job_funnel(job)
    _fill(job, hr_user, 30)
    with django_assert_num_queries(1):
        rows = selectors.job_funnel(job)
    assert rows[0].reached == 33
    with django_assert_num_queries(1):
        selectors.job_time_to_hire_days(job)


@pytest.mark.django_db
def test_the_funnel_endpoint_costs_the_same_statements_at_two_sizes(
    hr_api, hr_user, django_assert_num_queries
):
    job = make_job()
    url = reverse("job-funnel", args=[job.pk])
    _fill(job, hr_user, 4)
    hr_api.get(url)
    with CaptureQueriesContext(connection) as small:
        assert hr_api.get(url).status_code == 200
    _fill(job, hr_user, 40)
    with django_assert_num_queries(len(small)):
        response = hr_api.get(url)
    assert response.json()[0]["reached"] == 44
    assert len(small) <= 4  # the user, the job, its stages with their tallies


# -- concurrent writers ----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_moves_and_submissions_lose_no_count(hr_user):
    threads_count = 8
    job = make_job()
    s = stages(job)
    apps = [make_application(job=job) for _ in range(threads_count)]
    barrier = threading.Barrier(threads_count * 2)
    errors: list[BaseException] = []

    def move(app):
        try:
            barrier.wait(timeout=30)
            workflow.move(app, to_stage=s[1], actor=hr_user)
            workflow.move(Application.objects.get(pk=app.pk), to_stage=s[2], actor=hr_user)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    def submit():
        try:
            barrier.wait(timeout=30)
            make_application(job=job)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=move, args=(app,)) for app in apps]
    workers += [threading.Thread(target=submit) for _ in range(threads_count)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)

    print(f"database vendor: {connection.vendor}")
    assert not errors, errors
    stored = tallies.tallies_of(job.pk)
    assert stored[s[0].pk].current == threads_count
    assert stored[s[2].pk].current == threads_count
    assert stored[s[1].pk].stays == threads_count
    _assert_consistent(job)


# -- the backfill ----------------------------------------------------------------------------

BEFORE = [("applications", "0017_cv_stored_search_vector")]
AFTER = [("applications", "0018_job_stage_tallies")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_backfill_gives_what_the_engine_keeps(hr_user):
    jobs = _random_changes(2018, 80, hr_user)
    kept = {job.pk: tallies.tallies_of(job.pk) for job in jobs}
    assert any(t.stays for tallied in kept.values() for t in tallied.values())

    MigrationExecutor(connection).migrate(BEFORE)
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    executor.loader.build_graph()
    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
    for job in jobs:
        backfilled = tallies.tallies_of(job.pk)
        assert backfilled.keys() == kept[job.pk].keys()
        for stage_id, tally in kept[job.pk].items():
            assert vars(backfilled[stage_id]) == pytest.approx(vars(tally)), stage_id


@pytest.mark.django_db
def test_bulk_moves_and_rejections_keep_the_tallies_equal_to_a_recount(hr_user, monkeypatch):
    """The chunked bulk path writes a chunk's tallies in one UPDATE: the same counts as the
    single moves would give (chunks of 7, some to their next stage, some skipping, some back,
    some rejected, some refused)."""
    monkeypatch.setattr(workflow, "BULK_CHUNK", 7)
    job = make_job()
    first, second, third, *_rest = stages(job)
    ids = [make_application(job=job).pk for _ in range(30)]
    workflow.move_many(ids[:20], actor=hr_user, job_id=job.pk)
    workflow.move_many(ids[:6], actor=hr_user, to_stage=third, override=True, reason="Strong")
    workflow.move_many(ids[:3], actor=hr_user, to_stage=first, reason="Mixed up")
    workflow.reject_many(
        ids[18:25], actor=hr_user, rejection_reason=rejection_reason(), notify=False
    )
    outcomes = workflow.move_many(ids[20:], actor=hr_user, job_id=job.pk)
    assert not all(o.ok for o in outcomes)  # the rejected ones are refused
    _assert_consistent(job)
    assert tallies.tallies_of(job.pk)[second.pk].current == 20 - 6 - 2 + 5
