"""The gates of the `screening` and `exam` stages, registered with the workflow engine."""

from collections.abc import Sequence

from applications.models import Application
from screening import selectors


def screening_gate(application: Application) -> str | None:
    """Open when at least one reviewer's latest decision is pass and none is fail or hold."""
    return selectors.screening_gate_refusal(application)


def exam_gate(application: Application) -> str | None:
    """Open when the candidate sat the exam, every section is marked (markers agree), the total
    reaches the pass mark and, with a top N, the rank is within it."""
    return selectors.exam_gate_refusal(application)


def screening_gate_many(applications: Sequence[Application]) -> dict[int, str | None]:
    """The bulk form of `screening_gate` (one query)."""
    return selectors.screening_gate_refusals(applications)


def exam_gate_many(applications: Sequence[Application]) -> dict[int, str | None]:
    """The bulk form of `exam_gate` (four queries)."""
    return selectors.exam_gate_refusals(applications)
