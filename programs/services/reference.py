"""Programmes, their categories and checklist templates: reference data HR edits."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ats.actors import Actor, require_hr
from ats.errors import DomainError, full_clean
from ats.i18n.names import translate_name
from programs.models import DocumentRequirement, Programme, ProgrammeCategory


@transaction.atomic
def programme_save(*, actor: Actor, programme: Programme | None = None, **fields: Any) -> Programme:
    """Create or change a programme (its eligibility rules are its fields)."""
    require_hr(actor, _("edit the programmes"))
    programme = programme or Programme()
    for name, value in fields.items():
        setattr(programme, name, value)
    full_clean(programme)
    programme.save()
    return programme


@transaction.atomic
def programme_category_save(
    *, actor: Actor, category: ProgrammeCategory | None = None, **fields: Any
) -> ProgrammeCategory:
    """Create or change a category of a programme."""
    require_hr(actor, _("edit the programmes"))
    category = category or ProgrammeCategory()
    for name, value in fields.items():
        setattr(category, name, value)
    full_clean(category)
    category.save()
    return category


@transaction.atomic
def document_requirement_save(
    *, actor: Actor, requirement: DocumentRequirement | None = None, **fields: Any
) -> DocumentRequirement:
    """Create or change a line of a programme's checklist template (a category narrows it)."""
    require_hr(actor, _("edit the programmes"))
    requirement = requirement or DocumentRequirement()
    for name, value in fields.items():
        setattr(requirement, name, value)
    if requirement.category is not None and requirement.category.programme_id != (
        requirement.programme_id
    ):
        raise DomainError(_("The category belongs to another programme."), field="category")
    full_clean(requirement)
    requirement.save()
    return requirement


def check_category(programme: Programme | None, category: ProgrammeCategory | None) -> None:
    """A category is one of its programme's (a case's, a funding application's)."""
    if category is not None and (programme is None or category.programme_id != programme.pk):
        raise DomainError(
            _("The category “%(category)s” is not one of the programme's.")
            % {"category": translate_name(category.name)},
            field="category",
        )
