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
import os
import random
import time
from collections.abc import Callable
from functools import partial

from _data import build_job, recreate_database, setup_django, vacuum_analyze

MAX_APPLICATIONS = 200_000


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
    from django.test import Client

    from applications import selectors

    rng = random.Random(16)
    started = time.perf_counter()
    large, large_events = build_job("BENCH-LARGE", count, rng)
    small, small_events = build_job("BENCH-SMALL", count // 100, rng)
    vacuum_analyze()
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
