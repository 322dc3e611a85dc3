"""One gunicorn worker serving pages of the bench database, and what it holds in memory.

`worker_memory` starts `gunicorn -w 1` on the bench's database (the environment of the running
bench, settings `scale_settings`), logs in as a user by a session cookie, requests each URL
`times` times in turn over one keep-alive connection, timing each, and reads the worker's
resident memory from /proc: after one request of each (warm), after all of them, and its peak
(VmHWM).
"""

from __future__ import annotations

import http.client
import os
import statistics
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class WorkerMemory:
    warm_mb: float  # resident after one request of each URL
    after_mb: float  # resident after all the requests
    peak_mb: float  # the most it ever held
    requests: int
    ms: dict[str, float]  # each URL's median time, request sent to body read


def _status_mb(pid: int, key: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{key}:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {key} for process {pid}")


def _worker_pid(master: int) -> int:
    for _ in range(100):
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.1)
    raise SystemExit("gunicorn started no worker")


def _get(conn: http.client.HTTPConnection, url: str, cookie: str) -> float:
    """Seconds from sending the request to the end of the body."""
    began = time.perf_counter()
    conn.request("GET", url, headers={"Cookie": cookie, "Host": "127.0.0.1"})
    response = conn.getresponse()
    body = response.read()
    if response.status != 200:
        raise SystemExit(f"{url}: {response.status} {body[:300]!r}")
    return time.perf_counter() - began


def worker_memory(
    urls: list[str], session_cookie: str, *, times: int = 50, port: int = 8766
) -> WorkerMemory:
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "scale_settings",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "bench"), str(ROOT)]),
    }
    gunicorn = str(ROOT / ".venv" / "bin" / "gunicorn")
    server = subprocess.Popen(  # noqa: S603
        [gunicorn, "-w", "1", "-b", f"127.0.0.1:{port}", "--timeout", "120"]
        + ["--log-level", "warning", "ats.wsgi:application"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    try:
        pid = _worker_pid(server.pid)
        deadline = time.monotonic() + 60
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                for url in urls:
                    _get(conn, url, session_cookie)
                break
            except (ConnectionError, OSError):
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.3)
        warm = _status_mb(pid, "VmRSS")
        seconds: dict[str, list[float]] = {url: [] for url in urls}
        for _ in range(times):
            for url in urls:
                seconds[url].append(_get(conn, url, session_cookie))
        ms = {url: statistics.median(s) * 1000 for url, s in seconds.items()}
        return WorkerMemory(warm, _status_mb(pid, "VmRSS"), _status_mb(pid, "VmHWM"), times, ms)
    finally:
        server.terminate()
        server.wait(timeout=30)
