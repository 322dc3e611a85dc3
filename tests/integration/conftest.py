"""Real Celery worker processes on the configured broker, against the test database."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from ats.celery import app as celery_app
from ats.tasks import health

ROOT = Path(__file__).resolve().parents[2]
# What the real workers of this session answered, printed at the end of the run (CI shows it).
WORKERS_SEEN: list[str] = []


def pytest_terminal_summary(terminalreporter):
    if WORKERS_SEEN:
        terminalreporter.section("real Celery workers used")
        for line in WORKERS_SEEN:
            terminalreporter.write_line(line)


class Worker:
    """One `celery worker` process consuming some queues; it can be killed and started again."""

    def __init__(self, queues: str, name: str, env: dict[str, str]):
        self.queues, self.name, self.env = queues, name, env
        self.process: subprocess.Popen | None = None

    def start(self) -> "Worker":
        self.process = subprocess.Popen(  # noqa: S603 - our own worker command
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "ats",
                "worker",
                "--pool=prefork",
                "--concurrency=1",
                "--loglevel=INFO",
                "-Q",
                self.queues,
                f"--hostname={self.name}@%h",
                "--without-gossip",
                "--without-mingle",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=sys.stderr,
            stderr=sys.stderr,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"the Celery worker exited with {self.process.returncode}")
            replies = celery_app.control.ping(timeout=1) or []
            if any(self.name in host for reply in replies for host in reply):
                WORKERS_SEEN.append(
                    f"{self.name} (pid {self.process.pid}, queues {self.queues}) "
                    f"on {settings.CELERY_BROKER_URL}"
                )
                return self
        self.kill()
        pytest.fail("the Celery worker did not answer within 60 s")

    def kill(self) -> None:
        """SIGKILL the worker and its pool children, as a crash or an OOM kill would."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=20)
        self._reap_group()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
        self._reap_group()

    def _reap_group(self) -> None:
        """Wait until no process of the worker's group is left: a pool child outliving its
        parent would keep a connection to the test database (which then cannot be dropped)
        and could take tasks meant for a later worker."""
        if self.process is None:
            return
        deadline = time.monotonic() + 20
        while _live_members(self.process.pid) and time.monotonic() < deadline:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                return
            time.sleep(0.1)


def _live_members(group: int) -> list[int]:
    """Processes of a process group that are not zombies (Linux /proc; zombies hold nothing)."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # pid (comm) state ppid pgrp …; comm may hold spaces, so split after its ")".
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[0] != "Z" and int(fields[2]) == group:
            members.append(int(stat.parent.name))
    return members


@pytest.fixture(scope="session")
def worker_mail_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("worker-mail")


@pytest.fixture(scope="session")
def worker_env(django_db_setup, worker_mail_dir, tmp_path_factory) -> dict[str, str]:
    # The default broker, memory://, lives inside this process: no worker could reach it.
    if settings.CELERY_BROKER_URL.startswith("memory://") or connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL and a real CELERY_BROKER_URL: run `make test-postgres`")
    db = connection.settings_dict
    celery_app.control.purge()
    return {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "DB_CONN_MAX_AGE": "0",
        "EMAIL_URL": f"file://{worker_mail_dir}",
        "MEDIA_ROOT": str(tmp_path_factory.getbasetemp() / "worker-media"),
        # Short limits so that a task of a killed worker comes back within seconds.
        "CELERY_TASK_SOFT_TIME_LIMIT": "20",
        "CELERY_TASK_TIME_LIMIT": "25",
        "CELERY_VISIBILITY_TIMEOUT": "30",
    }


@pytest.fixture(scope="session")
def celery_worker_process(worker_env):
    """The worker of the default queue (e-mails and the like) for the whole session."""
    worker = Worker(settings.CELERY_TASK_DEFAULT_QUEUE, "ats-test", worker_env).start()
    try:  # a worker left running would consume the next session's tasks
        # Session fixtures run with eager Celery (tests/conftest.py); this answer must come
        # from the worker process.
        celery_app.conf["CELERY_TASK_ALWAYS_EAGER"] = False
        try:
            seen = health.delay().get(timeout=30)
        finally:
            celery_app.conf["CELERY_TASK_ALWAYS_EAGER"] = True
        WORKERS_SEEN.append(f"  its database: {seen['vendor']} {seen['database']}")
        yield worker
    finally:
        worker.stop()


@pytest.fixture
def cv_worker(worker_env, settings):
    """A worker of the CV queue for one test; files are shared through one MEDIA_ROOT."""
    settings.MEDIA_ROOT = Path(worker_env["MEDIA_ROOT"])
    worker = Worker(settings.CELERY_CV_QUEUE, "cv-test", worker_env).start()
    try:
        yield worker
    finally:
        worker.stop()
