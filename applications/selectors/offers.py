"""Reads about offers: where an offer's approval stands (who approved, who is next), a job's
approvers, and an offer's terms as the letter and the pages show them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import formats, translation

from applications.models import JobOpening, Offer, OfferApproval, OfferApprover


@dataclass(frozen=True)
class ApprovalStep:
    approver: OfferApprover
    approval: OfferApproval | None  # this round's approval, when given


@dataclass(frozen=True)
class ApprovalState:
    """Where the approval of an offer's current round stands."""

    steps: list[ApprovalStep]
    # Every decision on the offer, all rounds, oldest first (the page shows its history).
    history: list[OfferApproval] = field(default_factory=list)

    @property
    def required(self) -> bool:
        return bool(self.steps)

    @property
    def next(self) -> OfferApprover | None:
        """Who approves next (None once everybody has, or when nobody needs to)."""
        return next((s.approver for s in self.steps if s.approval is None), None)

    @property
    def complete(self) -> bool:
        return self.next is None


def job_offer_approvers(job: JobOpening | int) -> QuerySet[OfferApprover]:
    """The job's approvers in the order they approve."""
    job_id = job if isinstance(job, int) else job.pk
    return (
        OfferApprover.objects.filter(job_id=job_id)
        .select_related("user")
        .order_by("position", "id")
    )


def offer_approval_state(offer: Offer, *, job_id: int | None = None) -> ApprovalState:
    """The approvers of the offer's job, each with their approval of the current round."""
    if job_id is None:
        job_id = offer.application.job_id
    approvers = list(job_offer_approvers(job_id))
    history = list(
        OfferApproval.objects.filter(offer_id=offer.pk).select_related("user").order_by("at", "id")
    )
    approved = {
        a.user_id: a
        for a in history
        if a.round == offer.approval_round and a.decision == OfferApproval.Decision.APPROVED
    }
    steps = [ApprovalStep(approver=a, approval=approved.get(a.user_id)) for a in approvers]
    return ApprovalState(steps=steps, history=history)


def money(amount: Decimal | None, currency: str) -> str:
    """ "CNY 25,000.00": the code first, grouped digits, two places (the same in both
    languages, so a letter never reads a different sum)."""
    if amount is None:
        return ""
    return f"{currency} {amount:,.2f}"


def _day(value: date | None, language: str) -> str:
    if value is None:
        return "–"
    with translation.override(language):
        return formats.date_format(value, "DATE_FORMAT")


def offer_letter_context(offer: Offer, *, language: str, organisation: str) -> dict[str, str]:
    """The placeholders of the offer letter, in `language` (needs the application's candidate
    and job loaded)."""
    application = offer.application
    with translation.override(language):
        contract = str(offer.get_contract_type_display())
    return {
        "candidate_name": application.candidate.full_name,
        "position": offer.position_title or application.job.title,
        "salary": money(offer.salary, offer.currency) or "–",
        "currency": offer.currency,
        "start_date": _day(offer.start_date, language),
        "contract_type": contract,
        "respond_by": _day(offer.respond_by, language),
        "offered_on": _day(offer.offered_on, language),
        "ref": application.job.reference,
        "organisation": organisation,
    }
