"""Scanned CVs: read with Tesseract where it is installed, refused plainly where it is not."""

import random
import unicodedata
from datetime import date

import pytest

from applications.cv import CVParseError, ocr, parse_cv
from applications.cv.runner import parse_cv_isolated
from demo.cv_samples import image_only_copy, random_profile, render_cv

needs_tesseract = pytest.mark.skipif(not ocr.available(), reason="Tesseract is not installed")
NO_TEXT = "no text layer (scanned image)"


def _fold(text: str | None) -> str:
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _text_cv(seed: int = 3) -> tuple[object, bytes]:
    profile = random_profile(random.Random(seed), nationality="GB")  # noqa: S311
    return profile, render_cv(profile, layout="single", created=date(2023, 4, 1))


@needs_tesseract
def test_image_only_copy_of_a_text_cv_gives_the_same_email_and_name():
    profile, data = _text_cv()
    original = parse_cv(data)
    scanned = parse_cv(image_only_copy(data))
    assert scanned.value("email") == original.value("email") == profile.email
    # OCR without the accents' language data may drop a diacritic: compare as HR would.
    assert _fold(scanned.value("name")) == _fold(original.value("name"))
    assert scanned.extra["source"] == "ocr"
    assert scanned.fields["text"].source.startswith("OCR (Tesseract)")
    assert scanned.fields["email"].confidence < original.fields["email"].confidence


@needs_tesseract
def test_scan_is_read_in_the_runners_child_process_and_says_so():
    profile, data = _text_cv(seed=5)
    outcome = parse_cv_isolated(image_only_copy(data), timeout_s=120, memory_mb=768)
    assert outcome["status"] == "parsed"
    assert outcome["extra"]["source"] == "ocr"
    assert outcome["result"]["email"]["value"] == profile.email


@needs_tesseract
def test_no_more_than_the_configured_number_of_pages_is_read():
    _, data = _text_cv(seed=8)
    scan = image_only_copy(_three_pages(data))
    parsed = parse_cv(scan, ocr_max_pages=1)
    assert parsed.extra["ocr_pages"] == 1
    assert parsed.extra["ocr_pages_total"] == 3


def _three_pages(data: bytes) -> bytes:
    import io

    import pypdfium2  # a product dependency: it renders the scans for Tesseract

    document = pypdfium2.PdfDocument(data)
    for _ in range(2):
        document.import_pages(pypdfium2.PdfDocument(data))
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_scan_without_tesseract_keeps_the_no_text_layer_reason(monkeypatch):
    _, data = _text_cv()
    monkeypatch.setattr(ocr, "tesseract", lambda: None)
    with pytest.raises(CVParseError) as error:
        parse_cv(image_only_copy(data))
    assert error.value.reason == NO_TEXT


def test_scan_without_tesseract_through_the_runner(monkeypatch):
    _, data = _text_cv()
    # The child finds programs on PATH; without Tesseract on it, the scan stays unread.
    monkeypatch.setenv("PATH", "/nonexistent")
    assert parse_cv_isolated(image_only_copy(data)) == {"status": "failed", "reason": NO_TEXT}


def test_ocr_turned_off_keeps_the_no_text_layer_reason():
    _, data = _text_cv()
    with pytest.raises(CVParseError) as error:
        parse_cv(image_only_copy(data), ocr_max_pages=0)
    assert error.value.reason == NO_TEXT


def test_tesseract_words_become_rows_with_cjk_joined_and_cells_apart():
    tsv = "\t".join(
        ["level", "page_num", "block_num", "par_num", "line_num", "word_num"]
        + ["left", "top", "width", "height", "conf", "text"]
    )
    words = [
        (100, "教育"),
        (160, "经"),
        (190, "历"),
        (1200, "2019.09"),
    ]
    for n, (left, text) in enumerate(words, 1):
        cells = [5, 1, 1, 1, 1, n, left, 300, 50, 40, 90, text]
        tsv += "\n" + "\t".join(str(c) for c in cells)
    lines = ocr._tsv_lines(tsv)
    assert [ln.text for ln in lines] == ["教育经历", "2019.09"]
    assert lines[0].top == pytest.approx(300 * 72 / ocr.DPI)


@pytest.mark.django_db
def test_the_parse_service_passes_the_ocr_page_limit_setting(settings, tmp_path, monkeypatch):
    import hashlib

    from django.core.files.base import ContentFile

    from applications import services
    from applications.cv import runner
    from applications.models import CVDocument
    from tests.factories import make_application

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CV_OCR_MAX_PAGES = 2
    calls = []

    def fake_runner(data, **kwargs):
        calls.append(kwargs)
        return {"status": "failed", "reason": NO_TEXT}

    monkeypatch.setattr(runner, "parse_cv_isolated", fake_runner)
    data = b"%PDF-1.4 scan"
    cv = CVDocument.objects.create(
        application=make_application(),
        file=ContentFile(data, name="upload"),
        original_name="scan.pdf",
        content_type="application/pdf",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    services.cv_parse(cv_id=cv.pk)
    assert calls[0]["ocr_max_pages"] == 2
