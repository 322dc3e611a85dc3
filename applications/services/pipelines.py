"""Pipeline templates: the stage lists that jobs copy, edited as data and exported as JSON."""

import json
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from applications import selectors
from applications.models import PipelineTemplate, PipelineTemplateStage, StageKind
from ats.actors import Actor, require_hr
from ats.errors import DomainError

PIPELINE_EXPORT_FORMAT = "ats.pipeline/1"


def validate_stage_list(stages: list[dict[str, Any]]) -> None:
    """A pipeline starts with `applied`, ends with `hired`, has each name once, known kinds."""
    if len(stages) < 2:
        raise DomainError(_("A pipeline needs at least two stages."), field="stages")
    names = [str(s.get("name", "")).strip() for s in stages]
    kinds = [s.get("kind", "") for s in stages]
    if any(not n for n in names):
        raise DomainError(_("Every stage needs a name."), field="stages")
    if len(set(names)) != len(names):
        raise DomainError(_("Stage names must be unique within a pipeline."), field="stages")
    unknown = [k for k in kinds if k not in StageKind.values]
    if unknown:
        raise DomainError(
            _("Unknown stage kind %(kind)s.") % {"kind": ", ".join(map(repr, unknown))},
            field="stages",
        )
    if kinds[0] != StageKind.APPLIED or kinds.count(StageKind.APPLIED) != 1:
        raise DomainError(_("A pipeline starts with exactly one “applied” stage."), field="stages")
    if kinds[-1] != StageKind.HIRED or kinds.count(StageKind.HIRED) != 1:
        raise DomainError(_("A pipeline ends with exactly one “hired” stage."), field="stages")


@transaction.atomic
def pipeline_template_save(
    *,
    actor: Actor,
    name: str,
    stages: list[dict[str, Any]],
    description: str = "",
    is_default: bool = False,
    template: PipelineTemplate | None = None,
) -> PipelineTemplate:
    """Create or replace a pipeline template; jobs already created keep their own copy."""
    require_hr(actor, _("edit pipeline templates"))
    validate_stage_list(stages)
    name = name.strip()
    if not name:
        raise DomainError(_("A pipeline template needs a name."), field="name")
    clash = PipelineTemplate.objects.filter(name=name)
    if template is not None:
        clash = clash.exclude(pk=template.pk)
    if clash.exists():
        raise DomainError(_("A pipeline template with this name exists."), field="name")
    if is_default:
        PipelineTemplate.objects.filter(is_default=True).update(is_default=False)
    if template is None:
        template = PipelineTemplate.objects.create(
            name=name, description=description, is_default=is_default
        )
    else:
        template.name, template.description, template.is_default = name, description, is_default
        template.save()
        template.stages.all().delete()
    PipelineTemplateStage.objects.bulk_create(
        PipelineTemplateStage(template=template, position=i, name=s["name"].strip(), kind=s["kind"])
        for i, s in enumerate(stages)
    )
    return template


def pipeline_template_export(*, template: PipelineTemplate) -> dict[str, Any]:
    return {
        "format": PIPELINE_EXPORT_FORMAT,
        "name": template.name,
        "description": template.description,
        "stages": [{"name": s.name, "kind": s.kind} for s in template.stages.order_by("position")],
    }


def pipeline_template_import(
    *, actor: Actor, data: dict[str, Any] | str | bytes
) -> PipelineTemplate:
    """Import an exported template; a template of the same name is replaced."""
    if isinstance(data, str | bytes):
        try:
            data = json.loads(data)
        except ValueError as exc:
            raise DomainError(_("The file is not valid JSON: %(e)s") % {"e": exc}) from exc
    if not isinstance(data, dict) or data.get("format") != PIPELINE_EXPORT_FORMAT:
        raise DomainError(
            _("This is not a pipeline export (expected format %(f)s).")
            % {"f": PIPELINE_EXPORT_FORMAT}
        )
    stages = data.get("stages")
    if not isinstance(stages, list) or not all(isinstance(s, dict) for s in stages):
        raise DomainError(_("“stages” must be a list of {name, kind}."), field="stages")
    existing = PipelineTemplate.objects.filter(name=str(data.get("name", "")).strip()).first()
    return pipeline_template_save(
        actor=actor,
        name=str(data.get("name", "")),
        description=str(data.get("description", "")),
        stages=stages,
        template=existing,
        is_default=existing.is_default if existing else False,
    )


def default_pipeline_template() -> PipelineTemplate:
    """The template a new job copies when none is chosen; refused when none is set."""
    template = selectors.default_pipeline_template()
    if template is None:
        raise DomainError(_("No default pipeline template is set; choose one."), field="pipeline")
    return template
