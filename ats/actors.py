"""Who acts: a staff user, the applicant through their status link, or a named part of the system.

The access rule (docs/architecture.md, "Who may act"): pages and endpoints decide who may reach a
row (a permission on the view plus a `*_get_for_user` selector); services that change something a
role decides check the actor with `require_hr` (or their own narrower rule) the same way. An actor
is always explicit: there is no `None` that quietly switches the checks off.
"""

from dataclasses import dataclass
from typing import Any, TypeAlias

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _

from ats.errors import DomainError
from ats.roles import is_hr


@dataclass(frozen=True, slots=True)
class SystemActor:
    """Code acting on its own authority (a Celery task, the demo loader, the retention job)."""

    name: str

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True, slots=True)
class ApplicantActor:
    """The applicant, proven by the status link of one application, acting on that application."""

    application_id: int


# `request.user` is typed as a `UserLike`; an anonymous user passes no role check.
UserLike: TypeAlias = AbstractBaseUser | AnonymousUser
Actor: TypeAlias = UserLike | ApplicantActor | SystemActor

SYSTEM = SystemActor("system")  # scheduled jobs and tasks with no more specific name
DEMO = SystemActor("demo")  # `manage.py load_demo`
# The public careers site entering an anonymous applicant's submission (they have no link yet).
CAREERS_SITE = SystemActor("careers site")
# The daily retention job erasing people whose retention period has ended.
RETENTION = SystemActor("retention")


def acting_user(actor: Actor) -> Any:
    """The user to record in an audit column (`actor` foreign keys): None unless a person on the
    staff acted."""
    if isinstance(actor, ApplicantActor | SystemActor):
        return None
    return actor if actor.is_authenticated else None


def actor_label(actor: Actor) -> str:
    """How the actor is named in an audit record or on a page."""
    if isinstance(actor, SystemActor):
        return actor.name
    if isinstance(actor, ApplicantActor):
        return _("the applicant")
    if not actor.is_authenticated:
        return _("anonymous")
    full_name = getattr(actor, "get_full_name", lambda: "")()
    return str(full_name or actor.get_username())


def require_hr(actor: Actor, action: str | None = None, *, person: bool = False) -> None:
    """Refuse anybody but HR staff and the system itself (`action` names what was refused).

    `person=True` refuses the system too: for a judgement somebody must own (a screening
    decision), no task may stand in for a person.
    """
    if isinstance(actor, SystemActor) and not person:
        return
    if isinstance(actor, ApplicantActor | SystemActor) or not is_hr(actor):
        if action is None:
            message = _("Only HR staff may do this.")
        else:
            message = _("Only HR staff may %(action)s.") % {"action": action}
        raise DomainError(message, code="forbidden")


def is_applicant_of(actor: Actor, application_id: int) -> bool:
    """The applicant acting through the status link of this very application."""
    return isinstance(actor, ApplicantActor) and actor.application_id == application_id
