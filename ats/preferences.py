"""A staff user's language and time zone: stored in their profile, kept in the session from
login on (so that pages ask the database nothing more for them), activated on every request."""

import zoneinfo
from functools import cache
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest

from ats.models import StaffProfile

LANGUAGE_SESSION_KEY = "ats_language"
TIME_ZONE_SESSION_KEY = "ats_time_zone"


@cache
def time_zone_names() -> tuple[str, ...]:
    return tuple(sorted(zoneinfo.available_timezones()))


def language_codes() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


def staff_profile_get(user: User) -> StaffProfile:
    """The user's profile, or an unsaved empty one (every field empty: follow the browser)."""
    profile = StaffProfile.objects.filter(user=user).first()
    return profile or StaffProfile(user=user)


def staff_language(user: User) -> str:
    """The language to write to a staff member in: their profile's, else the site's."""
    return staff_profile_get(user).language or settings.LANGUAGE_CODE


def staff_profile_update(
    *, actor: User, language: str | None = None, time_zone: str | None = None
) -> StaffProfile:
    """The actor's own language and/or time zone (None: unchanged, "": follow the browser / the
    site's zone). Only a person sets their own; no side effects beyond the row."""
    with transaction.atomic():
        profile, _created = StaffProfile.objects.select_for_update().get_or_create(user=actor)
        fields = []
        if language is not None and language != profile.language:
            profile.language = language if language in language_codes() else ""
            fields.append("language")
        if time_zone is not None and time_zone != profile.time_zone:
            profile.time_zone = time_zone if time_zone in time_zone_names() else ""
            fields.append("time_zone")
        if fields:
            profile.save(update_fields=fields)
    return profile


def remember(request: HttpRequest, profile: StaffProfile) -> None:
    """Keep the profile's choices in the session, where the middleware reads them."""
    request.session[LANGUAGE_SESSION_KEY] = profile.language
    request.session[TIME_ZONE_SESSION_KEY] = profile.time_zone


def remember_on_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        remember(request, staff_profile_get(user))


def session_choices(request: HttpRequest) -> tuple[str, str]:
    """(language, time zone) chosen by the logged-in user, "" for each one not chosen."""
    session = getattr(request, "session", None)
    if session is None or not request.user.is_authenticated:
        return "", ""
    language = session.get(LANGUAGE_SESSION_KEY, "")
    zone = session.get(TIME_ZONE_SESSION_KEY, "")
    return (
        language if language in language_codes() else "",
        zone if zone in time_zone_names() else "",
    )
