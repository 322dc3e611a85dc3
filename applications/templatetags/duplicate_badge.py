"""The "Duplicates" link's badge in the HR navigation."""

from typing import Any

from django import template

from applications.selectors import duplicate_open_count_kept

register = template.Library()


@register.inclusion_tag("hr/_duplicate_count.html")
def duplicate_badge() -> dict[str, Any]:
    """The open count as kept (no query); when none is kept, the page asks for it after
    loading (`hr-duplicates-count`), so no page waits for the count."""
    count = duplicate_open_count_kept()
    return {"count": count, "pending": count is None}
