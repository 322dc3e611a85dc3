"""The staff profile page (language and time zone) and the language switcher every page shows."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import i18n
from django.views.decorators.http import require_POST

from ats import preferences


def language_choices() -> list[tuple[str, str]]:
    """Each language in its own name (English, 简体中文), as switchers show them."""
    return [
        (code, translation.get_language_info(code)["name_local"]) for code, _n in settings.LANGUAGES
    ]


class ProfileForm(forms.Form):
    language = forms.ChoiceField(label=gettext_lazy("Language"), required=False)
    time_zone = forms.ChoiceField(
        label=gettext_lazy("Time zone"),
        required=False,
        help_text=gettext_lazy("Times on the pages are shown in this zone."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [  # type: ignore[attr-defined]
            ("", _("Follow the browser")),
            *language_choices(),
        ]
        self.fields["time_zone"].choices = [  # type: ignore[attr-defined]
            ("", _("The site's zone (%(zone)s)") % {"zone": settings.TIME_ZONE}),
            *((name, name.replace("_", " ")) for name in preferences.time_zone_names()),
        ]


@login_required
def profile(request: HttpRequest) -> HttpResponseBase:
    assert isinstance(request.user, User)  # login_required  # noqa: S101
    current = preferences.staff_profile_get(request.user)
    form = ProfileForm(
        request.POST or None,
        initial={"language": current.language, "time_zone": current.time_zone},
    )
    if request.method == "POST" and form.is_valid():
        saved = preferences.staff_profile_update(
            actor=request.user,
            language=form.cleaned_data["language"],
            time_zone=form.cleaned_data["time_zone"],
        )
        preferences.remember(request, saved)
        if saved.language:
            translation.activate(saved.language)
        messages.success(request, _("Your settings are saved."))
        return redirect("profile")
    return render(
        request, "registration/profile.html", {"form": form}, status=400 if form.errors else 200
    )


@require_POST
def set_language(request: HttpRequest) -> HttpResponseBase:
    """Django's switcher (a cookie, then back to the page); for a logged-in user the choice is
    also their profile's, so that it holds on every device and in their e-mails' pages."""
    response = i18n.set_language(request)
    language = request.POST.get("language", "")
    if isinstance(request.user, User) and language in preferences.language_codes():
        saved = preferences.staff_profile_update(actor=request.user, language=language)
        preferences.remember(request, saved)
    return response
