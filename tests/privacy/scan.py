"""Look for a person everywhere: every text and JSON column of every table of every installed
app (new apps included, found through the app registry), and every file under MEDIA_ROOT."""

import hashlib
import json
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models


def _text_fields(model: type[models.Model]) -> list[str]:
    return [
        field.attname
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField | models.JSONField)
    ]


def columns_scanned() -> list[str]:
    return [
        f"{model._meta.label}.{name}"
        for model in apps.get_models(include_auto_created=True)
        for name in _text_fields(model)
    ]


def database_hits(needles: list[str]) -> list[str]:
    """`app.Model.column #pk` for every value that contains one of the needles (any case)."""
    folded = [needle.casefold() for needle in needles if needle]
    hits: list[str] = []
    for model in apps.get_models(include_auto_created=True):
        fields = _text_fields(model)
        if not fields:
            continue
        rows = model._default_manager.values_list("pk", *fields)
        for pk, *values in rows.iterator():
            for name, value in zip(fields, values, strict=True):
                if value is None:
                    continue
                text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                text = text.casefold()
                hits.extend(
                    f"{model._meta.label}.{name} #{pk}: {needle}"
                    for needle in folded
                    if needle in text
                )
    return hits


def media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def media_hits(needles: list[str], digests: frozenset[str] | set[str] = frozenset()) -> list[str]:
    """Files that contain a needle (as UTF-8 or UTF-16) or whose SHA-256 is one of `digests`."""
    hits: list[str] = []
    for path in media_files():
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() in digests:
            hits.append(f"{path}: same content as the person's file")
        for needle in needles:
            if needle and any(
                needle.encode(codec) in data for codec in ("utf-8", "utf-16-le", "utf-16-be")
            ):
                hits.append(f"{path}: {needle}")
    return hits
