"""Bad files are refused with a plain reason, directly and through the isolated runner."""

import pytest

from applications.cv import CVParseError, parse_cv, parse_cv_file
from applications.cv.runner import parse_cv_isolated
from demo import cv_samples

BAD_FILES = {
    "empty file": lambda: b"",
    "not a PDF": cv_samples.not_a_pdf,
    "encrypted": cv_samples.encrypted_pdf,
    "no text layer (scanned image)": cv_samples.image_only_pdf,
    "malformed PDF": cv_samples.truncated_pdf,
}


# With OCR turned off, a scan is refused as it always was; tests/cv/test_ocr.py reads them.
@pytest.mark.parametrize("reason", sorted(BAD_FILES))
def test_parse_cv_refuses_bad_file_with_plain_reason(reason):
    with pytest.raises(CVParseError) as error:
        parse_cv(BAD_FILES[reason](), ocr_max_pages=0)
    assert error.value.reason == reason


@pytest.mark.parametrize("reason", sorted(BAD_FILES))
def test_isolated_runner_reports_the_same_reason(reason):
    outcome = parse_cv_isolated(BAD_FILES[reason](), ocr_max_pages=0)
    assert outcome == {"status": "failed", "reason": reason}


def test_recursion_bomb_is_a_malformed_pdf_not_a_crash():
    with pytest.raises(CVParseError) as error:
        parse_cv(cv_samples.deeply_nested_pdf())
    assert error.value.reason == "malformed PDF"


def test_recursion_bomb_through_the_runner_is_a_malformed_pdf():
    assert parse_cv_isolated(cv_samples.deeply_nested_pdf())["reason"] == "malformed PDF"


def test_more_than_thirty_pages_is_refused():
    import io

    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    canvas = Canvas(buf)
    for n in range(31):
        canvas.drawString(72, 720, f"Page {n} of a very long document with enough text on it")
        canvas.showPage()
    canvas.save()
    with pytest.raises(CVParseError) as error:
        parse_cv(buf.getvalue())
    assert error.value.reason == "too many pages"


def test_random_bytes_after_a_pdf_header_are_malformed():
    with pytest.raises(CVParseError) as error:
        parse_cv(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    assert error.value.reason == "malformed PDF"


def test_broken_word_document_is_a_malformed_file():
    with pytest.raises(CVParseError) as error:
        parse_cv_file(cv_samples.not_a_pdf(), "application/octet-stream")
    assert error.value.reason == "malformed file"


def test_word_document_is_parsed_through_parse_cv_file():
    import io
    import zipfile

    body = "".join(
        f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>"
        for line in (
            "Jane Example",
            "jane@example.org",
            "Experience",
            "Programme Officer  01/2019 - 12/2020",
            "Education",
            "MSc in Ecology 2018",
        )
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("word/document.xml", f"<w:document><w:body>{body}</w:body></w:document>")
    parsed = parse_cv_file(
        buf.getvalue(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert parsed.value("email") == "jane@example.org"
    assert parsed.value("years_experience") == 2.0
