"""Reviewers' decisions on an application, and what the screening gate makes of them."""

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from applications.models import Application
from ats.actors import Actor
from screening.models import Decision, ScreeningDecision


@dataclass
class DecisionSummary:
    """Each reviewer's latest decision on one application, and what the gate makes of them."""

    latest: list[ScreeningDecision] = field(default_factory=list)
    history: list[ScreeningDecision] = field(default_factory=list)

    @property
    def counts(self) -> Counter[str]:
        return Counter(d.decision for d in self.latest)

    @property
    def is_pass(self) -> bool:
        counts = self.counts
        return counts[Decision.PASS] > 0 and not counts[Decision.FAIL] and not counts[Decision.HOLD]

    @property
    def state(self) -> str:
        """pass, fail, hold, split (reviewers disagree) or "" (no decision)."""
        kinds = set(self.counts)
        if not kinds:
            return ""
        return kinds.pop() if len(kinds) == 1 else "split"

    @property
    def state_label(self) -> str:
        """The state as the queue shows it, in the reader's language."""
        if self.state == "split":
            return _("split")
        return str(Decision(self.state).label) if self.state else ""

    def latest_of(self, user: Actor) -> ScreeningDecision | None:
        user_id = getattr(user, "pk", None)
        return next((d for d in self.latest if d.reviewer_id == user_id), None)

    def _counted(self) -> str:
        labels = {
            Decision.PASS: _("pass"),
            Decision.FAIL: _("fail"),
            Decision.HOLD: _("on hold"),
        }
        counts = self.counts
        return ", ".join(
            f"{counts[d]} {labels[d]}"
            for d in (Decision.PASS, Decision.FAIL, Decision.HOLD)
            if counts[d]
        )

    def refusal(self) -> str | None:
        """None when the screening gate is open, else the sentence that says why not."""
        if self.is_pass:
            return None
        if not self.latest:
            return _("no screening decision of pass yet (no reviewer has decided)")
        if self.counts[Decision.PASS]:
            return _("reviewers disagree: %(counts)s") % {"counts": self._counted()}
        return _("no screening decision of pass yet: %(counts)s") % {"counts": self._counted()}


def decision_summary(decisions: Iterable[ScreeningDecision]) -> DecisionSummary:
    """From one application's decisions (any order): the latest of each reviewer."""
    history = sorted(decisions, key=lambda d: (d.at, d.pk or 0))
    latest: dict[int, ScreeningDecision] = {}
    for decision in history:
        latest[decision.reviewer_id] = decision
    return DecisionSummary(
        latest=sorted(latest.values(), key=lambda d: (d.at, d.pk or 0)), history=history
    )


def latest_decisions() -> QuerySet[ScreeningDecision]:
    """Each reviewer's newest decision on each application (no later one by the same person)."""
    newer = ScreeningDecision.objects.filter(
        application=OuterRef("application"), reviewer=OuterRef("reviewer")
    ).filter(Q(at__gt=OuterRef("at")) | Q(at=OuterRef("at"), pk__gt=OuterRef("pk")))
    return ScreeningDecision.objects.filter(~Exists(newer))


def application_decisions(application: Application) -> DecisionSummary:
    return decision_summary(
        ScreeningDecision.objects.filter(application=application).select_related("reviewer")
    )


def screening_gate_refusal(application: Application) -> str | None:
    return application_decisions(application).refusal()


def screening_gate_refusals(applications: Sequence[Application]) -> dict[int, str | None]:
    """`screening_gate_refusal` of each application, by id, in one query."""
    decisions: dict[int, list[ScreeningDecision]] = {a.pk: [] for a in applications}
    for decision in ScreeningDecision.objects.filter(application_id__in=decisions):
        decisions[decision.application_id].append(decision)
    return {pk: decision_summary(found).refusal() for pk, found in decisions.items()}
