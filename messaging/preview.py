"""The context a template is previewed with: a real application's values where the kind has
them, the placeholder's description in brackets where it does not (a date, a room)."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

from applications.models import Application, applicant_facing_status
from applications.services.notifications import applicant_context
from ats.i18n.names import translate_name
from messaging.kinds import KINDS


def preview_context(*, kind: str, language: str, application: Application | None) -> dict[str, str]:
    spec = KINDS[kind]
    with translation.override(language):
        context = {name: f"[{description}]" for name, description in spec.placeholders.items()}
        context["organisation"] = settings.ORGANISATION_NAME
        if application is not None and spec.to_applicant:
            context |= applicant_context(application)
            context["stage"] = translate_name(application.stage.name)
            context["status"] = applicant_facing_status(application.stage.kind, application.status)
            if application.rejection_reason is not None:
                context["reason"] = translate_name(application.rejection_reason.label)
    return {name: value for name, value in context.items() if name in spec.placeholders}
