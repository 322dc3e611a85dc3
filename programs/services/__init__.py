"""Business actions on foreign-expert cases, one module per entity (`from programs import
services; services.case_move(...)` reaches them all)."""

from programs.services.cases import (
    CASE_FIELDS,
    case_move,
    case_open,
    case_open_for_stage_event,
    case_update,
)
from programs.services.documents import (
    DOCUMENT_FIELDS,
    DOCUMENT_MAX_BYTES,
    case_document_add,
    case_document_attach,
    case_document_update,
)
from programs.services.funding import (
    FUNDING_FIELDS,
    FUNDING_TRANSITIONS,
    funding_application_create,
    funding_application_move,
    funding_application_update,
)
from programs.services.immigration import (
    RECORD_FIELDS,
    immigration_record_create,
    immigration_record_update,
)
from programs.services.reference import (
    document_requirement_save,
    programme_category_save,
    programme_save,
)
from programs.services.reminders import reminder_recipients, reminders_send

__all__ = [
    "CASE_FIELDS",
    "DOCUMENT_FIELDS",
    "DOCUMENT_MAX_BYTES",
    "FUNDING_FIELDS",
    "FUNDING_TRANSITIONS",
    "RECORD_FIELDS",
    "case_document_add",
    "case_document_attach",
    "case_document_update",
    "case_move",
    "case_open",
    "case_open_for_stage_event",
    "case_update",
    "document_requirement_save",
    "funding_application_create",
    "funding_application_move",
    "funding_application_update",
    "immigration_record_create",
    "immigration_record_update",
    "programme_category_save",
    "programme_save",
    "reminder_recipients",
    "reminders_send",
]
