"""The isolated runner: parses in a child process, never raises, never hangs."""

import random

from applications.cv.runner import parse_cv_isolated
from demo.cv_samples import random_profile, render_cv


def _good_pdf() -> bytes:
    rng = random.Random(12)  # noqa: S311 - sample data
    return render_cv(random_profile(rng, nationality="BR"), layout="single")


def test_good_cv_is_parsed_with_result_and_page_count():
    outcome = parse_cv_isolated(_good_pdf())
    assert outcome["status"] == "parsed"
    assert outcome["page_count"] >= 1
    assert outcome["result"]["email"]["value"]


def test_tiny_timeout_kills_the_child_and_reports_timed_out():
    assert parse_cv_isolated(_good_pdf(), timeout_s=0.01) == {
        "status": "failed",
        "reason": "timed out",
    }


def test_memory_cap_reports_too_large():
    # 40 MB of address space cannot even hold the interpreter and pdfminer.
    outcome = parse_cv_isolated(_good_pdf(), memory_mb=40)
    assert outcome["status"] == "failed"
    assert outcome["reason"] in {"too large", "malformed PDF"}
