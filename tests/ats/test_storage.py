"""Private files: the safe name a download gets (ats.storage.safe_filename)."""

import pytest

from ats.storage import safe_filename


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Lebenslauf Müller (final).pdf", "Lebenslauf Muller _final.pdf"),
        ("../../etc/passwd", "passwd.pdf"),
        ("C:\\Users\\x\\cv.docx", "cv.pdf"),
        ('evil"; filename="x.html', "evil_ filename_x.pdf"),
        ("line\r\nSet-Cookie: a=b", "line_Set-Cookie_ a_b.pdf"),
        ("简历", "cv.pdf"),
        ("", "cv.pdf"),
        ("a" * 300, "a" * 100 + ".pdf"),
    ],
)
def test_a_download_name_is_ascii_without_folders_quotes_or_control_characters(name, expected):
    assert safe_filename(name, default="cv", extension=".pdf") == expected
