"""What each app holds on a candidate: how it is exported, how it is erased, what holds it.

The erasure and the subject-access export must cover every table, but `applications` must not
import the apps above it. So each app that stores something about a person registers a
`PersonalData` from its `AppConfig.ready()` (this app registers its own as well):

- `export(candidate)` returns a JSON-serialisable dict of everything the app holds on the
  person; it becomes the section `name` of the export's JSON;
- `files(candidate)` lists the person's original files (the export ZIP carries them);
- `erase(candidate)` removes the person from the app's tables and files, in the erasure's
  transaction, keeping the anonymous rows that statistics count (stage reached, dates, scores);
  files are removed with `delete_file_on_commit`, so a rolled-back erasure loses no file;
- `holds(candidates)` names, per candidate id, why the data must be kept (a legal hold such as
  an open foreign-expert case), one query for any number of candidates.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.files.storage import Storage
from django.db import transaction
from django.db.models import QuerySet
from django.db.models.fields.files import FieldFile

from applications.models import Candidate


@dataclass(frozen=True)
class ExportFile:
    """One original file of the person: where it goes in the ZIP, and where it is stored."""

    name: str
    file: FieldFile


def _no_files(candidate: Candidate) -> list[ExportFile]:
    return []


def _no_holds(candidates: QuerySet[Candidate]) -> dict[int, str]:
    return {}


@dataclass(frozen=True)
class PersonalData:
    name: str
    export: Callable[[Candidate], dict[str, Any]]
    erase: Callable[[Candidate], None]
    files: Callable[[Candidate], list[ExportFile]] = field(default=_no_files)
    holds: Callable[[QuerySet[Candidate]], dict[int, str]] = field(default=_no_holds)


_holders: dict[str, PersonalData] = {}


def register_personal_data(holder: PersonalData) -> None:
    """Called from the owning app's `AppConfig.ready()`; one holder per name."""
    _holders[holder.name] = holder


def holders() -> list[PersonalData]:
    return [_holders[name] for name in sorted(_holders)]


def legal_holds(candidates: QuerySet[Candidate]) -> dict[int, list[str]]:
    """Every registered reason to keep each of these candidates (only those with a reason)."""
    reasons: dict[int, list[str]] = {}
    for holder in holders():
        for candidate_id, reason in holder.holds(candidates).items():
            reasons.setdefault(candidate_id, []).append(reason)
    return reasons


def delete_file_on_commit(file: FieldFile | None) -> None:
    """Remove a stored file once the erasure has committed (a rollback keeps it)."""
    if not file or not file.name:
        return
    name: str = file.name
    storage: Storage = file.storage
    transaction.on_commit(lambda: storage.delete(name))


def delete_files_on_commit(files: Iterable[FieldFile | None]) -> None:
    for file in files:
        delete_file_on_commit(file)
