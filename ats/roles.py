"""Roles (Django groups) and the permission checks that pages and the API share."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

HR_GROUP = "hr"
INTERVIEWER_GROUP = "interviewer"
ALL_GROUPS = (HR_GROUP, INTERVIEWER_GROUP)


def _group_names(user: Any) -> frozenset[str]:
    # Cached on the user object: a page asks several times, the database is asked once.
    cached = getattr(user, "_ats_group_names", None)
    if cached is None:
        if not user or not user.is_authenticated:
            cached = frozenset()
        else:
            cached = frozenset(user.groups.values_list("name", flat=True))
        if user is not None:
            user._ats_group_names = cached
    return cached


def is_hr(user: Any) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or HR_GROUP in _group_names(user)


def hr_notification_emails() -> list[str]:
    """Who hears about things HR must know: HR_NOTIFICATION_EMAILS, or else every active HR
    user with an e-mail address."""
    # Imported here: the user model is known only once the apps are loaded.
    from django.contrib.auth import get_user_model

    configured = [e for e in getattr(settings, "HR_NOTIFICATION_EMAILS", []) if e]
    if configured:
        return configured
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=HR_GROUP, email__gt="")
        .order_by("email")
    )
    return list(dict.fromkeys(users.values_list("email", flat=True)))


def is_interviewer(user: Any) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return INTERVIEWER_GROUP in _group_names(user)


class IsHR(BasePermission):
    """API access for HR staff only; anonymous users get 401, other users 403."""

    message = _("Only HR staff may use this endpoint.")

    def has_permission(self, request, view) -> bool:
        return is_hr(request.user)


def hr_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Page decorator: log in first, then HR only (403 for other users)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not is_hr(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def role_context(request: HttpRequest) -> dict[str, bool]:
    user = getattr(request, "user", None)
    return {"user_is_hr": is_hr(user), "user_is_interviewer": is_interviewer(user)}
