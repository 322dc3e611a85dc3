"""Candidates (one per e-mail address), the possible duplicates HR resolves, and the candidates
database: HR's tags and notes on a person, and adding a talent-pool person to another job."""

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Case, Q, When
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import (
    CANDIDATE_NOTE_MAX,
    TAG_NAME_MAX,
    Application,
    Candidate,
    CandidateNote,
    CandidateTag,
    Channel,
    JobOpening,
    PossibleDuplicate,
    Tag,
    normalise_email,
)
from applications.selectors.duplicates import duplicate_open_count_forget
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
    """The candidate with this (normalised) e-mail, created if new; details of a new one only.

    An address of a candidate merged into another finds the one they were merged into."""
    key = normalise_email(email)
    candidate = Candidate.objects.filter(email_normalised=key).first()
    if candidate is not None:
        return candidate_survivor(candidate)
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
        return candidate_survivor(Candidate.objects.get(email_normalised=key))
    return candidate


def candidate_survivor(candidate: Candidate) -> Candidate:
    """The candidate a merged one now lives on (following merges of merges); else itself."""
    seen = {candidate.pk}
    while candidate.merged_into_id is not None:
        candidate = Candidate.objects.get(pk=candidate.merged_into_id)
        if candidate.pk in seen:  # a cycle cannot be written by the merge service
            break
        seen.add(candidate.pk)
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
    up to DUPLICATE_FLAGS_MAX not flagged yet, found by one query and written by one insert;
    a candidate merged into another is neither flagged nor flags. Returns the flags written."""
    if candidate.merged_into_id is not None:
        return []
    match = Q(pk__in=[])
    if candidate.phone_key:
        match |= Q(phone_key=candidate.phone_key)
    if candidate.nationality:
        match |= Q(name_key=candidate.name_key, nationality=candidate.nationality)
    same_phone = Q(phone_key=candidate.phone_key) if candidate.phone_key else Q(pk__in=[])
    others = (
        Candidate.objects.filter(match, merged_into__isnull=True)
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
    if not flags:
        return []
    duplicate_open_count_forget()
    return PossibleDuplicate.objects.bulk_create(flags)


@transaction.atomic
def duplicate_resolve(
    *, duplicate: PossibleDuplicate, actor: Actor, resolution: str, note: str = ""
) -> PossibleDuplicate:
    """Record HR's judgement on a possible duplicate: the same person, or different people.

    Nothing is merged: both candidates keep their details and applications; "same person" is
    recorded with its note for HR to act on (`candidate_merge` merges). A flag is resolved
    once; `duplicate_reopen` takes a judgement back. No side effects.
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
    duplicate_open_count_forget()
    return duplicate


# --- the candidates database: tags, notes, adding to another job ------------------------------

# The channel of an application HR enters on a talent-pool person's behalf (migration 0011).
ADDED_BY_HR_CHANNEL = "added-by-hr"


def _not_erased(candidate: Candidate) -> None:
    if candidate.erased_at is not None:
        raise DomainError(_("This person's data has been erased."), code="erased")


def _tag_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise DomainError(_("Give the tag a name."), field="tag")
    if len(name) > TAG_NAME_MAX:
        raise DomainError(
            _("A tag may have at most %(max)d characters.") % {"max": TAG_NAME_MAX}, field="tag"
        )
    return name


def _tag_get_or_create(name: str) -> Tag:
    """The tag of this name ignoring case ("Python" is "python"), created if new."""
    tag = Tag.objects.filter(name__iexact=name).first()
    if tag is not None:
        return tag
    try:
        with transaction.atomic():
            return Tag.objects.create(name=name)
    except IntegrityError:
        # Another HR user created it a moment ago.
        return Tag.objects.get(name__iexact=name)


@transaction.atomic
def candidate_tag_add(*, candidate: Candidate, actor: Actor, name: str) -> CandidateTag:
    """Put a tag on a person (the existing tag of that name, ignoring case, or a new one).

    Tagging twice changes nothing and returns the first link. No side effects.
    """
    require_hr(actor, _("tag candidates"))
    _not_erased(candidate)
    tag = _tag_get_or_create(_tag_name(name))
    link, _created = CandidateTag.objects.get_or_create(
        candidate=candidate, tag=tag, defaults={"added_by": acting_user(actor)}
    )
    return link


@transaction.atomic
def candidate_tag_remove(*, candidate: Candidate, actor: Actor, tag: Tag) -> bool:
    """Take a tag off a person (the tag itself stays for others); False when it was not on."""
    require_hr(actor, _("tag candidates"))
    deleted, _rows = CandidateTag.objects.filter(candidate=candidate, tag=tag).delete()
    return bool(deleted)


@transaction.atomic
def candidate_note_add(*, candidate: Candidate, actor: Actor, body: str) -> CandidateNote:
    """HR writes a note on a person (all of HR reads it; erased with the person)."""
    require_hr(actor, _("write notes on candidates"), person=True)
    _not_erased(candidate)
    body = (body or "").strip()
    if not body:
        raise DomainError(_("Write the note first."), field="body")
    if len(body) > CANDIDATE_NOTE_MAX:
        raise DomainError(
            _("A note may have at most %(max)d characters.") % {"max": CANDIDATE_NOTE_MAX},
            field="body",
        )
    return CandidateNote.objects.create(candidate=candidate, author=acting_user(actor), body=body)


@transaction.atomic
def candidate_add_to_job(*, candidate: Candidate, actor: Actor, job: JobOpening) -> Application:
    """Enter a talent-pool person into another job on their behalf (source "Added by HR").

    Only for a person whose talent-pool consent stands (given with an application and not
    withdrawn): that consent is what allows HR to consider them for other openings. The job
    must not be closed; the person must not have applied to it already. The application enters
    the job's first stage through `application_create`, in the language of their latest one.
    Side effects: the domain event "application.created" (webhook deliveries); no e-mail (HR
    writes to the person from the candidate page).
    """
    from applications.selectors.personal import in_talent_pool
    from applications.services.submission import application_create

    require_hr(actor, _("add candidates to jobs"), person=True)
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    _not_erased(candidate)
    if not in_talent_pool(candidate.pk):
        raise DomainError(
            _(
                "%(name)s has not agreed to be kept in the talent pool (or has withdrawn it), so "
                "they cannot be added to another job on their behalf; invite them to apply."
            )
            % {"name": candidate.full_name},
            code="no_talent_pool_consent",
        )
    if job.status == JobOpening.Status.CLOSED:
        raise DomainError(
            _("%(job)s is closed.") % {"job": job.reference}, code="job_closed", field="job"
        )
    latest = Application.objects.filter(candidate=candidate).order_by("-submitted_at").first()
    return application_create(
        actor=actor,
        candidate=candidate,
        job=job,
        source=Channel.objects.get(slug=ADDED_BY_HR_CHANNEL),
        language=latest.language if latest else "en",
    )


def hr_records_export(candidate: Candidate) -> dict[str, Any]:
    """The personal-data export's section of HR's tags and notes on the person."""
    return {
        "tags": [
            {"tag": link.tag.name, "added_at": link.added_at}
            for link in CandidateTag.objects.filter(candidate=candidate).select_related("tag")
        ],
        "notes": [
            {"note": note.body, "created_at": note.created_at}
            for note in CandidateNote.objects.filter(candidate=candidate).order_by("created_at")
        ],
    }


def hr_records_erase(candidate: Candidate) -> None:
    """The erasure's part of HR's tags and notes on the person: all of them go."""
    CandidateTag.objects.filter(candidate=candidate).delete()
    CandidateNote.objects.filter(candidate=candidate).delete()
