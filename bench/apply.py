"""Apply bench: the public apply endpoint beside a bare one-INSERT view, on one gunicorn.

A throwaway PostgreSQL database is created (named by DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/ats_bench_apply; an existing one of that name is replaced),
migrated and given an open job with one question. One gunicorn (`-w 2`, the project's WSGI app
plus the bare view of bench/apply_urls.py) serves both; client threads post, in interleaved
rounds, to the bare view and to `POST /api/public/jobs/<ref>/apply/` (multipart: a PDF CV of
about 3 KB, an answer, a new address each time). Tasks (CV parse, e-mail) go to a Redis broker
(BENCH_BROKER_URL, default redis://127.0.0.1:6379/13) on queues of the bench's own, emptied at
the end: no worker runs, so the parse stays out of the request as in production.

A third view (bench/apply_urls.py) does the endpoint's steps up to the write and writes
nothing: the job's look-up, the rate limit, the form's parse and every check of the submission.
Its rate is the ceiling of any apply path that answers a bad field on the form, whatever it then
does with the submission (writes it whole, or queues it for a worker).

Printed: requests per second of each (median of the rounds), the ratios (each the median of
the rounds' ratios, a round's figure beside the bare round just before it): apply ÷ bare (the
issue's figure), checked ÷ bare (that ceiling) and apply ÷ checked (the share the write
leaves); and the SQL statements of one submission, and of one whose name 20 earlier
candidates share.
The database is dropped at the end.

Run from the project root: `python bench/apply.py [--rounds 8] [--seconds 3] [--clients 4]`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

from _data import empty_queues, recreate_database

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
QUEUES = ("bench-apply", "bench-apply-cv")
JOB = "BENCH-APPLY-1"
BOUNDARY = "benchboundary7d3f"


def bench_env(database_url: str, broker_url: str, media: Path) -> dict[str, str]:
    """The environment of every process of the bench (migrate, gunicorn, this one)."""
    return os.environ | {
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "apply_settings",
        "PYTHONPATH": os.pathsep.join([str(BENCH), str(ROOT)]),
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-not-secret",  # noqa: S105
        "CELERY_BROKER_URL": broker_url,
        "CELERY_TASK_DEFAULT_QUEUE": QUEUES[0],
        "CELERY_CV_QUEUE": QUEUES[1],
        "APPLY_RATE_LIMIT_PER_HOUR": str(10**9),
        "API_PUBLIC_RATE": "100000000/minute",
        "MEDIA_ROOT": str(media),
        "PYTHONWARNINGS": "ignore",
        "SECURE_SSL_REDIRECT": "0",  # plain HTTP on the loopback, as behind a TLS proxy
    }


def create_database(database_url: str) -> None:
    recreate_database(database_url)


def drop_database(database_url: str) -> None:
    recreate_database(database_url, drop_only=True)


def cv_pdf() -> bytes:
    from demo import cv_samples

    profile = cv_samples.random_profile(random.Random(7), nationality="DE")
    return cv_samples.render_cv(profile, layout="single", created=dt.date(2026, 11, 1))


def multipart(fields: dict[str, str], cv: bytes) -> bytes:
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    ]
    parts.append(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="cv"; filename="cv.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n".encode()
        + cv
        + b"\r\n"
    )
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()


def application_fields(n: int, question_id: int, name: str | None = None) -> dict[str, str]:
    return {
        "full_name": name or f"Bench Applicant {n} {uuid.uuid4().hex[:6]}",
        "email": f"bench-{n}-{uuid.uuid4().hex[:8]}@example.org",
        "phone": f"+49 151 {10_000_000 + n}",
        "nationality": "DE",
        "country_of_residence": "CN",
        "cover_letter": "I would like to join.",
        "consent": "true",
        "submission_key": str(uuid.uuid4()),
        f"q{question_id}": "5",
    }


def setup_and_count(cv: bytes) -> tuple[int, int, int]:
    """Create the job; count the statements of one submission (and of one with 20 earlier
    namesakes) through Django's test client. Returns (question id, statements, with namesakes)."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from applications import services
    from applications.models import Candidate, JobQuestion
    from ats.actors import SYSTEM

    job = services.job_create(
        actor=SYSTEM,
        reference=JOB,
        title="Bench officer",
        status="open",
        opens_on=dt.date(2020, 1, 1),
        closes_on=dt.date(2099, 1, 1),
    )
    question = JobQuestion.objects.create(job=job, label="Years of experience", kind="number")
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_hit (id bigserial PRIMARY KEY, at timestamptz)")
    for i in range(20):  # save() derives the keys duplicates are matched on
        Candidate.objects.create(
            full_name="Wang Wei", email=f"wang{i}@example.org", nationality="DE"
        )
    client = Client()
    url = f"/api/public/jobs/{JOB}/apply/"
    counts = []
    # The first submission seeds the e-mail template; the counted ones find it.
    for n, name in ((0, None), (1, None), (2, "Wang Wei")):
        body = multipart(application_fields(n, question.pk, name), cv)
        with CaptureQueriesContext(connection) as captured:
            response = client.generic(
                "POST", url, body, content_type=f"multipart/form-data; boundary={BOUNDARY}"
            )
        assert response.status_code == 201, (response.status_code, response.headers)  # noqa: S101
        counts.append(len(captured.captured_queries))
    connection.close()
    return question.pk, counts[1], counts[2]


def wait_until_serving(port: int, server: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn exited before serving")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("POST", "/bench/insert/")
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start serving")


def run_round(port: int, clients: int, seconds: float, make_request) -> tuple[float, int]:
    """Requests per second over `seconds` with `clients` threads; and the failures."""
    done = [0] * clients
    failed = [0] * clients
    stop = time.monotonic() + seconds

    def client(i: int) -> None:
        n = 0
        while time.monotonic() < stop:
            method, path, body, headers = make_request(i * 1_000_000 + n)
            n += 1
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            conn.close()
            if 200 <= response.status < 300:
                done[i] += 1
            else:
                failed[i] += 1

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / (time.monotonic() - started), sum(failed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=3.0, help="length of each round")
    parser.add_argument("--clients", type=int, default=4, help="concurrent client threads")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()

    database_url = os.environ.get(
        "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ats_bench_apply"
    )
    if not database_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("DATABASE_URL must be a PostgreSQL URL (the bench creates and drops it)")
    broker_url = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/13")
    media = ROOT / "var" / "bench-apply-media"
    env = bench_env(database_url, broker_url, media)
    os.environ.update(env)
    sys.path[:0] = [str(BENCH), str(ROOT)]
    python = str(ROOT / ".venv" / "bin" / "python")
    gunicorn = str(ROOT / ".venv" / "bin" / "gunicorn")

    create_database(database_url)
    server = None
    try:
        migrate = [python, "manage.py", "migrate", "--noinput", "-v", "0"]
        subprocess.run(migrate, cwd=ROOT, env=env, check=True)  # noqa: S603
        cv = cv_pdf()
        question_id, statements, with_namesakes = setup_and_count(cv)
        server = subprocess.Popen(  # noqa: S603
            [gunicorn, "-w", "2", "-b", f"127.0.0.1:{args.port}", "--log-level", "warning"]
            + ["ats.wsgi:application"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,  # django-axes greets from every worker
        )
        wait_until_serving(args.port, server)

        def bare(_n: int):
            return "POST", "/bench/insert/", b"", {}

        def posting(path: str):
            def make(n: int):
                body = multipart(application_fields(n + 10, question_id), cv)
                headers = {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}
                return "POST", path, body, headers

            return make

        contenders = (
            ("bare", bare),
            ("checked", posting(f"/bench/checked/{JOB}/")),
            ("apply", posting(f"/api/public/jobs/{JOB}/apply/")),
        )
        for _name, make in contenders:  # warm the workers up
            run_round(args.port, args.clients, 1.0, make)
        rates: dict[str, list[float]] = {name: [] for name, _make in contenders}
        failures = 0
        for _ in range(args.rounds):
            for name, make in contenders:
                rate, failed = run_round(args.port, args.clients, args.seconds, make)
                rates[name].append(rate)
                failures += failed
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        drop_database(database_url)
        empty_queues(broker_url, QUEUES)
        subprocess.run(["rm", "-rf", str(media)], check=False)  # noqa: S603, S607

    print(
        f"gunicorn -w 2, {args.clients} clients, "
        f"{args.rounds} interleaved rounds of {args.seconds:g} s"
    )
    labels = {
        "bare": "bare one-INSERT view",
        "checked": "checked, not written",
        "apply": "public apply (API)",
    }
    for name, label in labels.items():
        rounds = rates[name]
        print(f"{label:<24}: {statistics.median(rounds):7.1f} req/s  (rounds: {fmt(rounds)})")
    # Each round beside the one just before it: a shared machine's load drifts between
    # rounds, less within one set.
    for top, bottom in (("apply", "bare"), ("checked", "bare"), ("apply", "checked")):
        ratios = [a / b for a, b in zip(rates[top], rates[bottom], strict=True)]
        print(
            f"ratio {top} / {bottom}".ljust(24)
            + f": {statistics.median(ratios):.2f} (rounds: "
            + ", ".join(f"{r:.2f}" for r in ratios)
            + ")"
        )
    print(f"{'statements per submit':<24}: {statements} (20 earlier namesakes: {with_namesakes})")
    if failures:
        print(f"{'failed requests':<24}: {failures}")


def fmt(values: list[float]) -> str:
    return ", ".join(f"{v:.0f}" for v in values)


if __name__ == "__main__":
    main()
