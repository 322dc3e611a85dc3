"""Runs the CV parser in a separate, memory-capped, time-limited process; never raises or hangs."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess  # noqa: S404 - we run our own module with a fixed argv, no shell
import sys
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
MALFORMED = "malformed PDF"


def parse_cv_isolated(
    data: bytes,
    *,
    timeout_s: float = 30,
    memory_mb: int = 512,
    content_type: str = "application/pdf",
    default_region: str | None = None,
    ocr_max_pages: int = 5,
) -> dict[str, Any]:
    """Parse `data` in a child process and return a plain dict.

    {"status": "parsed", "result": ParsedCV.as_dict(), "page_count": n, "extra": {...}} or
    {"status": "failed", "reason": "..."}; "extra" says where the text came from ("source":
    "text" or "ocr"). A scan is OCR'd in the same child, under the same limits, at most
    `ocr_max_pages` pages (0: never). A subprocess rather than multiprocessing, because
    Celery's prefork workers are daemonic and may not start multiprocessing children.
    """
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    try:
        proc = subprocess.Popen(  # noqa: S603 - fixed argv, our own interpreter and module
            [
                sys.executable,
                "-m",
                "applications.cv.runner",
                str(int(memory_mb)),
                content_type,
                default_region or "",
                str(max(0, int(ocr_max_pages))),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=str(REPO_ROOT),
            env=env,
            start_new_session=True,
        )
    except OSError:
        return {"status": "failed", "reason": MALFORMED}
    try:
        out, _ = proc.communicate(input=data, timeout=timeout_s)
    except subprocess.TimeoutExpired:
        _kill(proc)
        return {"status": "failed", "reason": "timed out"}
    except Exception:  # a broken pipe when the child died before reading its input
        _kill(proc)
        return {"status": "failed", "reason": MALFORMED}
    if proc.returncode != 0:
        return {"status": "failed", "reason": MALFORMED}
    try:
        result = json.loads(out)
    except ValueError:
        return {"status": "failed", "reason": MALFORMED}
    if not isinstance(result, dict) or result.get("status") not in {"parsed", "failed"}:
        return {"status": "failed", "reason": MALFORMED}
    return result


def _kill(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except OSError:
        proc.kill()
    # The child is already killed; reaping it must not raise either.
    with contextlib.suppress(Exception):
        proc.communicate(timeout=5)


def _child(
    memory_mb: int, content_type: str, default_region: str | None, ocr_max_pages: int
) -> dict[str, Any]:
    """Runs in the child: read stdin, cap memory, parse, describe the outcome as a dict."""
    import resource

    data = sys.stdin.buffer.read()
    limit = memory_mb * 1024 * 1024
    # Already lower, or not permitted: keep whatever limit we have.
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    return parse_outcome(data, content_type, default_region, ocr_max_pages)


def parse_outcome(
    data: bytes, content_type: str, default_region: str | None, ocr_max_pages: int
) -> dict[str, Any]:
    """The parse of `data` described as a dict, as `parse_cv_isolated` returns it once it has
    been through JSON (in the caller's process, without the child's limits: for trusted
    files, e.g. the demo's own, parsed by a pool of processes)."""
    from applications.cv import CVParseError, parse_cv_file

    try:
        parsed = parse_cv_file(
            data, content_type, default_region=default_region, ocr_max_pages=ocr_max_pages
        )
        return {
            "status": "parsed",
            "result": parsed.as_dict(),
            "page_count": parsed.page_count,
            "extra": parsed.extra,
        }
    except CVParseError as error:
        return {"status": "failed", "reason": error.reason}
    except MemoryError:
        return {"status": "failed", "reason": "too large"}
    except Exception:  # hostile PDFs raise anything from deep inside pdfminer
        return {"status": "failed", "reason": MALFORMED}


def parse_outcome_plain(
    data: bytes, content_type: str, default_region: str | None, ocr_max_pages: int
) -> dict[str, Any]:
    """`parse_outcome` through JSON, as the child's answer arrives (tuples become lists)."""
    outcome = parse_outcome(data, content_type, default_region, ocr_max_pages)
    plain: dict[str, Any] = json.loads(json.dumps(outcome, ensure_ascii=False))
    return plain


def main() -> None:
    memory_mb = int(sys.argv[1]) if len(sys.argv) > 1 else 512
    content_type = sys.argv[2] if len(sys.argv) > 2 else "application/pdf"
    region = (sys.argv[3] if len(sys.argv) > 3 else "") or None
    ocr_max_pages = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    outcome = _child(memory_mb, content_type, region, ocr_max_pages)
    try:
        payload = json.dumps(outcome, ensure_ascii=False)
    except MemoryError:
        payload = json.dumps({"status": "failed", "reason": "too large"})
    sys.stdout.write(payload)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
