"""Writes of the monitoring: HR's settings, and the applicant's own answers (saved, changed,
deleted only by the applicant through their status link)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application
from ats.actors import Actor, acting_user, is_applicant_of, require_hr
from ats.errors import DomainError, InvalidInput, full_clean
from diversity.models import SETTINGS_PK, MonitoringSettings, SelfIdentification
from diversity.options import NO_ANSWER, PREFER_NOT_TO_SAY, Option
from diversity.selectors import monitoring_settings


@transaction.atomic
def monitoring_settings_update(
    *,
    actor: Actor,
    enabled: bool,
    intro_en: str,
    intro_zh: str,
    ask_gender: bool,
    gender_options: list[Option],
    ask_age_band: bool,
    age_band_options: list[Option],
) -> MonitoringSettings:
    """HR switches the monitoring on or off and sets its questions and their options.

    The answers already given stay as they were (an answer under a removed option is reported
    under its code). No side effects.
    """
    require_hr(actor, _("change the fairness monitoring"))
    # The row is made once (with its defaults), then locked: two saves at once take turns.
    MonitoringSettings.objects.get_or_create(pk=SETTINGS_PK)
    row = MonitoringSettings.objects.select_for_update().get(pk=SETTINGS_PK)
    row.enabled = enabled
    row.intro_en = intro_en.strip()
    row.intro_zh = intro_zh.strip()
    row.ask_gender = ask_gender
    row.gender_options = gender_options
    row.ask_age_band = ask_age_band
    row.age_band_options = age_band_options
    row.updated_by = acting_user(actor)
    full_clean(row)
    row.save()
    return row


def _require_applicant(actor: Actor, application: Application) -> None:
    # Nobody but the applicant writes or removes these answers: not HR, not a task.
    if not is_applicant_of(actor, application.pk):
        raise DomainError(
            _("Only the applicant may give or change these answers."), code="forbidden"
        )


def _checked_answer(value: str, *, asked: bool, options: list[Option], field: str) -> str:
    value = (value or "").strip()
    if not value:
        return NO_ANSWER
    allowed = {option["code"] for option in options} | {PREFER_NOT_TO_SAY}
    if not asked or value not in allowed:
        raise InvalidInput({field: [_("Choose one of the answers offered.")]})
    return value


@transaction.atomic
def self_identification_save(
    *, application: Application, actor: Actor, gender: str, age_band: str
) -> SelfIdentification | None:
    """The applicant gives or changes their answers; two empty answers delete the row (no
    answer is stored as nothing at all). Refused while the monitoring is off. No side
    effects: nobody is told, and nothing about the application changes."""
    _require_applicant(actor, application)
    config = monitoring_settings()
    if not config.enabled:
        raise DomainError(_("These questions are not being asked at the moment."), code="off")
    gender = _checked_answer(
        gender, asked=config.ask_gender, options=config.gender_options, field="gender"
    )
    age_band = _checked_answer(
        age_band, asked=config.ask_age_band, options=config.age_band_options, field="age_band"
    )
    if gender == NO_ANSWER and age_band == NO_ANSWER:
        SelfIdentification.objects.filter(application=application).delete()
        return None
    row, _created = SelfIdentification.objects.update_or_create(
        application=application,
        defaults={"gender": gender, "age_band": age_band, "answered_at": timezone.now()},
    )
    return row


@transaction.atomic
def self_identification_delete(*, application: Application, actor: Actor) -> bool:
    """The applicant deletes their answers (allowed also once the monitoring is off); True
    when there were some."""
    _require_applicant(actor, application)
    deleted, _rows = SelfIdentification.objects.filter(application=application).delete()
    return bool(deleted)
