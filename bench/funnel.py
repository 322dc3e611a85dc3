"""Funnel bench: a job's funnel at N applications beside one at N/100, on PostgreSQL.

A throwaway PostgreSQL database is created (named by DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/ats_bench_funnel; an existing one of that name is replaced)
and migrated. Two jobs with the default pipeline get N and N/100 applications (bulk inserts of
candidates, applications and their stage events: each application submitted, moved forward
0-6 stages, some moved back once, some rejected, those reaching the last stage hired).

Printed, for each job: the best of `--repeat` timings of `job_funnel` and of
`GET /api/jobs/<id>/funnel/` (as an HR user), and the SQL statements of each; then the ratio
large ÷ small (the target is at most 1.5). The database is dropped at the end.

Run from the project root: `python bench/funnel.py [--applications 20000] [--repeat 5]`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
MAX_APPLICATIONS = 200_000
T0 = dt.datetime(2025, 1, 6, 9, tzinfo=dt.UTC)


def server_url(database_url: str) -> tuple[str, str]:
    """The URL of the server's maintenance database, and the bench database's name."""
    parts = urlsplit(database_url)
    return urlunsplit(parts._replace(path="/postgres")), parts.path.lstrip("/")


def recreate_database(database_url: str, *, drop_only: bool = False) -> None:
    import psycopg

    admin, name = server_url(database_url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            conn.execute(f'CREATE DATABASE "{name}"')


def setup_django(database_url: str) -> None:
    os.environ |= {
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "ats.settings",
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-not-secret",  # noqa: S105
        "SECURE_SSL_REDIRECT": "0",
        "CELERY_TASK_ALWAYS_EAGER": "1",
    }
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    django.setup()
    setup_test_environment()
    call_command("migrate", verbosity=0)


def _model(cls: Any, **values: Any) -> Any:
    """A row with only the fields the model has (the bench runs on older code too)."""
    names = {f.attname for f in cls._meta.concrete_fields} | {
        f.name for f in cls._meta.concrete_fields
    }
    return cls(**{k: v for k, v in values.items() if k in names})


def build_job(reference: str, count: int, rng: random.Random) -> tuple[Any, int]:
    """A job with `count` applications and their event logs, inserted in bulk."""
    from applications import services
    from applications.models import (
        Application,
        ApplicationStatus,
        Candidate,
        Channel,
        JobOpening,
        RejectionReason,
        StageEvent,
        StageKind,
    )
    from ats.actors import SYSTEM

    job = services.job_create(
        actor=SYSTEM,
        reference=reference,
        title="Programme officer",
        status=JobOpening.Status.OPEN,
        opens_on=T0.date(),
    )
    stages = list(job.stages.order_by("position"))
    channels = list(Channel.objects.all())
    reason = RejectionReason.objects.filter(is_active=True).first()
    candidates = Candidate.objects.bulk_create(
        [
            Candidate(
                full_name=f"Bench {reference} {i}",
                email=f"{reference}-{i}@example.org",
                email_normalised=f"{reference}-{i}@example.org".lower(),
            )
            for i in range(count)
        ],
        batch_size=2000,
    )
    plans = []
    applications = []
    for candidate in candidates:
        submitted = T0 + dt.timedelta(hours=rng.randrange(24 * 60))
        steps = min(rng.choice([0, 0, 0, 1, 1, 2, 2, 3, 4, 5, 6]), len(stages) - 1)
        last = len(stages) - 1
        back = 2 <= steps < last and rng.random() < 0.1
        rejected = steps < last and rng.random() < 0.4
        plans.append((submitted, steps, back))
        final = stages[steps - 1 if back else steps]
        if final.kind == StageKind.HIRED:
            status = ApplicationStatus.HIRED
        else:
            status = ApplicationStatus.REJECTED if rejected else ApplicationStatus.ACTIVE
        applications.append(
            _model(
                Application,
                candidate=candidate,
                job=job,
                source=rng.choice(channels),
                stage=final,
                status=status,
                rejection_reason=reason if status == ApplicationStatus.REJECTED else None,
                submitted_at=submitted,
                stage_entered_at=submitted,
                furthest_position=stages[steps].position,
            )
        )
    Application.objects.bulk_create(applications, batch_size=2000)
    log = []
    for application, (submitted, steps, back) in zip(applications, plans, strict=True):
        at, entered, version = submitted, submitted, 1
        log.append(
            _model(
                StageEvent,
                application=application,
                kind=StageEvent.Kind.SUBMITTED,
                to_stage=stages[0],
                to_status=ApplicationStatus.ACTIVE,
                at=at,
                version=version,
            )
        )
        path = [stages[i] for i in range(1, steps + 1)] + ([stages[steps - 1]] if back else [])
        here = stages[0]
        for stage in path:
            at += dt.timedelta(hours=rng.randrange(1, 24 * 14))
            version += 1
            hired = stage.kind == StageKind.HIRED
            log.append(
                _model(
                    StageEvent,
                    application=application,
                    kind=StageEvent.Kind.MOVED,
                    from_stage=here,
                    to_stage=stage,
                    from_status=ApplicationStatus.ACTIVE,
                    to_status=ApplicationStatus.HIRED if hired else ApplicationStatus.ACTIVE,
                    at=at,
                    version=version,
                    is_backward=stage.position < here.position,
                    seconds_in_previous=(at - entered).total_seconds(),
                )
            )
            here, entered = stage, at
        if application.status == ApplicationStatus.REJECTED:
            version += 1
            log.append(
                _model(
                    StageEvent,
                    application=application,
                    kind=StageEvent.Kind.REJECTED,
                    from_stage=here,
                    to_stage=here,
                    from_status=ApplicationStatus.ACTIVE,
                    to_status=ApplicationStatus.REJECTED,
                    rejection_reason=reason,
                    at=at + dt.timedelta(days=1),
                    version=version,
                )
            )
        application.version = version
    StageEvent.objects.bulk_create(log, batch_size=5000)
    Application.objects.bulk_update(applications, ["version"], batch_size=2000)
    return job, len(log)


def best_of(repeat: int, run: Callable[[], object]) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        timings.append(time.perf_counter() - start)
    return min(timings)


def statements(run: Callable[[], object]) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        run()
    return len(captured.captured_queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not 100 <= args.applications <= MAX_APPLICATIONS:
        parser.error(f"--applications must be between 100 and {MAX_APPLICATIONS:,}")
    database_url = os.environ.get(
        "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ats_bench_funnel"
    )
    if not database_url.startswith("postgres"):
        parser.error("the bench needs a PostgreSQL DATABASE_URL")
    recreate_database(database_url)
    try:
        setup_django(database_url)
        run_bench(args.applications, args.repeat)
    finally:
        from django.db import connections

        connections.close_all()
        recreate_database(database_url, drop_only=True)


def run_bench(count: int, repeat: int) -> None:
    from django.contrib.auth.models import Group, User
    from django.db import connection
    from django.test import Client

    from applications import selectors

    rng = random.Random(16)
    started = time.perf_counter()
    large, large_events = build_job("BENCH-LARGE", count, rng)
    small, small_events = build_job("BENCH-SMALL", count // 100, rng)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # as autovacuum would after a bulk load
    print(f"built in {time.perf_counter() - started:.1f} s")
    hr = User.objects.create_user("bench-hr", password="bench-only")  # noqa: S106
    hr.groups.add(Group.objects.get(name="hr"))
    client = Client()
    client.force_login(hr)

    def endpoint(job_id: int) -> Callable[[], object]:
        def get() -> object:
            response = client.get(f"/api/jobs/{job_id}/funnel/")
            assert response.status_code == 200, response.status_code  # noqa: S101
            return response

        return get

    figures = {}
    for label, job, events in (("large", large, large_events), ("small", small, small_events)):
        count_of = job.applications.count()
        funnel = best_of(repeat, partial(selectors.job_funnel, job))
        api = best_of(repeat, endpoint(job.pk))
        figures[label] = (funnel, api)
        funnel_sql = statements(partial(selectors.job_funnel, job))
        api_sql = statements(endpoint(job.pk))
        print(
            f"{label}: {count_of:>7,} applications, {events:>7,} events   "
            f"job_funnel {funnel * 1000:8.1f} ms ({funnel_sql} statements)   "
            f"endpoint {api * 1000:8.1f} ms ({api_sql} statements)"
        )
    print(
        f"ratio large ÷ small: job_funnel {figures['large'][0] / figures['small'][0]:.2f}×, "
        f"endpoint {figures['large'][1] / figures['small'][1]:.2f}× (target ≤ 1.5×)"
    )


if __name__ == "__main__":
    main()
