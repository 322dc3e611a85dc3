"""Scale bench: what HR and the API do on a job of N applications beside one of N/100.

A throwaway PostgreSQL database is created (named by DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/ats_bench_scale; an existing one of that name is replaced)
and migrated. One job gets N applications (`--applications`, default 100,000, at most 200,000)
of as many people with generated names, each with its event log (bench/_data.py `build_job`)
and a parsed CV row with text (`add_cvs`); a second job gets N/100 the same way; then
VACUUM ANALYZE, as autovacuum would after a bulk load.

Measured in-process through Django's test client as an HR user, small and large interleaved
(small, large, small, large, ... `--repeat` times after one warm-up each), median:
the HR board `/hr/jobs/<id>/` (time and HTML size), the board with a CV-text filter
(`?cv_text=epidemiology`, in every 500th CV: 100 times as many matches in the large job) and
with one that as many CVs match in both jobs (`?cv_text=hydrology`, 200 each), the funnel
`/api/jobs/<id>/funnel/`, the API list's first page and its last page
(`/api/applications/?job=<id>`; the last page's keyset cursor is built directly from the
row before it, as a client following `next` would reach it), the API's `q=` name search, and
the bulk move of 1,000 applications of the large job to their next stage with
`workflow.move_many` beside a bare `UPDATE` + `INSERT` of the same kind of 1,000 in one
transaction (fresh applications each round). The tasks a move enqueues (the applicant's
notice) go to a Redis broker (BENCH_BROKER_URL, default redis://127.0.0.1:6379/13) on queues of
the bench's own, emptied at the end: no worker runs, as in production they stay out of the
request.

Before the bulk moves, one gunicorn worker (`-w 1`, bench/_worker.py) serves the large board,
the small board and the large job's API list page 50 times each in turn: the boards' median
times as served, and the worker's resident memory, warm, after and at its peak (target < 200
MB).

Printed: one table (figure | large | small | ratio | statements) and the machine (cores,
PostgreSQL version). No asserts: the figures are for reading (bench/README.md). The database is
dropped at the end, also on error.

Run from the project root: `python bench/scale.py [--applications 100000] [--repeat 5]`.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import json
import os
import random
import statistics
import time
from collections import Counter, deque
from collections.abc import Callable
from typing import Any

from _data import (
    add_cvs,
    build_job,
    empty_queues,
    recreate_database,
    setup_django,
    vacuum_analyze,
)
from _worker import worker_memory

MAX_APPLICATIONS = 200_000
PAGE_SIZE = 50
BULK = 1_000
NEEDLE = "Ngozi Okafor"
MEMORY_TIMES = 50
# A word that as many CVs mention in the large job as in the small one (the other filter,
# "epidemiology", is in every 500th CV: 100 times as many matches, and cards, in the large job).
SAME_MATCHES = "hydrology"
MATCHES = 200
QUEUES = ("bench-scale", "bench-scale-cv")


LAST_SQL: list[tuple[str, float]] = []


def measure(run: Callable[[], Any]) -> tuple[float, int, Any]:
    """Seconds of one run, its SQL statements, and what it returned (the statements' text in
    LAST_SQL)."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    reset_queries()
    # The log keeps 9,000 statements by default; a bulk move of 1,000 runs more.
    connection.queries_log = deque(maxlen=1_000_000)
    with CaptureQueriesContext(connection) as queries:
        began = time.perf_counter()
        result = run()
        seconds = time.perf_counter() - began
    LAST_SQL[:] = [(q["sql"], float(q["time"])) for q in queries.captured_queries]
    return seconds, len(queries.captured_queries), result


def get(client: Any, url: str, params: dict[str, Any] | None = None) -> Callable[[], Any]:
    def run() -> Any:
        response = client.get(url, params or {})
        if response.status_code != 200:
            raise SystemExit(f"{url} {params}: {response.status_code} {response.content[:300]!r}")
        return response

    return run


def last_page_cursor(job: Any) -> str:
    """The cursor of the list's last page: the values, in the list's order
    (-submitted_at, -id), of the row that ends the page before it."""
    rows = job.applications.order_by("-submitted_at", "-id")
    count = rows.count()
    before = rows[max(0, (count - 1) // PAGE_SIZE * PAGE_SIZE - 1)]
    raw = json.dumps({"v": [before.submitted_at.isoformat(), before.pk], "b": False})
    return base64.urlsafe_b64encode(raw.replace(" ", "").encode()).decode().rstrip("=")


def requests_of(client: Any, job: Any) -> dict[str, Callable[[], Any]]:
    api = "/api/applications/"
    first = {"job": job.pk, "page_size": PAGE_SIZE}
    return {
        "HR board": get(client, f"/hr/jobs/{job.pk}/"),
        "board, CV-text filter": get(client, f"/hr/jobs/{job.pk}/", {"cv_text": "epidemiology"}),
        "board, CV-text filter, as many matches": get(
            client, f"/hr/jobs/{job.pk}/", {"cv_text": SAME_MATCHES}
        ),
        "funnel API": get(client, f"/api/jobs/{job.pk}/funnel/"),
        "API list, first page": get(client, api, first),
        "API list, last page": get(client, api, first | {"cursor": last_page_cursor(job)}),
        "API q= name search": get(client, api, first | {"q": NEEDLE.split()[-1].lower()}),
    }


def movable(job: Any, stage: Any, count: int) -> list[int]:
    from applications.models import ApplicationStatus

    rows = job.applications.filter(stage=stage, status=ApplicationStatus.ACTIVE)
    return list(rows.order_by("?").values_list("pk", flat=True)[:count])


def raw_move(ids: list[int], source: Any, target: Any) -> Callable[[], Any]:
    """What a move writes, at its barest: one UPDATE of the rows and one INSERT of the events,
    in one transaction."""
    from django.db import transaction
    from django.db.models import F, Value
    from django.db.models.functions import Greatest
    from django.utils import timezone

    from applications.models import Application, ApplicationStatus, StageEvent

    def run() -> int:
        now = timezone.now()
        with transaction.atomic():
            Application.objects.filter(pk__in=ids).update(
                stage=target,
                stage_entered_at=now,
                version=F("version") + 1,
                furthest_position=Greatest(F("furthest_position"), Value(target.position)),
            )
            StageEvent.objects.bulk_create(
                StageEvent(
                    application_id=pk,
                    kind=StageEvent.Kind.MOVED,
                    from_stage=source,
                    to_stage=target,
                    from_status=ApplicationStatus.ACTIVE,
                    to_status=ApplicationStatus.ACTIVE,
                    at=now,
                    version=0,
                )
                for pk in ids
            )
        return len(ids)

    return run


def machine() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"{os.cpu_count()} cores (nproc), load average {load}; PostgreSQL {version}"


def run_bench(count: int, repeat: int) -> None:
    from django.conf import settings
    from faker import Faker

    from applications import workflow
    from tests.factories import UserFactory

    fake = Faker(["en_GB", "de_DE", "zh_CN", "es_ES"])
    Faker.seed(16)
    rng = random.Random(16)
    started = time.perf_counter()
    built = {}
    for label, size in (("large", count), ("small", count // 100)):
        job, events = build_job(
            f"BENCH-{label.upper()}",
            size,
            rng,
            name=lambda n, size=size: NEEDLE if n == size // 2 else fake.name(),
        )
        # As many CVs mention SAME_MATCHES in both jobs: a filter whose page is the same size.
        cvs = add_cvs(job, rng, also={SAME_MATCHES: max(1, size // MATCHES)})
        built[label] = job
        print(f"{label}: {size:,} applications, {events:,} events, {cvs:,} CVs")
    vacuum_analyze()
    print(f"built in {time.perf_counter() - started:.0f} s")
    # A served process has none of the build's objects: what is left of them is frozen with
    # the rest, as a worker freezes what it has once started (ats.runtime).
    try:
        from ats.runtime import freeze_startup_objects
    except ImportError:  # code from before it
        pass
    else:
        freeze_startup_objects()

    from django.test import Client, override_settings

    # No collectstatic here: plain static URLs, as in development (rendering is the same).
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain}).enable()
    hr = UserFactory(username="bench-hr", groups=["hr"])
    client = Client()
    client.force_login(hr)
    runs = {label: requests_of(client, job) for label, job in built.items()}
    times: dict[tuple[str, str], list[float]] = {}
    slowest: dict[str, tuple[str, float, float]] = {}
    sql: dict[tuple[str, str], int] = {}
    size: dict[tuple[str, str], int] = {}
    for figure in runs["large"]:
        for label in ("small", "large"):
            runs[label][figure]()  # warm-up
        for _ in range(repeat):
            for label in ("small", "large"):
                seconds, statements, response = measure(runs[label][figure])
                times.setdefault((figure, label), []).append(seconds)
                sql[figure, label] = statements
                if label == "large":
                    top = max(LAST_SQL, key=lambda q: q[1])
                    slowest[figure] = (top[0], top[1], sum(q[1] for q in LAST_SQL))
                size[figure, label] = len(response.content)
        if figure == "API list, last page":
            body = runs["large"][figure]().json()
            assert body["next"] is None and body["results"], "not the last page"  # noqa: S101

    # One gunicorn worker serving the large job's board and list page 50 times each.
    large = built["large"]
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    served = {
        "large board": f"/hr/jobs/{large.pk}/",
        "small board": f"/hr/jobs/{built['small'].pk}/",
        "large list": f"/api/applications/?job={large.pk}&page_size={PAGE_SIZE}",
    }
    memory = worker_memory(list(served.values()), cookie, times=MEMORY_TIMES)
    served_ms = {name: memory.ms[url] for name, url in served.items()}

    # Bulk move: fresh applications of the large job each round, first stage to the second.
    stages = list(large.stages.order_by("position"))
    batch = min(BULK, len(movable(large, stages[0], 10**9)) // (2 * (repeat + 1)))
    refused = 0
    verbs: dict[str, Counter[str]] = {}
    for n in range(repeat + 1):
        ids = movable(large, stages[0], 2 * batch)
        kinds = {
            "move_many": lambda ids=ids[:batch]: workflow.move_many(ids, actor=hr, job_id=large.pk),
            "raw": raw_move(ids[batch:], stages[0], stages[1]),
        }
        for kind, run in kinds.items():
            seconds, statements, result = measure(run)
            if kind == "move_many":
                refused += sum(not outcome.ok for outcome in result)
            if n:  # the first round warms up
                times.setdefault(("bulk move", kind), []).append(seconds)
                sql["bulk move", kind] = statements
                verbs[kind] = Counter(q.split(None, 1)[0].upper() for q, _ in LAST_SQL)

    rows = []
    for figure in runs["large"]:
        big, small = (
            statistics.median(times[figure, label]) * 1000 for label in ("large", "small")
        )
        statements = f"{sql[figure, 'large']} / {sql[figure, 'small']}"
        rows.append((f"{figure}, ms", big, small, statements))
        if figure.startswith(("HR board", "board")):
            rows.append(
                (
                    f"{figure}, KB of HTML",
                    size[figure, "large"] / 1024,
                    size[figure, "small"] / 1024,
                    "",
                )
            )
    move_ms = statistics.median(times["bulk move", "move_many"]) * 1000
    raw_ms = statistics.median(times["bulk move", "raw"]) * 1000
    print()
    print(f"scale bench, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; {machine()}")
    print(f"large: {count:,} applications; small: {count // 100:,}; median of {repeat}")
    print()
    print("| figure | large | small | ratio | statements (large / small) |")
    print("|---|---:|---:|---:|---|")
    for figure, big, small, statements in rows:
        print(f"| {figure} | {big:,.1f} | {small:,.1f} | {big / small:.2f}× | {statements} |")
    print(
        f"| bulk move of {batch:,} (large job): `move_many` vs bare UPDATE+INSERT, ms "
        f"| {move_ms:,.1f} | {raw_ms:,.1f} | {move_ms / raw_ms:.2f}× "
        f"| {sql['bulk move', 'move_many']} / {sql['bulk move', 'raw']} |"
    )
    big, small = served_ms["large board"], served_ms["small board"]
    print(
        f"| HR board through gunicorn (`-w 1`), ms | {big:,.1f} | {small:,.1f} "
        f"| {big / small:.2f}× | |"
    )
    print(
        f"| gunicorn worker (`-w 1`) serving the large board and list page {memory.requests}× "
        f"each, resident MB: warm {memory.warm_mb:,.0f}, after {memory.after_mb:,.0f}, "
        f"peak {memory.peak_mb:,.0f} | | | target < 200 MB | |"
    )
    print()
    print("SQL of each figure's last large request: all statements, the slowest one")
    for figure, (statement, seconds, total) in slowest.items():
        print(f"  {figure}: {total * 1000:,.0f} ms, {seconds * 1000:,.0f} ms: {statement[:150]}")
    for kind, counted in verbs.items():
        print(f"{kind} statements: " + ", ".join(f"{v} {n}" for v, n in counted.most_common()))
    if refused:
        print(f"move_many refused {refused} moves")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not 1_000 <= args.applications <= MAX_APPLICATIONS:
        parser.error(f"--applications must be between 1,000 and {MAX_APPLICATIONS:,}")
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    database_url = os.environ.get(
        "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ats_bench_scale"
    )
    if not database_url.startswith("postgres"):
        parser.error("the bench needs a PostgreSQL DATABASE_URL")
    broker_url = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/13")
    recreate_database(database_url)
    try:
        setup_django(
            database_url,
            CELERY_BROKER_URL=broker_url,
            CELERY_TASK_ALWAYS_EAGER="0",
            CELERY_TASK_DEFAULT_QUEUE=QUEUES[0],
            CELERY_CV_QUEUE=QUEUES[1],
            API_USER_RATE="100000000/minute",
        )
        run_bench(args.applications, args.repeat)
    finally:
        empty_queues(broker_url, QUEUES)
        from django.db import connections

        connections.close_all()
        recreate_database(database_url, drop_only=True)


if __name__ == "__main__":
    main()
