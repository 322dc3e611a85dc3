"""A case's document checklist: lines from the programme's template, their status, their files."""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ats.actors import Actor, require_hr
from ats.errors import DomainError, full_clean
from ats.i18n.names import translate_name
from programs.models import (
    CaseDocument,
    CaseEvent,
    DocumentRequirement,
    DocumentStatus,
    ExpertCase,
    LegalisationKind,
)
from programs.services.base import audit, changed_fields, lock_case, refuse_unknown

DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
# Scans and PDFs only; the type is read from the file's first bytes, never from its name.
DOCUMENT_SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
}

DOCUMENT_FIELDS = ("status", "legalisation_kind", "issued_on", "expires_on", "notes")


def checklist_sync(case: ExpertCase) -> int:
    """Add the checklist lines of the case's programme and category that it does not have yet.

    Lines are never removed here: a document already received stays on the case.
    """
    if case.programme_id is None:
        return 0
    requirements = DocumentRequirement.objects.filter(programme_id=case.programme_id)
    have = set(case.documents.values_list("code", flat=True))
    new = [
        CaseDocument(
            case=case,
            requirement=r,
            code=r.code,
            name=r.name,
            required=r.required,
            authentication=r.authentication,
            position=r.position,
        )
        for r in requirements.order_by("position", "id")
        if r.code not in have and (r.category_id is None or r.category_id == case.category_id)
    ]
    CaseDocument.objects.bulk_create(new)
    return len(new)


def _check_document(document: CaseDocument) -> None:
    if document.status == DocumentStatus.LEGALISED and document.legalisation_kind not in (
        LegalisationKind.APOSTILLE,
        LegalisationKind.CONSULAR,
    ):
        raise DomainError(
            _("Say how the document was legalised: apostille or consulate."),
            code="legalisation_kind_missing",
            field="legalisation_kind",
        )


def case_document_update(
    *, document: CaseDocument, actor: Actor, at: datetime | None = None, **fields: Any
) -> CaseDocument:
    """Change a checklist line: its status (missing / received / legalised / verified /
    rejected), how it was legalised, its dates. Side effects: a CaseEvent."""
    require_hr(actor, _("change a case's documents"))
    refuse_unknown(fields, DOCUMENT_FIELDS)
    with transaction.atomic():
        case = lock_case(document.case)
        current = CaseDocument.objects.get(pk=document.pk)
        if fields.get("status") == DocumentStatus.VERIFIED and not fields.get(
            "legalisation_kind", current.legalisation_kind
        ):
            fields["legalisation_kind"] = LegalisationKind.VERIFICATION
        changed = changed_fields(current, fields)
        if not changed:
            return current
        _check_document(current)
        full_clean(current, exclude=["case", "file"])
        current.save(update_fields=[*changed, "updated_at"])
        audit(
            case,
            kind=CaseEvent.Kind.DOCUMENT,
            actor=actor,
            summary=lambda: _("%(name)s: %(status)s")
            % {
                "name": translate_name(current.name),
                "status": current.get_status_display().lower(),
            },
            at=at,
        )
    return current


def _free_code(case: ExpertCase, name: str) -> str:
    """A checklist code made from the name that the case does not use yet."""
    base = slugify(name)[:30] or "document"
    code, n = base, 1
    taken = set(case.documents.values_list("code", flat=True))
    while code in taken:
        n += 1
        code = f"{base}-{n}"
    return code


def case_document_add(
    *,
    case: ExpertCase,
    actor: Actor,
    name: str,
    required: bool = False,
    authentication: str = "none",
    at: datetime | None = None,
) -> CaseDocument:
    """An extra checklist line that the programme's template does not have. Side effects: a
    CaseEvent."""
    require_hr(actor, _("change a case's documents"))
    name = name.strip()
    if not name:
        raise DomainError(_("The document needs a name."), field="name")
    with transaction.atomic():
        current = lock_case(case)
        position = 1 + max(current.documents.values_list("position", flat=True), default=0)
        document = CaseDocument(
            case=current,
            code=_free_code(current, name),
            name=name,
            required=required,
            authentication=authentication,
            position=position,
        )
        full_clean(document, exclude=["case", "file"])
        document.save()
        audit(
            current,
            kind=CaseEvent.Kind.DOCUMENT,
            actor=actor,
            summary=lambda: _("%(name)s added to the checklist") % {"name": translate_name(name)},
            at=at,
        )
    return document


def _sniff(head: bytes) -> str | None:
    return next((kind for sig, kind in DOCUMENT_SIGNATURES.items() if head.startswith(sig)), None)


def _upload_type(uploaded: UploadedFile) -> str:
    """The content type of an acceptable upload (read from its first bytes), or a refusal."""
    size = uploaded.size or 0
    if size == 0:
        raise DomainError(_("The file is empty."), field="file")
    limit = getattr(settings, "PROGRAMS_DOCUMENT_MAX_BYTES", DOCUMENT_MAX_BYTES)
    if size > limit:
        raise DomainError(
            _("The file is larger than %(mb)s MB.") % {"mb": limit // (1024 * 1024)}, field="file"
        )
    uploaded.seek(0)
    content_type = _sniff(uploaded.read(16))
    uploaded.seek(0)
    if content_type is None:
        raise DomainError(_("Upload a PDF, JPEG or PNG file."), code="file_type", field="file")
    return content_type


def case_document_attach(
    *, document: CaseDocument, actor: Actor, uploaded: UploadedFile
) -> CaseDocument:
    """Store the scan of a document privately (PDF, JPEG or PNG, read from its first bytes).

    A missing document becomes received. Side effects: the replaced file is deleted after
    commit; a CaseEvent.
    """
    require_hr(actor, _("change a case's documents"))
    content_type = _upload_type(uploaded)
    with transaction.atomic():
        case = lock_case(document.case)
        current = CaseDocument.objects.get(pk=document.pk)
        old_name = current.file.name if current.file else ""
        current.file.save("upload", uploaded, save=False)
        current.original_name = (uploaded.name or "")[:255]
        current.content_type = content_type
        current.size = uploaded.size or 0
        update = ["file", "original_name", "content_type", "size", "updated_at"]
        if current.status == DocumentStatus.MISSING:
            current.status = DocumentStatus.RECEIVED
            update.append("status")
        current.save(update_fields=update)
        if old_name:
            storage = current.file.storage
            transaction.on_commit(lambda: storage.delete(old_name))
        audit(
            case,
            kind=CaseEvent.Kind.DOCUMENT,
            actor=actor,
            summary=lambda: _("%(name)s: file uploaded") % {"name": translate_name(current.name)},
        )
    return current
