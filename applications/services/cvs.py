"""CV files: private storage, parsing in a limited child process, HR's corrections."""

import hashlib
import io
import zipfile
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from functools import partial
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications import selectors
from applications.cv import entries, runner
from applications.models import DEGREE_ORDER, Application, CVDocument
from ats.actors import Actor, acting_user, actor_label, require_hr
from ats.errors import DomainError
from ats.queue import enqueue, enqueue_on_commit

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CV_TYPES = {PDF: "pdf", DOCX: "docx"}
SCALAR_FIELDS = ("name", "email", "phone", "highest_degree", "years_experience", "languages")
CORRECTABLE_FIELDS = (*SCALAR_FIELDS, *entries.LIST_FIELDS)


def sniff_content_type(data: bytes) -> str | None:
    """The document type from its bytes (never from the name the applicant gave it)."""
    if data[:1024].lstrip().startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError):
            return None
        if "word/document.xml" in names and "[Content_Types].xml" in names:
            return DOCX
    return None


def cv_upload_errors(cv_file: Any) -> tuple[bytes, str | None, list[str]]:
    """An uploaded CV's bytes and type, or why it is refused (read only within the limit)."""
    if cv_file is None:
        return b"", None, [_("Please attach your CV.")]
    if cv_file.size > settings.CV_MAX_BYTES:
        limit = round(settings.CV_MAX_BYTES / 1048576, 1)
        return b"", None, [_("The CV file is larger than %(mb)s MB.") % {"mb": limit}]
    data = cv_file.read()
    content_type = sniff_content_type(data)
    if not data:
        return data, None, [_("The CV file is empty.")]
    if content_type is None:
        message = _("The CV must be a PDF or a Word (.docx) document; this file is neither.")
        return data, None, [message]
    return data, content_type, []


PARSE_TASK = "applications.tasks.parse_cv_document"


def cv_requeue_pending(cutoff: datetime) -> int:
    """Re-enqueue the parse of CVs still waiting since before `cutoff` (their task was lost)."""
    pending = CVDocument.objects.filter(
        parse_status=CVDocument.ParseStatus.PENDING, uploaded_at__lt=cutoff
    ).values_list("pk", flat=True)
    return sum(enqueue(PARSE_TASK, cv_id) for cv_id in pending)


def cv_attach(
    *,
    application: Application,
    name: str,
    data: bytes,
    content_type: str | None = None,
    enqueue_parse: bool = True,
) -> CVDocument:
    """Store an application's CV privately (random file name, sha256, sniffed type).

    Side effect on commit: the parse task, unless `enqueue_parse` is False (the caller
    enqueues it, e.g. the demo loader with progress).
    """
    content_type = content_type or sniff_content_type(data)
    if content_type not in CV_TYPES:
        raise DomainError(_("The CV must be a PDF or a Word (.docx) document."), field="cv")
    cv = CVDocument(
        application=application,
        original_name=name[:255],
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    cv.file.save(f"cv.{CV_TYPES[content_type]}", ContentFile(data), save=False)
    try:
        cv.save()
    except BaseException:
        cv.file.storage.delete(cv.file.name)  # no orphan file when the row is not written
        raise
    if enqueue_parse:
        enqueue_on_commit(PARSE_TASK, cv.pk)
    return cv


# Other apps hear, after commit, that a CV was read (parsed or failed) or corrected: they get the
# CV's id (screening re-evaluates the application). This app never imports them.
CVListener = Callable[[int], None]
_cv_listeners: list[CVListener] = []


def register_cv_listener(listener: CVListener) -> None:
    """Called from the owning app's `AppConfig.ready()`."""
    if listener not in _cv_listeners:
        _cv_listeners.append(listener)


def _cv_changed(cv_id: int) -> None:
    for listener in _cv_listeners:
        transaction.on_commit(partial(listener, cv_id))


def _refresh_filter_fields(cv: CVDocument) -> None:
    """The indexed columns HR filters on, from the parsed values and the corrections."""
    values = {name: field["value"] for name, field in selectors.cv_fields(cv).items()}
    degree = values.get("highest_degree") or ""
    cv.highest_degree = degree if degree in DEGREE_ORDER else ""
    cv.degree_rank = DEGREE_ORDER.get(degree)
    years = values.get("years_experience")
    cv.years_experience = None if years is None else Decimal(str(round(float(years), 1)))
    langs = values.get("languages") or []
    names = [
        (item["language"] if isinstance(item, dict) else str(item)).strip().lower()
        for item in langs
    ]
    cv.languages = ("," + ",".join(n for n in names if n) + ",") if names else ""


def cv_parse_region(cv: CVDocument) -> str | None:
    """The region phones written without +CC are read in: the country the applicant lives in
    (needs the application's candidate loaded)."""
    return str(cv.application.candidate.country_of_residence or "") or None


def _read_and_parse(cv: CVDocument) -> dict[str, Any]:
    try:
        with cv.file.open("rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        return {"status": "failed", "reason": "file missing"}
    return runner.parse_cv_isolated(
        data,
        content_type=cv.content_type,
        default_region=cv_parse_region(cv),
        timeout_s=settings.CV_PARSE_TIMEOUT_SECONDS,
        memory_mb=settings.CV_PARSE_MEMORY_MB,
        ocr_max_pages=settings.CV_OCR_MAX_PAGES,
    )


def cv_parse(*, cv_id: int) -> CVDocument:
    """Read the CV in a child process with time and memory limits; record parsed or failed.

    Idempotent: the same file gives the same result; HR's corrections are never touched.
    """
    cv = CVDocument.objects.select_related("application__candidate").get(pk=cv_id)
    return cv_parse_record(cv_id=cv_id, result=_read_and_parse(cv))


def cv_parse_record(*, cv_id: int, result: dict[str, Any]) -> CVDocument:
    """Record the outcome of a parse (the dict `runner.parse_cv_isolated` answers) on the CV:
    its fields, text and filter columns, or the failure. Side effect on commit: the CV
    listeners."""
    with transaction.atomic():
        cv = CVDocument.objects.select_for_update().get(pk=cv_id)
        cv.parse_attempts += 1
        cv.parsed_at = timezone.now()
        if result["status"] == "parsed":
            parsed = dict(result["result"])
            cv.text = (parsed.pop("text", None) or {}).get("value") or ""
            cv.parsed = parsed
            cv.page_count = result.get("page_count")
            cv.parse_status, cv.parse_reason = CVDocument.ParseStatus.PARSED, ""
        else:
            cv.parse_status = CVDocument.ParseStatus.FAILED
            cv.parse_reason = str(result.get("reason") or "unknown error")[:200]
        _refresh_filter_fields(cv)
        cv.save()
        _cv_changed(cv.pk)
    return cv


def cv_parse_failed(*, cv_id: int, reason: str) -> None:
    """Record a parse that could not run at all (the task gave up), so HR sees it."""
    CVDocument.objects.filter(pk=cv_id).update(
        parse_status=CVDocument.ParseStatus.FAILED,
        parse_reason=reason[:200],
        parsed_at=timezone.now(),
    )


def cv_reparse_request(*, cv: CVDocument, actor: Actor) -> CVDocument:
    """HR asks to read the CV again (after a parser upgrade, or a failure)."""
    require_hr(actor, _("have CVs read again"))
    CVDocument.objects.filter(pk=cv.pk).update(parse_status=CVDocument.ParseStatus.PENDING)
    enqueue_on_commit(PARSE_TASK, cv.pk)
    cv.parse_status = CVDocument.ParseStatus.PENDING
    return cv


# What is wrong with an entry of a list field (applications.cv.entries.PROBLEMS), for people.
ENTRY_PROBLEMS = {
    "too_many_entries": gettext_lazy("Too many entries (%(max)d at most)."),
    "too_many_parts": gettext_lazy("Too many parts separated by “|” (the extra: “%(text)s”)."),
    "too_long": gettext_lazy("“%(text)s…” is too long."),
    "bad_date": gettext_lazy("Write the date as 2019-03 or 2019, not “%(text)s”."),
    "end_before_start": gettext_lazy("The end is before the start (%(text)s)."),
    "bad_internship": gettext_lazy("The last part is “internship” or nothing, not “%(text)s”."),
    "bad_level": gettext_lazy("The level is one of %(levels)s, not “%(text)s”."),
    "bad_year": gettext_lazy("Write the year with four digits, not “%(text)s”."),
    "bad_in_progress": gettext_lazy("The last part is “in progress” or nothing, not “%(text)s”."),
    "not_a_url": gettext_lazy("“%(text)s” is not a web address."),
    "not_http": gettext_lazy("Only http and https addresses are accepted, not “%(text)s”."),
    "not_an_entry": gettext_lazy("This entry has the wrong shape (%(text)s)."),
    "unknown_key": gettext_lazy("“%(text)s” is not a part of this field."),
}


def _entry_refusal(error: entries.EntryError, *, from_text: bool) -> DomainError:
    """The refusal of a list field's value, naming the line of the text (or the API's entry)."""
    problem = ENTRY_PROBLEMS[error.problem] % {
        "text": error.text,
        "levels": ", ".join(entries.level_words(translation.get_language() or "en")),
        "max": entries.MAX_ENTRIES,
    }
    where = _("Line %(n)d") if from_text else _("Entry %(n)d")
    message = _("%(where)s: %(problem)s") % {"where": where % {"n": error.line}, "problem": problem}
    return DomainError(message, field="value")


def _corrected_list(field: str, value: Any) -> list[Any]:
    """A list field's correction from HR's text or the API's list, in the parser's shape
    (nothing given: no entries)."""
    if value is None:
        return []
    if not isinstance(value, str | list):
        raise DomainError(_("Give the entries as text or as a list."), field="value")
    try:
        if isinstance(value, str):
            return entries.from_text(field, value)
        return entries.from_items(field, value)
    except entries.EntryError as error:
        raise _entry_refusal(error, from_text=isinstance(value, str)) from None


def _corrected_languages(value: Any) -> Any:
    """Names, comma-separated (or the API's list of names or {"language", "level"})."""
    if isinstance(value, str):
        value = [v for v in value.split(",") if v.strip()]
    if not isinstance(value, list):
        raise DomainError(_("Give the languages as names separated by commas."), field="value")
    result = []
    for item in value:
        name = item.get("language") if isinstance(item, dict) else item
        level = item.get("level") if isinstance(item, dict) else None
        if not isinstance(name, str) or not name.strip() or not isinstance(level, str | None):
            raise DomainError(_("Give the languages as names separated by commas."), field="value")
        result.append({"language": name.strip().title(), "level": level})
    return result


def _corrected_value(field: str, value: Any) -> Any:
    """The correction as stored, or a refusal naming what is wrong with it."""
    if field not in CORRECTABLE_FIELDS:
        raise DomainError(_("This field cannot be corrected."), field="field")
    if field in entries.LIST_FIELDS:
        return _corrected_list(field, value)
    if field == "languages" and value is not None:
        return _corrected_languages(value)
    if not isinstance(value, str | int | float | None) or isinstance(value, bool):
        raise DomainError(_("Give a single value."), field="value")
    if field == "highest_degree" and value not in (None, "", *DEGREE_ORDER):
        raise DomainError(_("Choose a degree level from the list."), field="value")
    if field == "years_experience" and value not in (None, ""):
        return _corrected_years(value)
    return value


def _corrected_years(value: Any) -> float:
    try:
        years = float(value)
    except (TypeError, ValueError):
        raise DomainError(_("Give the years as a number."), field="value") from None
    if not 0 <= years <= 70:
        raise DomainError(_("Years of experience must be between 0 and 70."), field="value")
    return years


@transaction.atomic
def cv_correct(*, cv: CVDocument, actor: Actor, field: str, value: Any) -> CVDocument:
    """HR corrects one parsed field; the correction is marked human-entered and kept."""
    require_hr(actor, _("correct CVs"), person=True)
    value = _corrected_value(field, value)
    cv = CVDocument.objects.select_for_update().get(pk=cv.pk)
    cv.corrections[field] = {
        "value": value,
        "by": getattr(acting_user(actor), "pk", None),
        "by_name": actor_label(actor),
        "at": timezone.now().isoformat(),
    }
    _refresh_filter_fields(cv)
    cv.save()
    _cv_changed(cv.pk)
    return cv


@transaction.atomic
def cv_correction_clear(*, cv: CVDocument, actor: Actor, field: str) -> CVDocument:
    """HR withdraws the correction of one field: the parser's value counts again."""
    require_hr(actor, _("correct CVs"), person=True)
    if field not in CORRECTABLE_FIELDS:
        raise DomainError(_("This field cannot be corrected."), field="field")
    cv = CVDocument.objects.select_for_update().get(pk=cv.pk)
    if cv.corrections.pop(field, None) is None:
        return cv
    _refresh_filter_fields(cv)
    cv.save()
    _cv_changed(cv.pk)
    return cv
