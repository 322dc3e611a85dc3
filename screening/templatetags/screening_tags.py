"""Template helpers of the screening pages."""

from django import template

from screening import selectors

register = template.Library()


@register.filter
def has_stage_kind(job, kind: str) -> bool:
    """Whether the job's pipeline has a stage of this kind (uses prefetched stages)."""
    return selectors.job_has_stage(job, kind)


@register.filter
def points(value) -> str:
    """Marks without trailing zeros: 12, 12.5, 12.25."""
    if value is None or value == "":
        return ""
    return selectors.points_text(value)
