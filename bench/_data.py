"""What the PostgreSQL benches share: a throwaway database, Django set up on it, and bulk data.

`build_job` is the one builder of a job with many applications and their event logs (funnel.py,
api_lists.py and scale.py use it), their stage tallies recounted after the bulk inserts;
`add_cvs` gives those applications CV rows with text. It sets only the columns the models have,
so a bench runs on an older checkout too.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
T0 = dt.datetime(2025, 1, 6, 9, tzinfo=dt.UTC)
BATCH = 2_000


def server_url(database_url: str) -> tuple[str, str]:
    """The URL of the server's maintenance database, and the bench database's name."""
    parts = urlsplit(database_url)
    return urlunsplit(parts._replace(path="/postgres")), parts.path.lstrip("/")


def recreate_database(database_url: str, *, drop_only: bool = False) -> None:
    """Replace the bench database with an empty one (or only drop it)."""
    import psycopg

    admin, name = server_url(database_url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            conn.execute(f'CREATE DATABASE "{name}"')


def setup_django(database_url: str, *, project: Path = ROOT, **env: str) -> None:
    """Django on the bench database (`env` added to the environment), migrated, its start-up
    objects frozen as in a served process."""
    os.environ |= {
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "ats.settings",
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-not-secret",  # noqa: S105
        "SECURE_SSL_REDIRECT": "0",
        "CELERY_TASK_ALWAYS_EAGER": "1",
    } | env
    sys.path.insert(0, str(project))
    import django
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    django.setup()
    setup_test_environment()
    call_command("migrate", verbosity=0)
    # What a served process does once started (ats.wsgi, ats.celery); code from before it
    # has no such step.
    try:
        from ats.runtime import freeze_startup_objects
    except ImportError:
        return
    freeze_startup_objects()


def empty_queues(broker_url: str, queues: tuple[str, ...]) -> None:
    """Drop what the bench's own Celery queues hold on the Redis broker."""
    import redis

    client = redis.Redis.from_url(broker_url)
    client.delete(*queues, *(f"{q}\x06\x163" for q in queues))
    for q in queues:  # priority sub-queues of the Redis transport
        for key in client.scan_iter(f"{q}*"):
            client.delete(key)


def vacuum_analyze() -> None:
    """As autovacuum would after a bulk load (the connection is in autocommit)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def _model(cls: Any, **values: Any) -> Any:
    """A row with only the fields the model has (the bench runs on older code too)."""
    names = {f.attname for f in cls._meta.concrete_fields} | {
        f.name for f in cls._meta.concrete_fields
    }
    return cls(**{k: v for k, v in values.items() if k in names})


def _name_key(name: str) -> str:
    from applications import models

    fold = getattr(models, "fold_name", None)
    return fold(name) if fold else ""


def build_job(
    reference: str,
    count: int,
    rng: random.Random,
    *,
    name: Callable[[int], str] | None = None,
    moves: bool = True,
) -> tuple[Any, int]:
    """A job with `count` applications (of as many people, named by `name(i)`) and their event
    logs, inserted in bulk; returns the job and the number of events.

    With `moves`, each application is submitted, moved forward 0-6 stages, some moved back
    once, some rejected, those reaching the last stage hired; without, all wait in the first
    stage with only their submission event.
    """
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
    names = [name(i) if name else f"Bench {reference} {i}" for i in range(count)]
    candidates = []
    for i, full_name in enumerate(names):
        email = f"{reference}-{i}@example.org".lower()
        candidates.append(
            _model(
                Candidate,
                full_name=full_name,
                email=email,
                email_normalised=email,
                name_key=_name_key(full_name),
            )
        )
    Candidate.objects.bulk_create(candidates, batch_size=BATCH)
    plans = []
    applications = []
    last = len(stages) - 1
    for candidate in candidates:
        # Whole minutes over two months: many applications share a minute (ties).
        submitted = T0 + dt.timedelta(minutes=rng.randrange(60 * 24 * 60))
        steps = min(rng.choice([0, 0, 0, 1, 1, 2, 2, 3, 4, 5, 6]), last) if moves else 0
        back = 2 <= steps < last and rng.random() < 0.1
        rejected = moves and steps < last and rng.random() < 0.4
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
    Application.objects.bulk_create(applications, batch_size=BATCH)
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
        if application.stage_id != stages[0].pk:
            application.stage_entered_at = entered
    StageEvent.objects.bulk_create(log, batch_size=5000)
    Application.objects.bulk_update(applications, ["version", "stage_entered_at"], batch_size=BATCH)
    _rebuild_tallies(job.pk)
    return job, len(log)


def _rebuild_tallies(job_id: int) -> None:
    """The bulk inserts bypassed the workflow engine: its stage tallies recounted from the
    rows (on code older than the tallies, nothing to do)."""
    try:
        from applications.tallies import tallies_rebuild
    except ImportError:
        return
    tallies_rebuild(job_id)


CV_WORDS = [
    "project",
    "management",
    "budget",
    "reporting",
    "monitoring",
    "evaluation",
    "logistics",
    "procurement",
    "coordination",
    "partnerships",
    "training",
    "research",
    "analysis",
    "community",
    "health",
    "education",
    "finance",
    "audit",
    "compliance",
    "database",
    "communication",
    "fundraising",
]
CV_NEEDLE = "epidemiology"


def add_cvs(
    job: Any, rng: random.Random, *, needle_every: int = 500, also: dict[str, int] | None = None
) -> int:
    """A parsed CV row with about 150 words of text for each of the job's applications (no
    file behind it); every `needle_every`-th CV mentions CV_NEEDLE, and every n-th of `also`
    ({word: n}) mentions that word. Returns how many."""
    from applications.models import CVDocument

    ids = list(job.applications.order_by("pk").values_list("pk", flat=True))
    needles = {CV_NEEDLE: needle_every} | (also or {})
    rows = []
    for n, pk in enumerate(ids):
        words = rng.choices(CV_WORDS, k=150)
        for needle, every in needles.items():
            if n % every == every // 2:
                words[rng.randrange(150)] = needle
        rows.append(
            _model(
                CVDocument,
                application_id=pk,
                file=f"bench/{pk}.pdf",
                original_name="cv.pdf",
                content_type="application/pdf",
                size=40_000,
                sha256=f"{pk:064x}",
                parse_status="parsed",
                parsed_at=T0,
                page_count=2,
                text=" ".join(words),
            )
        )
    CVDocument.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)
