"""Job openings: their details, their own copy of the pipeline's stages, and their postings."""

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from applications import tallies
from applications.models import (
    Application,
    Channel,
    JobOpening,
    JobStage,
    PipelineTemplate,
    Posting,
    StageEvent,
    notifies_by_default,
)
from applications.services.pipelines import default_pipeline_template, validate_stage_list
from ats.actors import Actor, acting_user, require_hr
from ats.errors import DomainError, full_clean
from ats.i18n.names import translate_name

JOB_FIELDS = (
    "title",
    "department",
    "location",
    "employment_type",
    "description",
    "requirements",
    "headcount",
    "status",
    "opens_on",
    "closes_on",
    "is_foreign_expert_call",
)


@transaction.atomic
def job_create(
    *,
    actor: Actor,
    reference: str,
    title: str,
    pipeline: PipelineTemplate | None = None,
    **fields: Any,
) -> JobOpening:
    """Create a job opening and copy its pipeline's stages into it."""
    require_hr(actor, _("create job openings"))
    unknown = set(fields) - set(JOB_FIELDS)
    if unknown:
        raise TypeError(f"Unknown job fields: {sorted(unknown)}")
    template = pipeline or default_pipeline_template()
    job = JobOpening(
        reference=reference.strip(), title=title.strip(), created_by=acting_user(actor), **fields
    )
    full_clean(job, validate_unique=True)
    job.save()
    JobStage.objects.bulk_create(
        JobStage(
            job=job,
            position=s.position,
            name=s.name,
            kind=s.kind,
            notify_applicant=notifies_by_default(s.kind),
        )
        for s in template.stages.order_by("position")
    )
    tallies.tallies_open(job.stages.values_list("pk", flat=True))
    return job


@transaction.atomic
def job_update(*, job: JobOpening, actor: Actor, **fields: Any) -> JobOpening:
    """Change a job's details (not its stages: `job_stages_replace`)."""
    require_hr(actor, _("change job openings"))
    unknown = set(fields) - set(JOB_FIELDS) - {"reference"}
    if unknown:
        raise TypeError(f"Unknown job fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(job, name, value)
    full_clean(job, validate_unique=True)
    job.save()
    return job


def _stages_in_use(job: JobOpening) -> set[int]:
    """Stages that hold applications now or appear in the audit log."""
    holding = Application.objects.filter(job=job).values_list("stage_id", flat=True).distinct()
    logged = StageEvent.objects.filter(application__job=job).values_list("to_stage_id", flat=True)
    return set(holding) | set(logged)


def _check_stage_changes(
    current: dict[int, JobStage], stages: list[dict[str, Any]], used: set[int]
) -> set[int]:
    """The ids to remove; refuses removing a used stage or changing its kind."""
    keep_ids = {s.get("id") for s in stages if s.get("id")}
    if not keep_ids <= set(current):
        raise DomainError(_("A stage in the list belongs to another job."), field="stages")
    removed = set(current) - keep_ids
    blocked = [current[pk].name for pk in removed if pk in used]
    if blocked:
        raise DomainError(
            _("Stages that applications have reached cannot be removed: %(names)s.")
            % {"names": ", ".join(blocked)},
            field="stages",
        )
    for item in stages:
        stage = current.get(item["id"]) if item.get("id") else None
        if stage and stage.pk in used and stage.kind != item["kind"]:
            raise DomainError(
                _("“%(name)s” has applications; its kind cannot change.")
                % {"name": translate_name(stage.name)},
                field="stages",
            )
    return removed


@transaction.atomic
def job_stages_replace(
    *, job: JobOpening, actor: Actor, stages: list[dict[str, Any]]
) -> JobOpening:
    """Edit a job's pipeline: rename, reorder, add, remove stages.

    Each item is `{"id": existing id or absent, "name", "kind"}` in the new order. A stage that
    holds applications or appears in the audit log cannot be removed or change kind.
    """
    require_hr(actor, _("change job openings"))
    validate_stage_list(stages)
    current = {s.pk: s for s in JobStage.objects.select_for_update().filter(job=job)}
    positions_before = {pk: s.position for pk, s in current.items()}
    removed = _check_stage_changes(current, stages, _stages_in_use(job))
    JobStage.objects.filter(pk__in=removed).delete()
    # Positions and names are unique per job: park the kept rows out of the way first.
    for pk, stage in current.items():
        if pk not in removed:
            stage.name = f"__moving__{stage.pk}"
            stage.position = 1000 + stage.position
            stage.save(update_fields=["name", "position"])
    for position, item in enumerate(stages):
        stage = (current.get(item["id"]) if item.get("id") else None) or JobStage(job=job)
        if stage.pk is None or "notify_applicant" in item:
            stage.notify_applicant = bool(
                item.get("notify_applicant", notifies_by_default(item["kind"]))
            )
        stage.position, stage.name, stage.kind = position, item["name"].strip(), item["kind"]
        stage.save()
    tallies.tallies_open(set(job.stages.values_list("pk", flat=True)) - set(current))
    if any(
        current[pk].position != old for pk, old in positions_before.items() if pk not in removed
    ):
        _furthest_positions_refresh(job)
        # The furthest stages are other stages now.
        tallies.tallies_rebuild(job.pk)
    return job


def _furthest_positions_refresh(job: JobOpening) -> None:
    """Reordered stages: each application's furthest position again from the event log (the
    highest position, in the new order, of the stages it ever entered)."""
    furthest = (
        StageEvent.objects.filter(application=OuterRef("pk"))
        .order_by()
        .values("application")
        .annotate(position=Max("to_stage__position"))
        .values("position")
    )
    Application.objects.filter(job=job).update(furthest_position=Coalesce(Subquery(furthest), 0))


@transaction.atomic
def posting_add(
    *,
    job: JobOpening,
    actor: Actor,
    channel: Channel,
    posted_on: date,
    url: str = "",
    notes: str = "",
) -> Posting:
    """Record that the job was advertised on a channel on a day (once per job, channel, day)."""
    require_hr(actor, _("record postings"))
    if Posting.objects.filter(job=job, channel=channel, posted_on=posted_on).exists():
        raise _duplicate_posting(job, channel)
    posting = Posting(
        job=job, channel=channel, posted_on=posted_on, url=url.strip(), notes=notes.strip()
    )
    full_clean(posting, validate_unique=True)
    try:
        with transaction.atomic():
            posting.save()
    except IntegrityError:
        # The same posting was recorded a moment ago by another request.
        raise _duplicate_posting(job, channel) from None
    return posting


def _duplicate_posting(job: JobOpening, channel: Channel) -> DomainError:
    return DomainError(
        _("%(job)s was already posted on %(channel)s on that day.")
        % {"job": job.reference, "channel": translate_name(channel.name)},
        code="duplicate_posting",
        field="posted_on",
    )


@transaction.atomic
def posting_remove(*, posting: Posting, actor: Actor) -> None:
    """Forget a posting; applications keep their source channel, which is not the posting."""
    require_hr(actor, _("remove postings"))
    posting.delete()
