"""Template helpers of the screening pages."""

from decimal import Decimal

from django import template

from applications.models import JobOpening
from screening import marking, selectors

register = template.Library()


@register.filter
def has_stage_kind(job: JobOpening, kind: str) -> bool:
    """Whether the job's pipeline has a stage of this kind (uses prefetched stages)."""
    return selectors.job_has_stage(job, kind)


@register.filter
def points(value: Decimal | int | float | str | None) -> str:
    """Marks without trailing zeros: 12, 12.5, 12.25."""
    if value is None or value == "":
        return ""
    return marking.points_text(value)
