"""The applicants' CVs: generated PDFs attached to the applications, parsed like real ones."""

import contextlib
import hashlib
import json
import os
import random
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings

from applications import services
from applications.cv import runner
from applications.models import Application, CVDocument

if TYPE_CHECKING:
    from demo.cv_samples import CVProfile

MAX_WORKERS = 8  # parse processes at most (one per core below that)
CACHE_DIR = Path(settings.BASE_DIR) / "var" / "cv-parse-cache"  # safe to delete
PARSER_DIR = Path(runner.__file__).resolve().parent


def _random_profile(application: Application, rng: random.Random) -> "CVProfile":
    from demo import cv_samples

    candidate = application.candidate
    code = candidate.nationality.code
    return cv_samples.random_profile(
        rng,
        name=candidate.full_name,
        email=candidate.email,
        nationality=code if code in cv_samples.PEOPLE else None,
        created=application.submitted_at.date(),
    )


def attach_cvs(
    applications: list[Application],
    rng: random.Random,
    *,
    profile_for: "Callable[[Application, random.Random], CVProfile]" = _random_profile,
    layouts: list[str] | None = None,
) -> list[int]:
    """A generated, realistic CV for every applicant, in varied layouts; returns the CV ids.

    `profile_for` writes the applicant's story (a random one by default)."""
    from demo import cv_samples

    if layouts is None:
        layouts = [layout for layout in cv_samples.LAYOUTS if layout != "no_contact"]
    cv_ids = []
    for application in applications:
        candidate = application.candidate
        profile = profile_for(application, rng)
        profile.phone = candidate.phone
        # English CVs: the generator writes Chinese-language CVs under a Chinese-script name of
        # its own, which would not be this candidate's.
        pdf = cv_samples.render_cv(
            profile, layout=rng.choice(layouts), created=application.submitted_at.date()
        )
        slug = "-".join(candidate.full_name.split()).lower()
        cv = services.cv_attach(
            application=application, name=f"CV-{slug}.pdf", data=pdf, enqueue_parse=False
        )
        cv_ids.append(cv.pk)
    return cv_ids


def parse_cvs(
    cv_ids: list[int], progress: Callable[[str], None], *, cache_dir: Path | None = None
) -> None:
    """Parse the demo's CVs here, in a pool of processes (one per core), and record each
    through the same service as the parse task. A parse of the same bytes by the same parser
    is read from `cache_dir` (var/cv-parse-cache/, safe to delete) instead of made again.

    The demo's files are its own, so the pool runs the parser without the task's time and
    memory limits; the outcome is the child process's, through JSON, as the task records it.
    """
    cache = ParseCache(cache_dir or CACHE_DIR)
    cvs = CVDocument.objects.select_related("application__candidate").in_bulk(cv_ids)
    inputs = {cv_id: _parse_input(cvs[cv_id]) for cv_id in cv_ids}
    keys = {cv_id: cache.key(cvs[cv_id].sha256, *inputs[cv_id][1:]) for cv_id in cv_ids}
    known = {cv_id: cache.get(keys[cv_id]) for cv_id in cv_ids}
    todo = [cv_id for cv_id in cv_ids if known[cv_id] is None]
    total = len(cv_ids)
    reused = total - len(todo)
    if reused:
        progress(f"  {reused} of {total} CVs read from the parse cache ({cache.root})")
    with _pool(len(todo)) as pool:
        pending = {cv_id: pool.submit(runner.parse_outcome_plain, *inputs[cv_id]) for cv_id in todo}
        for done, cv_id in enumerate(cv_ids, start=1):
            outcome = known[cv_id]
            if outcome is None:
                outcome = pending[cv_id].result()
                cache.put(keys[cv_id], outcome)
            services.cv_parse_record(cv_id=cv_id, result=outcome)
            if done % 10 == 0 or done == total:
                progress(f"  parsing CVs {done}/{total}")


def _parse_input(cv: CVDocument) -> tuple[bytes, str, str | None, int]:
    with cv.file.open("rb") as handle:
        data = handle.read()
    return data, cv.content_type, services.cv_parse_region(cv), settings.CV_OCR_MAX_PAGES


def _pool(jobs: int) -> ProcessPoolExecutor:
    # Spawned, not forked: the loader holds database connections and may run threads.
    workers = max(1, min(os.cpu_count() or 1, MAX_WORKERS, jobs))
    return ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"))


class ParseCache:
    """Parse outcomes as JSON files named by the sha256 of the CV's bytes, the parse's inputs
    and the parser's own source (a changed parser misses every entry)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        digest = hashlib.sha256()
        for path in sorted(PARSER_DIR.rglob("*")):
            if path.is_file() and path.suffix != ".pyc":
                digest.update(str(path.relative_to(PARSER_DIR)).encode() + b"\0")
                digest.update(path.read_bytes())
        self.parser = digest.hexdigest()

    def key(self, sha256: str, content_type: str, region: str | None, ocr_pages: int) -> str:
        text = "\x1f".join([self.parser, sha256, content_type, region or "", str(ocr_pages)])
        return hashlib.sha256(text.encode()).hexdigest()

    def get(self, key: str) -> dict[str, Any] | None:
        try:
            outcome = json.loads((self.root / f"{key}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return outcome if isinstance(outcome, dict) and "status" in outcome else None

    def put(self, key: str, outcome: dict[str, Any]) -> None:
        with contextlib.suppress(OSError):  # a cache that cannot be written is only slower
            self.root.mkdir(parents=True, exist_ok=True)
            part = self.root / f"{key}.{os.getpid()}.part"
            part.write_text(json.dumps(outcome, ensure_ascii=False), encoding="utf-8")
            part.replace(self.root / f"{key}.json")
