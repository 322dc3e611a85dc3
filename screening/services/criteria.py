"""Screening criteria: what HR screens a job's applications against."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django_countries import countries as country_list

from applications.models import JobOpening
from ats.actors import Actor, acting_user, require_hr
from ats.errors import DomainError, full_clean
from ats.queue import enqueue_on_commit

# screening.tasks imports the services back; neither uses the other before it is called.
from screening import rules, tasks
from screening.models import NationalityRule, ScreeningCriteria

LIST_ITEM_MAX = 60
LIST_MAX = 40

CRITERIA_FIELDS = (
    "min_degree",
    "min_years_experience",
    "required_languages",
    "desired_languages",
    "required_skills",
    "desired_skills",
    "nationality_rule",
    "host_country",
    "countries",
    "deadline",
    "blind",
)


def _clean_list(value: Any, field_name: str, *, languages: bool = False) -> list[str]:
    """A list of short names from a list or a comma-separated string; duplicates dropped."""
    if value in (None, ""):
        return []
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list | tuple) or not all(isinstance(i, str) for i in items):
        raise DomainError(_("Give a list of names."), field=field_name)
    cleaned: list[str] = []
    seen: set[str] = set()
    for item in items:
        item = " ".join(item.split())
        if not item:
            continue
        if len(item) > LIST_ITEM_MAX:
            raise DomainError(
                _("“%(item)s” is longer than %(n)d characters.")
                % {"item": item, "n": LIST_ITEM_MAX},
                field=field_name,
            )
        if languages:
            item = rules.canonical_language(item)
        if item.casefold() not in seen:
            seen.add(item.casefold())
            cleaned.append(item)
    if len(cleaned) > LIST_MAX:
        raise DomainError(_("At most %(n)d entries.") % {"n": LIST_MAX}, field=field_name)
    return cleaned


def _clean_countries(value: Any) -> list[str]:
    if value in (None, ""):
        return []
    items = value.split(",") if isinstance(value, str) else list(value)
    codes: list[str] = []
    for item in items:
        code = str(item).strip().upper()
        if not code:
            continue
        if code not in country_list:
            raise DomainError(
                _("“%(code)s” is not a country code.") % {"code": code}, field="countries"
            )
        if code not in codes:
            codes.append(code)
    return codes


def _cleaned(fields: dict[str, Any]) -> dict[str, Any]:
    """The given fields with lists and countries cleaned (only those given)."""
    cleaned = dict(fields)
    for name in ("required_languages", "desired_languages"):
        if name in cleaned:
            cleaned[name] = _clean_list(cleaned[name], name, languages=True)
    for name in ("required_skills", "desired_skills"):
        if name in cleaned:
            cleaned[name] = _clean_list(cleaned[name], name)
    if "countries" in cleaned:
        cleaned["countries"] = _clean_countries(cleaned["countries"])
    if "min_degree" in cleaned and cleaned["min_degree"] is None:
        cleaned["min_degree"] = ""
    return cleaned


def _comparable(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return None if value in (None, "") else str(value)


def _snapshot(criteria: ScreeningCriteria) -> dict[str, Any]:
    return {name: _comparable(getattr(criteria, name)) for name in CRITERIA_FIELDS}


@transaction.atomic
def criteria_save(*, job: JobOpening, actor: Actor, **fields: Any) -> ScreeningCriteria:
    """Create or change a job's screening criteria; a real change bumps `version`.

    Side effect on commit: the job's applications still waiting for screening are evaluated
    again (Celery).
    """
    require_hr(actor, _("change screening criteria"))
    unknown = set(fields) - set(CRITERIA_FIELDS)
    if unknown:
        raise TypeError(f"Unknown criteria fields: {sorted(unknown)}")
    criteria = ScreeningCriteria.objects.select_for_update().filter(job=job).first()
    created = criteria is None
    if criteria is None:
        criteria = ScreeningCriteria(job=job, deadline=job.closes_on)
    before = _snapshot(criteria)
    for name, value in _cleaned(fields).items():
        setattr(criteria, name, value)
    if criteria.nationality_rule == NationalityRule.NOT_HOST and not criteria.host_country:
        raise DomainError(_("Name the host country."), field="host_country")
    full_clean(criteria, exclude=["job", "updated_by"])
    if not created and before == _snapshot(criteria):
        return criteria
    if not created:
        criteria.version += 1
    criteria.updated_by = acting_user(actor)
    criteria.save()
    enqueue_on_commit(tasks.evaluate_job, job.pk)
    return criteria
