"""Scorecards: a panel member rates and submits their own; HR reopens one, with a reason."""

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications import events
from ats.actors import Actor, acting_user, require_hr
from ats.errors import DomainError
from interviews.models import (
    SCALE,
    ConflictStatus,
    Criterion,
    Interview,
    InterviewRound,
    InterviewStatus,
    PanelMember,
    Rating,
    Recommendation,
    Scorecard,
    ScorecardReopening,
    ScorecardStatus,
)
from interviews.services.notices import scorecard_reopened_send
from interviews.services.scheduling import interview_facts, lock_interview

# One rating as forms and the API send it: `{"criterion": id, "score": 1..5 or None,
# "notes": ""}` (plain input, hence Any).
RatingSpec = Mapping[str, Any]


def _scoring_seat(actor: Actor, interview: Interview) -> tuple[User, PanelMember]:
    """The actor and their seat, if they may score this interview now (the one rule: only
    this interviewer's own current seat, with no conflict); refused with why otherwise."""
    if interview.status in (InterviewStatus.CANCELLED, InterviewStatus.NO_SHOW):
        raise DomainError(
            _("This interview is %(status)s; there is nothing to score.")
            % {"status": interview.get_status_display().lower()},
            code="not_held",
        )
    user = acting_user(actor)
    seat = (
        PanelMember.objects.filter(
            interview=interview, interviewer_id=user.pk, removed_at__isnull=True
        ).first()
        if user is not None
        else None
    )
    if user is None or seat is None:
        raise DomainError(_("Only the panel can score this interview."), code="forbidden")
    candidate = interview.application.candidate.full_name
    if seat.conflict_status == ConflictStatus.UNCONFIRMED:
        raise DomainError(
            _("First confirm that you have no conflict of interest with %(name)s.")
            % {"name": candidate},
            code="conflict_unconfirmed",
        )
    if seat.conflict_status == ConflictStatus.DECLARED:
        raise DomainError(
            _("You declared a conflict of interest with %(name)s; HR will replace you.")
            % {"name": candidate},
            code="conflict_declared",
        )
    return user, seat


def _clean_ratings(
    round_: InterviewRound, ratings: Iterable[RatingSpec]
) -> dict[int, tuple[int | None, str]]:
    criteria = {c.pk: c for c in Criterion.objects.filter(round=round_)}
    cleaned: dict[int, tuple[int | None, str]] = {}
    for item in ratings:
        criterion = item.get("criterion")
        criterion_id = getattr(criterion, "pk", criterion)
        if criterion_id not in criteria:
            raise DomainError(
                _("Criterion %(id)s is not one of %(round)s's.")
                % {"id": criterion_id, "round": round_.name},
                field="ratings",
            )
        score = item.get("score")
        if score is not None and score not in SCALE:
            raise DomainError(
                _("Rate “%(criterion)s” from 1 to 5.") % {"criterion": criteria[criterion_id]},
                field="ratings",
            )
        cleaned[criterion_id] = (score, (item.get("notes") or "").strip())
    return cleaned


def scorecard_save(
    *,
    actor: Actor,
    interview: Interview,
    recommendation: str = "",
    notes: str = "",
    ratings: Iterable[RatingSpec] = (),
    submit: bool = False,
    at: datetime | None = None,
) -> Scorecard:
    """Create or change the actor's own draft scorecard; with `submit`, submit it too (all in
    one transaction: a refused submission saves nothing).

    `ratings` items are `RatingSpec`s; criteria not listed keep their rating. Refused once the
    scorecard is submitted (HR can reopen it). Side effects: with `submit`, the domain event
    "scorecard.submitted".
    """
    if recommendation and recommendation not in Recommendation.values:
        raise DomainError(_("Choose a recommendation from the list."), field="recommendation")
    with transaction.atomic():
        current = lock_interview(interview)
        user, _seat = _scoring_seat(actor, current)
        cleaned = _clean_ratings(current.round, ratings)
        scorecard, _created = Scorecard.objects.select_for_update().get_or_create(
            interview=current, interviewer=user, defaults={"created_at": at or timezone.now()}
        )
        if scorecard.is_submitted:
            raise DomainError(
                _("Your scorecard is submitted and locked; HR can reopen it."),
                code="scorecard_locked",
            )
        scorecard.recommendation = recommendation
        scorecard.notes = notes.strip()
        scorecard.save(update_fields=["recommendation", "notes", "updated_at"])
        _write_ratings(scorecard, cleaned)
        if submit:
            _submit(scorecard, current, at=at)
    return scorecard


def _write_ratings(scorecard: Scorecard, cleaned: dict[int, tuple[int | None, str]]) -> None:
    have = {r.criterion_id: r for r in scorecard.ratings.all()}
    for criterion_id, (score, note) in cleaned.items():
        rating = have.get(criterion_id) or Rating(scorecard=scorecard, criterion_id=criterion_id)
        rating.score, rating.notes = score, note
        rating.save()


def _submit(scorecard: Scorecard, interview: Interview, *, at: datetime | None) -> None:
    now = at or timezone.now()
    if now < interview.starts_at:
        raise DomainError(
            _("The scorecard can be submitted once the interview has started."),
            code="not_started",
        )
    rated = set(
        Rating.objects.filter(scorecard=scorecard, score__isnull=False).values_list(
            "criterion_id", flat=True
        )
    )
    missing = [
        c.name for c in Criterion.objects.filter(round_id=interview.round_id) if c.pk not in rated
    ]
    if missing:
        raise DomainError(
            _("Rate every criterion before submitting; missing: %(names)s.")
            % {"names": ", ".join(missing)},
            code="incomplete",
            field="ratings",
        )
    if not scorecard.recommendation:
        raise DomainError(
            _("Give your overall recommendation before submitting."),
            code="incomplete",
            field="recommendation",
        )
    scorecard.status = ScorecardStatus.SUBMITTED
    scorecard.submitted_at = now
    scorecard.save(update_fields=["status", "submitted_at", "updated_at"])
    # That it was submitted and by whom; the ratings and the recommendation stay inside.
    submitted = {"scorecard_id": scorecard.pk, "interviewer_id": scorecard.interviewer_id}
    events.emit("scorecard.submitted", data=interview_facts(interview) | submitted, at=now)
    if interview.status == InterviewStatus.SCHEDULED:
        # A submitted scorecard is the proof that the interview took place.
        Interview.objects.filter(pk=interview.pk).update(
            status=InterviewStatus.COMPLETED, updated_at=timezone.now()
        )


def scorecard_submit(
    *, actor: Actor, scorecard: Scorecard, at: datetime | None = None
) -> Scorecard:
    """Submit the actor's own draft: every criterion rated and a recommendation given, once the
    interview has started. It is locked afterwards; the interview counts as completed.
    Side effects: the domain event "scorecard.submitted"."""
    with transaction.atomic():
        current = lock_interview(scorecard.interview)
        user = acting_user(actor)
        if user is None or scorecard.interviewer_id != user.pk:
            raise DomainError(_("Only its author can submit a scorecard."), code="forbidden")
        _scoring_seat(actor, current)
        locked = Scorecard.objects.select_for_update().get(pk=scorecard.pk)
        if locked.is_submitted:
            return locked
        _submit(locked, current, at=at)
    return locked


def scorecard_reopen(*, actor: Actor, scorecard: Scorecard, reason: str) -> Scorecard:
    """HR unlocks a submitted scorecard so its author can change it; audited with the reason.

    Until it is submitted again the round's gate counts it as missing. Side effects: one
    ScorecardReopening row; an e-mail to the author, on commit.
    """
    require_hr(actor, _("reopen scorecards"))
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Reopening a scorecard needs a reason."), field="reason")
    with transaction.atomic():
        locked = Scorecard.objects.select_for_update().get(pk=scorecard.pk)
        if not locked.is_submitted or locked.submitted_at is None:
            raise DomainError(
                _("Only a submitted scorecard can be reopened; this one is a draft."),
                code="not_submitted",
            )
        ScorecardReopening.objects.create(
            scorecard=locked,
            reason=reason,
            by=acting_user(actor),
            was_submitted_at=locked.submitted_at,
        )
        locked.status = ScorecardStatus.DRAFT
        locked.submitted_at = None
        locked.save(update_fields=["status", "submitted_at", "updated_at"])
        scorecard_reopened_send(scorecard_id=locked.pk)
    return locked
