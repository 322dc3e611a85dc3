"""CV files for tests, from the same generator as the labelled corpus."""

import datetime as dt
import io
import random
import zipfile
from functools import cache

from django.core.files.uploadedfile import SimpleUploadedFile

from demo import cv_samples


@cache
def good_pdf(seed: int = 7, *, with_email: bool = True) -> bytes:
    profile = cv_samples.random_profile(random.Random(seed), nationality="DE")
    if not with_email:
        profile.email = None
    return cv_samples.render_cv(profile, layout="single", created=dt.date(2026, 11, 1))


def docx(text: str = "Anna Müller\nanna@example.org\nExperience\nResearcher 2015 - 2020") -> bytes:
    body = "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in text.splitlines())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "word/document.xml",
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body>{body}</w:body></w:document>",
        )
    return buffer.getvalue()


def upload(data: bytes, name: str = "cv.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")
