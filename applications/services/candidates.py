"""Candidates (one per e-mail address) and the possible duplicates HR resolves."""

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Case, Q, When
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Candidate, PossibleDuplicate, normalise_email
from ats.actors import Actor, acting_user, require_hr
from ats.errors import ConflictError, DomainError, InvalidInput, full_clean

CANDIDATE_FIELDS = frozenset({"full_name", "email", "phone", "nationality", "country_of_residence"})
NOTE_MAX = 2000


def candidate_email_taken(email: str, *, other_than: Candidate | None = None) -> bool:
    """Whether another candidate has this address (compared the way `normalise_email` does)."""
    others = Candidate.objects.filter(email_normalised=normalise_email(email))
    if other_than is not None:
        others = others.exclude(pk=other_than.pk)
    return others.exists()


def candidate_find_or_create(
    *,
    email: str,
    full_name: str,
    phone: str = "",
    nationality: str = "",
    country_of_residence: str = "",
) -> Candidate:
    """The candidate with this (normalised) e-mail, created if new; details of a new one only."""
    key = normalise_email(email)
    candidate = Candidate.objects.filter(email_normalised=key).first()
    if candidate is not None:
        return candidate
    candidate = Candidate(
        email=email.strip(),
        full_name=full_name.strip(),
        phone=phone.strip(),
        nationality=nationality,
        country_of_residence=country_of_residence,
    )
    full_clean(candidate, exclude=["email_normalised"], validate_unique=True)
    try:
        with transaction.atomic():
            candidate.save()
    except IntegrityError:
        # Another request created the same person a moment ago.
        return Candidate.objects.get(email_normalised=key)
    return candidate


@transaction.atomic
def candidate_create(*, actor: Actor, **fields: Any) -> Candidate:
    """HR enters a candidate by hand; an e-mail already on file is refused."""
    require_hr(actor, _("add candidates"))
    unknown = set(fields) - CANDIDATE_FIELDS
    if unknown:
        raise TypeError(f"Unknown candidate fields: {sorted(unknown)}")
    if candidate_email_taken(fields.get("email", "")):
        raise DomainError(_("Another candidate already uses this e-mail address."), field="email")
    candidate = Candidate(
        **{name: v.strip() if isinstance(v, str) else v for name, v in fields.items()}
    )
    full_clean(candidate, exclude=["email_normalised"], validate_unique=True)
    candidate.save()
    return candidate


@transaction.atomic
def candidate_update(*, candidate: Candidate, actor: Actor, **fields: Any) -> Candidate:
    """Correct a candidate's details; an e-mail already used by another candidate is refused."""
    require_hr(actor, _("change candidates"))
    unknown = set(fields) - CANDIDATE_FIELDS
    if unknown:
        raise TypeError(f"Unknown candidate fields: {sorted(unknown)}")
    if "email" in fields and candidate_email_taken(fields["email"], other_than=candidate):
        raise DomainError(_("Another candidate already uses this e-mail address."), field="email")
    for name, value in fields.items():
        setattr(candidate, name, value.strip() if isinstance(value, str) else value)
    full_clean(candidate, exclude=["email_normalised"], validate_unique=True)
    candidate.save()
    return candidate


# A common name (or a shared office phone) matches many people: a new candidate is flagged
# against this many of them at most, so that a submission costs the same however common the
# name is. HR sees the strongest matches (same phone first), newest first.
DUPLICATE_FLAGS_MAX = 5


def candidate_flag_duplicates(*, candidate: Candidate) -> list[PossibleDuplicate]:
    """Flag (never merge) existing candidates with the same phone, or name and nationality:
    up to DUPLICATE_FLAGS_MAX not flagged yet, found by one query and written by one insert.
    Returns the flags written."""
    match = Q(pk__in=[])
    if candidate.phone_key:
        match |= Q(phone_key=candidate.phone_key)
    if candidate.nationality:
        match |= Q(name_key=candidate.name_key, nationality=candidate.nationality)
    same_phone = Q(phone_key=candidate.phone_key) if candidate.phone_key else Q(pk__in=[])
    others = (
        Candidate.objects.filter(match)
        .exclude(pk=candidate.pk)
        .exclude(pk__in=PossibleDuplicate.objects.filter(candidate=candidate).values("existing"))
        .annotate(phone_first=Case(When(same_phone, then=0), default=1))
        .order_by("phone_first", "-pk")
        .only("pk", "phone_key", "name_key", "nationality")[:DUPLICATE_FLAGS_MAX]
    )
    flags = []
    for other in others:
        reasons = []
        if candidate.phone_key and other.phone_key == candidate.phone_key:
            reasons.append(_("same phone number"))
        if candidate.nationality == other.nationality and candidate.name_key == other.name_key:
            reasons.append(_("same name and nationality"))
        flags.append(
            PossibleDuplicate(candidate=candidate, existing=other, reason=", ".join(reasons))
        )
    return PossibleDuplicate.objects.bulk_create(flags) if flags else []


@transaction.atomic
def duplicate_resolve(
    *, duplicate: PossibleDuplicate, actor: Actor, resolution: str, note: str = ""
) -> PossibleDuplicate:
    """Record HR's judgement on a possible duplicate: the same person, or different people.

    Nothing is merged: both candidates keep their details and applications; "same person" is
    recorded with its note for HR to act on. A flag is resolved once. No side effects.
    """
    require_hr(actor, _("resolve possible duplicates"))
    duplicate = PossibleDuplicate.objects.select_for_update().get(pk=duplicate.pk)
    if not duplicate.is_open:
        raise ConflictError(
            _("This possible duplicate was already resolved (%(resolution)s); it stays so.")
            % {"resolution": duplicate.get_resolution_display().lower()},
            code="already_resolved",
        )
    errors: dict[str, list[str]] = {}
    if resolution not in dict(PossibleDuplicate.DECISIONS):
        errors["resolution"] = [_("Choose “same person” or “different people”.")]
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        errors["note"] = [_("A note may have at most 2,000 characters.")]
    if errors:
        raise InvalidInput(errors)
    duplicate.resolution = resolution
    duplicate.resolution_note = note
    duplicate.resolved_by = acting_user(actor)
    duplicate.resolved_at = timezone.now()
    duplicate.save(update_fields=["resolution", "resolution_note", "resolved_by", "resolved_at"])
    return duplicate
