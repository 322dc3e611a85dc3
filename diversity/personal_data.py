"""What the monitoring holds on a person (their self-identification answers) for the
subject-access export and the erasure; registered with `applications.personal_data`."""

from typing import Any

from applications.models import Candidate
from diversity.models import SelfIdentification
from diversity.options import group_label
from diversity.selectors import monitoring_settings


def export(candidate: Candidate) -> dict[str, Any]:
    """The answers as stored (codes) and as the person read them (in their application's
    language)."""
    config = monitoring_settings()
    rows = (
        SelfIdentification.objects.filter(application__candidate=candidate)
        .select_related("application__job")
        .order_by("answered_at", "pk")
    )
    return {
        "self_identification": [
            {
                "job_reference": row.application.job.reference,
                "gender": row.gender,
                "gender_label": group_label(
                    config.gender_options, row.gender, row.application.language
                ),
                "age_band": row.age_band,
                "age_band_label": group_label(
                    config.age_band_options, row.age_band, row.application.language
                ),
                "answered_at": row.answered_at,
            }
            for row in rows
        ]
    }


def erase(candidate: Candidate) -> None:
    """Deleted outright: an anonymous answer could still be tied back to the application, and
    the report's past figures need not survive a person's erasure."""
    SelfIdentification.objects.filter(application__candidate=candidate).delete()
