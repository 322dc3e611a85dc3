"""What every action on a case does: lock the case row, refuse unknown fields, one audit row."""

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ats.actors import Actor, acting_user
from ats.errors import DomainError
from programs.models import CaseEvent, ExpertCase


def audit(
    case: ExpertCase,
    *,
    kind: str,
    actor: Actor,
    summary: Callable[[], str] | None = None,
    reason: str = "",
    from_status: str = "",
    to_status: str = "",
    at: datetime | None = None,
) -> CaseEvent:
    """One row of the case's append-only history (the user column is empty when no person on
    the staff acted). `summary` writes the line in the active language; it is called once in
    each language of the site, so that every reader sees the history in theirs."""
    summaries = {}
    if summary is not None:
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                summaries[language] = summary()[:300]
    # `summary` keeps the line as written, in the actor's language (the API's field).
    written = summaries.get(translation.get_language() or "") or summaries.get(
        settings.LANGUAGE_CODE, ""
    )
    return CaseEvent.objects.create(
        case=case,
        kind=kind,
        actor=acting_user(actor),
        summary=written,
        summaries=summaries,
        reason=reason,
        from_status=from_status,
        to_status=to_status,
        at=at or timezone.now(),
    )


def lock_case(case: ExpertCase) -> ExpertCase:
    """The case row, locked until the end of the transaction: every change to a case or to one of
    its parts takes this lock first, so two requests never interleave on one case."""
    return ExpertCase.objects.select_for_update().get(pk=case.pk)


def refuse_unknown(fields: Iterable[str], allowed: Iterable[str]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise DomainError(_("Unknown field: %(f)s") % {"f": ", ".join(sorted(unknown))})


def changed_fields(instance: models.Model, fields: Mapping[str, Any]) -> list[str]:
    """The names of `fields` whose value differs from the instance's, set on it."""
    changed = [name for name, value in fields.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, fields[name])
    return changed
