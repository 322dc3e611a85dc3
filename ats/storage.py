"""Private file storage: under MEDIA_ROOT, never served by URL, read only through views (the
response that hands a file out, with a safe name, is `private_file_response`)."""

import re
import unicodedata
from pathlib import PurePath
from typing import IO

from django.core.files.storage import FileSystemStorage
from django.http import FileResponse


class PrivateStorage(FileSystemStorage):
    """MEDIA_ROOT is read at use (so settings overrides apply); files have no public URL."""

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no URL; serve them through a permission-checked view.")


private_storage = PrivateStorage()


def safe_filename(name: str, *, default: str, extension: str = "") -> str:
    """A download's file name from one a user chose: the stem only (no folders), ASCII, no
    quotes or control characters, at most 100 characters, with our own extension."""
    stem = PurePath((name or "").replace("\\", "/")).stem
    stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^A-Za-z0-9._ -]+", "_", stem).strip(" ._-")[:100]
    return f"{stem or default}{extension}"


def private_file_response(
    handle: IO[bytes], *, content_type: str, filename: str, inline: bool = False
) -> FileResponse:
    """A stored file for a view that has checked the user may read it: an attachment (RFC 6266,
    `filename` made safe by `safe_filename`) unless `inline`, and never run as a page of ours
    (the type was sniffed at upload; whatever the browser renders runs sandboxed)."""
    response = FileResponse(
        handle, content_type=content_type, as_attachment=not inline, filename=filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; frame-ancestors 'self'"
    response["X-Frame-Options"] = "SAMEORIGIN"  # HR's pages frame an inline PDF
    response["Cache-Control"] = "private, no-store"
    return response
