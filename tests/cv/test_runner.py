"""The isolated runner: parses in a child process, never raises, never hangs."""

import io
import random

from reportlab.pdfgen import canvas

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


def _dense_pdf() -> bytes:
    """25 pages of small print: its parse needs memory the interpreter has not mapped yet (a
    one-page CV may fit in what the imports left free, whatever the cap)."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for page in range(25):
        pdf.setFont("Helvetica", 5)
        for line in range(120):
            pdf.drawString(40, 820 - line * 6.5, f"Line {line} of page {page}: remote sensing")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def test_memory_cap_reports_too_large():
    # 40 MB of address space holds the interpreter and pdfminer, not the parse of 25 pages.
    outcome = parse_cv_isolated(_dense_pdf(), memory_mb=40)
    assert outcome["status"] == "failed"
    assert outcome["reason"] in {"too large", "malformed PDF"}
