"""Offers made to applications in an offer stage: drafting and changing the terms, the job's
approvers approving them in order, sending the letter, and the candidate's answer.

An offer's life (`Offer.Status`):

    draft ──(every approver of the job, in order; none set: nobody)──▶ may be sent
    draft ──send──▶ offered ──answer──▶ accepted | declined
    draft | offered ──HR withdraws──▶ withdrawn

Any approver may send a draft back with a comment, and any change of the terms after an
approval starts the approvals over (a new round; the old decisions stay on record).
A declined offer closes the application through the workflow engine (withdrawn, reason
"offer declined"); an accepted one opens the offer stage's gate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from applications import events, workflow
from applications.models import (
    Application,
    JobOpening,
    Offer,
    OfferApproval,
    OfferApprover,
    RejectionReason,
    StageKind,
)
from applications.selectors.offers import (
    ApprovalState,
    offer_approval_state,
    offer_letter_context,
)
from applications.services.notifications import applicant_context
from ats.actors import Actor, acting_user, actor_label, is_applicant_of, require_hr
from ats.errors import DomainError, full_clean
from ats.preferences import staff_language
from ats.roles import is_hr
from messaging import services as messaging
from messaging.models import OutboxMessage
from messaging.services import Attachment, attachment_content, language_of, message_queue

OFFER_DECLINED_CODE = "offer-declined"

# The terms HR sets and changes while the offer is a draft.
TERMS = (
    "position_title",
    "salary",
    "currency",
    "contract_type",
    "offered_on",
    "respond_by",
    "start_date",
    "notes",
)


@dataclass(frozen=True)
class OfferLetter:
    title: str
    body: str
    language: str
    pdf: bytes
    filename: str


def _locked(offer: Offer) -> Offer:
    return Offer.objects.select_for_update().select_related("application").get(pk=offer.pk)


@transaction.atomic
def offer_make(
    *,
    actor: Actor,
    application: Application,
    offered_on: date,
    position_title: str = "",
    salary: Decimal | None = None,
    currency: str = Offer.Currency.CNY,
    contract_type: str = Offer.ContractType.PERMANENT,
    respond_by: date | None = None,
    start_date: date | None = None,
    notes: str = "",
) -> Offer:
    """Draft an offer to an active application that stands in an offer stage.

    Side effects: an e-mail to the job's first approver (when the job has approvers).
    """
    require_hr(actor, _("make offers"))
    application = (
        Application.objects.select_for_update().select_related("stage").get(pk=application.pk)
    )
    if not application.is_active or application.stage.kind != StageKind.OFFER:
        raise DomainError(
            _("An offer can be made only to an active application in an offer stage."),
            code="not_in_offer_stage",
        )
    if application.offers.filter(status__in=Offer.LIVE).exists():
        raise DomainError(_("This application already has an open or accepted offer."))
    offer = Offer(
        application=application,
        status=Offer.Status.DRAFT,
        offered_on=offered_on,
        position_title=position_title or application.job.title,
        salary=salary,
        currency=currency,
        contract_type=contract_type,
        respond_by=respond_by,
        start_date=start_date,
        notes=notes,
        created_by=acting_user(actor),
    )
    full_clean(offer, validate_unique=True)
    offer.save()
    _notify_next_approver(offer)
    return offer


@transaction.atomic
def offer_update(*, actor: Actor, offer: Offer, **terms: Any) -> Offer:
    """Change the terms of a draft offer (`terms`: any of TERMS). A change after an approval
    starts the approvals over.

    Side effects: when approvals were reset, an e-mail to the first approver.
    """
    require_hr(actor, _("change offers"))
    if unknown := set(terms) - set(TERMS):
        raise DomainError(_("Unknown terms: %(names)s.") % {"names": ", ".join(sorted(unknown))})
    offer = _locked(offer)
    if offer.status != Offer.Status.DRAFT:
        raise DomainError(
            _("Only a draft offer can be changed; this one is %(s)s.")
            % {"s": offer.get_status_display().lower()},
            code="not_draft",
        )
    changed = [name for name, value in terms.items() if getattr(offer, name) != value]
    if not changed:
        return offer
    for name in changed:
        setattr(offer, name, terms[name])
    offer.position_title = offer.position_title or offer.application.job.title
    full_clean(offer)
    fields = [*changed, "position_title", "updated_at"]
    reset = offer.approvals.filter(round=offer.approval_round).exists()
    if reset:
        offer.approval_round += 1
        fields.append("approval_round")
    offer.save(update_fields=fields)
    if reset:
        _notify_next_approver(offer)
    return offer


# --- approval -----------------------------------------------------------------------------


@transaction.atomic
def offer_approvers_replace(
    *, actor: Actor, job: JobOpening, users: list[Any]
) -> list[OfferApprover]:
    """The job's offer approvers, in the order given (one seat each; HR staff only). Drafts
    awaiting approval follow the new list: who approved keeps counting while still on it."""
    require_hr(actor, _("choose offer approvers"), person=True)
    seen: set[int] = set()
    for user in users:
        if user.pk in seen:
            raise DomainError(
                _("%(name)s is in the list twice.") % {"name": actor_label(user)},
                field="approvers",
            )
        seen.add(user.pk)
        if not is_hr(user):
            raise DomainError(
                _("%(name)s is not HR staff and cannot approve offers.")
                % {"name": actor_label(user)},
                field="approvers",
            )
    JobOpening.objects.select_for_update().filter(pk=job.pk).first()
    OfferApprover.objects.filter(job=job).delete()
    return OfferApprover.objects.bulk_create(
        OfferApprover(job=job, user=user, position=position) for position, user in enumerate(users)
    )


def _draft_for_approval(offer: Offer) -> tuple[Offer, ApprovalState]:
    offer = _locked(offer)
    if offer.status != Offer.Status.DRAFT:
        raise DomainError(
            _("Only a draft offer awaits approval; this one is %(s)s.")
            % {"s": offer.get_status_display().lower()},
            code="not_draft",
        )
    return offer, offer_approval_state(offer, job_id=offer.application.job_id)


@transaction.atomic
def offer_approve(*, actor: Actor, offer: Offer, comment: str = "") -> Offer:
    """The next approver in order approves the draft's terms.

    Side effects: one OfferApproval; an e-mail to the approver after them, if any.
    """
    require_hr(actor, _("approve offers"), person=True)
    user_id = acting_user(actor).pk
    offer, state = _draft_for_approval(offer)
    following = state.next
    if following is None:
        raise DomainError(
            _("This offer needs no more approvals.")
            if state.required
            # A job without approvers: there is nobody to approve, and nothing to wait for.
            else _("This job has no offer approvers: the offer may be sent without approval."),
            code="no_approval_due",
        )
    if following.user_id != user_id:
        on_list = any(step.approver.user_id == user_id for step in state.steps)
        raise DomainError(
            _("It is %(name)s's turn to approve this offer.")
            % {"name": actor_label(following.user)}
            if on_list
            else _("You are not one of this job's offer approvers."),
            code="not_your_turn" if on_list else "forbidden",
        )
    OfferApproval.objects.create(
        offer=offer,
        round=offer.approval_round,
        user=acting_user(actor),
        decision=OfferApproval.Decision.APPROVED,
        comment=comment.strip()[:2000],
    )
    _notify_next_approver(offer)
    return offer


@transaction.atomic
def offer_approval_reject(*, actor: Actor, offer: Offer, comment: str) -> Offer:
    """An approver sends the draft back for changes, with a comment; the approvals start over.

    Side effects: one OfferApproval (sent back).
    """
    require_hr(actor, _("send offers back"), person=True)
    comment = comment.strip()
    if not comment:
        raise DomainError(_("Say what should change: the comment is required."), field="comment")
    user_id = acting_user(actor).pk
    offer, state = _draft_for_approval(offer)
    if not any(step.approver.user_id == user_id for step in state.steps):
        raise DomainError(_("You are not one of this job's offer approvers."), code="forbidden")
    OfferApproval.objects.create(
        offer=offer,
        round=offer.approval_round,
        user=acting_user(actor),
        decision=OfferApproval.Decision.REJECTED,
        comment=comment[:2000],
    )
    offer.approval_round += 1
    offer.save(update_fields=["approval_round", "updated_at"])
    return offer


def _notify_next_approver(offer: Offer) -> None:
    following = offer_approval_state(offer, job_id=offer.application.job_id).next
    if following is None or not following.user.email:
        return
    application = Application.objects.select_related("candidate", "job").get(
        pk=offer.application_id
    )
    user = following.user
    message_queue(
        kind="offer_approval_requested",
        to=user.email,
        language=staff_language(user),
        context={
            "name": actor_label(user),
            "candidate": application.candidate.full_name,
            "job": application.job.title,
            "ref": application.job.reference,
            "url": settings.SITE_URL + reverse("hr-application", args=[application.pk]),
        },
        dedupe_key=f"offer-approval:{offer.pk}:{offer.approval_round}:{user.pk}",
    )


# --- the letter and sending -----------------------------------------------------------------


def offer_letter(offer: Offer) -> OfferLetter:
    """The offer letter in the application's language: HR's current `offer_letter` template
    filled in with the offer's terms, as a PDF."""
    # Imported here: reportlab is loaded only when a letter is made.
    from applications.offer_letter import letter_pdf

    application = Application.objects.select_related("candidate", "job").get(
        pk=offer.application_id
    )
    offer.application = application
    language = language_of(application.language)
    template = messaging.template_active(kind="offer_letter", language=language)
    context = offer_letter_context(
        offer, language=language, organisation=settings.ORGANISATION_NAME
    )
    title, body = messaging.template_preview(
        kind="offer_letter", subject=template.subject, body=template.body, context=context
    )
    pdf = letter_pdf(
        title=title,
        body=body,
        language=language,
        organisation=settings.ORGANISATION_NAME,
        dated=context["offered_on"],
    )
    return OfferLetter(
        title=title,
        body=body,
        language=language,
        pdf=pdf,
        filename=f"offer-letter-{application.job.reference}-{offer.pk}.pdf",
    )


def offer_letter_file(offer: Offer) -> tuple[str, bytes]:
    """(filename, PDF) of the letter: for a sent offer the very file its e-mail carried, else
    (a draft, or the e-mail's copy erased) the letter as it reads now."""
    sent = OutboxMessage.objects.filter(dedupe_key=_sent_key(offer)).first()
    for item in sent.attachments if sent else []:
        if item.get("mimetype") == "application/pdf":
            content = attachment_content(item)
            if isinstance(content, bytes):
                return item["filename"], content
    letter = offer_letter(offer)
    return letter.filename, letter.pdf


def _sent_key(offer: Offer) -> str:
    return f"offer-sent:{offer.pk}"


@transaction.atomic
def offer_send(*, actor: Actor, offer: Offer, email: bool = True) -> Offer:
    """Send an approved draft: it becomes an open offer awaiting the answer. Refused before
    every approver of the job has approved it, in order (a job without approvers needs none).
    `email=False` records an offer made outside the system (the demo's history).

    Side effects: the "offer_sent" e-mail to the candidate with the letter as a PDF.
    """
    require_hr(actor, _("send offers"))
    offer = _locked(offer)
    if offer.status != Offer.Status.DRAFT:
        raise DomainError(
            _("Only a draft offer can be sent; this one is %(s)s.")
            % {"s": offer.get_status_display().lower()},
            code="not_draft",
        )
    if not offer.application.is_active:
        raise DomainError(
            _("The application is no longer active: the offer cannot be sent."),
            code="not_active",
        )
    state = offer_approval_state(offer, job_id=offer.application.job_id)
    if (following := state.next) is not None:
        raise DomainError(
            _(
                "This offer cannot be sent before it is approved: waiting for %(name)s "
                "(%(done)d of %(all)d approvals)."
            )
            % {
                "name": actor_label(following.user),
                "done": sum(1 for s in state.steps if s.approval is not None),
                "all": len(state.steps),
            },
            code="approval_required",
        )
    offer.status = Offer.Status.OFFERED
    offer.sent_at = timezone.now()
    offer.save(update_fields=["status", "sent_at", "updated_at"])
    if email:
        _queue_offer_email(offer, actor=actor)
    return offer


def _queue_offer_email(offer: Offer, *, actor: Actor) -> None:
    letter = offer_letter(offer)
    application = offer.application
    context = applicant_context(application) | {
        "position": offer.position_title or application.job.title,
        "respond_by": offer_letter_context(
            offer, language=letter.language, organisation=settings.ORGANISATION_NAME
        )["respond_by"],
    }
    message_queue(
        kind="offer_sent",
        to=application.candidate.email,
        language=letter.language,
        context=context,
        application_id=application.pk,
        attachments=[Attachment.of_bytes(letter.filename, letter.pdf, "application/pdf")],
        dedupe_key=_sent_key(offer),
        actor=actor,
    )


# --- the answer -----------------------------------------------------------------------------


def offer_declined_reason() -> RejectionReason:
    """The reason a declined offer closes its application with (seeded by a migration)."""
    reason, _created = RejectionReason.objects.get_or_create(
        code=OFFER_DECLINED_CODE, defaults={"label": "Offer declined"}
    )
    return reason


@transaction.atomic
def offer_respond(
    *,
    actor: Actor,
    offer: Offer,
    accepted: bool,
    responded_on: date,
    start_date: date | None = None,
    at: datetime | None = None,
) -> Offer:
    """Record the candidate's answer to an open offer: HR records it, or the applicant answers
    on their status page (their own offer only).

    Side effects: accepted, the domain event "offer.accepted"; declined, the application is
    closed by the workflow engine (withdrawn, reason "offer declined", no e-mail to the
    applicant) with its events, at `at` (default now).
    """
    if not is_applicant_of(actor, offer.application_id):
        require_hr(actor, _("record answers to offers"))
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if offer.status != Offer.Status.OFFERED:
        raise DomainError(
            _("Only an open offer can be answered; this one is %(s)s.")
            % {"s": offer.get_status_display().lower()},
            code="not_open",
        )
    if responded_on < offer.offered_on:
        raise DomainError(
            _("The answer cannot come before the offer was made."), field="responded_on"
        )
    offer.status = Offer.Status.ACCEPTED if accepted else Offer.Status.DECLINED
    offer.responded_on = responded_on
    if start_date is not None:
        offer.start_date = start_date
    offer.save(update_fields=["status", "responded_on", "start_date", "updated_at"])
    if accepted:
        events.emit("offer.accepted", data=_offer_facts(offer))
        return offer
    application = Application.objects.get(pk=offer.application_id)
    if application.is_active:
        workflow.withdraw(
            application,
            actor=actor,
            reason=gettext_noop("Offer declined"),  # stored in English, shown translated
            rejection_reason=offer_declined_reason(),
            at=at,
            notify=False,
        )
    return offer


def _offer_facts(offer: Offer) -> dict[str, object]:
    # The salary and the notes stay inside: a receiver learns that and when, not the terms.
    application = Application.objects.select_related("job", "stage").get(pk=offer.application_id)
    return events.application_facts(application) | {
        "offer_id": offer.pk,
        "offered_on": offer.offered_on,
        "responded_on": offer.responded_on,
        "start_date": offer.start_date,
    }


@transaction.atomic
def offer_withdraw(*, actor: Actor, offer: Offer, reason: str) -> Offer:
    """HR withdraws a draft or open offer, with the reason kept in its notes."""
    require_hr(actor, _("withdraw offers"))
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if offer.status not in (Offer.Status.DRAFT, Offer.Status.OFFERED):
        raise DomainError(_("Only a draft or open offer can be withdrawn."))
    offer.status = Offer.Status.WITHDRAWN
    offer.notes = f"{offer.notes}\n{_('Withdrawn')}: {reason}".strip()
    offer.save(update_fields=["status", "notes", "updated_at"])
    return offer
