"""Private file storage: under MEDIA_ROOT, never served by URL, read only through views."""

from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """MEDIA_ROOT is read at use (so settings overrides apply); files have no public URL."""

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no URL; serve them through a permission-checked view.")


private_storage = PrivateStorage()
