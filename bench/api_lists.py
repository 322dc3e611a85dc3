"""API lists bench: a job's first and last page of applications, and a name search, on PostgreSQL.

A throwaway PostgreSQL database is created (named by DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/ats_bench_lists; an existing one of that name is replaced),
migrated, and given one open job with N applications (`--applications`, default 20,000, at most
200,000) of N people with generated names, bulk-inserted in batches, then VACUUM ANALYZE (as
autovacuum would have done). `GET /api/applications/?job=<id>` is then timed in-process through
DRF's test client as HR: the first page, the last page (page-number pagination: `page=<last>`;
cursor pagination: the `next` links followed to the end) and `q=<a surname one person has>`.

Printed: the median of `--repeat` runs of each in ms, the statements of each, and the ratios
last ÷ first and search ÷ first. No asserts: the figures are for reading (bench/README.md).
The database is dropped at the end.

Run from the project root: `python bench/api_lists.py [--applications 20000] [--repeat 7]`;
`--project DIR` runs another checkout's code (e.g. main's, for the figure before a change).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

from _data import build_job, recreate_database, vacuum_analyze

MAX_APPLICATIONS = 200_000
NEEDLE = "Ngozi Okafor"


def populate(count: int) -> int:
    """One job with `count` applications of as many people, all in the first stage; returns
    the job's id."""
    from faker import Faker

    fake = Faker(["en_GB", "de_DE", "zh_CN", "es_ES"])
    Faker.seed(16)
    job, _ = build_job(
        "BENCH-LISTS-1",
        count,
        random.Random(16),
        name=lambda n: NEEDLE if n == count // 2 else fake.name(),
        moves=False,
    )
    vacuum_analyze()
    return job.pk


def timed(client, url: str, params: dict | None, repeat: int) -> tuple[float, float, int, dict]:
    """Median ms of `repeat` requests (after one to warm up) and of their SQL; the statements of
    one request; the body."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    response = client.get(url, params)
    if response.status_code != 200:
        raise SystemExit(f"{url} {params}: {response.status_code} {response.content[:300]!r}")
    times, sql_times, statements = [], [], 0
    for _ in range(repeat):
        reset_queries()  # as each request does: the capture counts from an empty log
        with CaptureQueriesContext(connection) as queries:
            began = time.perf_counter()
            client.get(url, params)
            times.append((time.perf_counter() - began) * 1000)
        # Now: the next request empties the log.
        statements = len(queries.captured_queries)
        sql_times.append(sum(float(q["time"]) for q in queries.captured_queries) * 1000)
    return statistics.median(times), statistics.median(sql_times), statements, response.json()


def last_page(client, url: str, job_id: int, page_size: int) -> tuple[str, dict | None]:
    """The URL and parameters of the list's last page, whichever pagination the API has."""
    body = client.get(url, {"job": job_id, "page_size": page_size}).json()
    if "count" in body:
        pages = max(1, -(-body["count"] // page_size))
        return url, {"job": job_id, "page_size": page_size, "page": pages}
    # Cursor pages: big pages to near the end, then the list's own page size to the last.
    link = None
    body = client.get(url, {"job": job_id, "page_size": 500}).json()
    while body["next"] is not None:
        link = body["next"]
        body = client.get(link).json()
    if link is None:
        return url, {"job": job_id, "page_size": page_size}
    link = link.replace("page_size=500", f"page_size={page_size}")
    body = client.get(link).json()
    while body["next"] is not None:
        link = body["next"]
        body = client.get(link).json()
    return link, None


def measure(job_id: int, repeat: int, page_size: int) -> None:
    from rest_framework.test import APIClient

    from tests.factories import UserFactory

    hr = UserFactory(username="bench-hr", groups=["hr"])
    client = APIClient()
    client.force_authenticate(hr)
    url = "/api/applications/"
    first = timed(client, url, {"job": job_id, "page_size": page_size}, repeat)
    last_url, last_params = last_page(client, url, job_id, page_size)
    last = timed(client, last_url, last_params, repeat)
    surname = NEEDLE.split()[-1].lower()
    search = timed(client, url, {"job": job_id, "q": surname, "page_size": page_size}, repeat)
    found = [row["candidate"]["full_name"] for row in search[3]["results"]]
    print(f"{'':16} {'request ms':>10} {'SQL ms':>8} {'statements':>11}  rows")
    for label, (ms, sql_ms, statements, body) in (
        ("first page", first),
        ("last page", last),
        (f"q={surname}", search),
    ):
        rows = len(body["results"])
        print(f"{label:16} {ms:10.1f} {sql_ms:8.1f} {statements:11d}  {rows}")
    print(f"last ÷ first    {last[0] / first[0]:.2f}× (request), {last[1] / first[1]:.2f}× (SQL)")
    print(f"search ÷ first  {search[0] / first[0]:.2f}× (request); found: {', '.join(found)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--page-size", type=int, default=50)
    parser.add_argument("--project", type=Path, default=Path(__file__).resolve().parent.parent)
    args = parser.parse_args()
    if not 1 <= args.applications <= MAX_APPLICATIONS:
        parser.error(f"--applications: from 1 to {MAX_APPLICATIONS}")
    database_url = os.environ.get(
        "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ats_bench_lists"
    )
    os.environ.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="ats.settings",
        DEBUG="0",
        SECRET_KEY="bench-only-not-secret",  # noqa: S106
        CELERY_BROKER_URL="memory://",
        SECURE_SSL_REDIRECT="0",
        API_USER_RATE="100000000/minute",
    )
    sys.path.insert(0, str(args.project.resolve()))
    os.chdir(args.project)
    recreate_database(database_url)
    try:
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        began = time.perf_counter()
        job_id = populate(args.applications)
        print(
            f"{args.applications} applications in one job, inserted in "
            f"{time.perf_counter() - began:.0f} s; code of {args.project.resolve()}"
        )
        measure(job_id, args.repeat, args.page_size)
    finally:
        from django.db import connections

        connections.close_all()
        recreate_database(database_url, drop_only=True)


if __name__ == "__main__":
    main()
