"""Strings of Django itself that its own Simplified Chinese catalogue (Django 5.2) leaves
untranslated; marked here so that makemessages puts them into ours, which Django reads first.
Drop a line when a Django upgrade translates it (check: compare Django's en and zh_Hans
catalogues of django/contrib/admin, contrib/auth and conf)."""

from django.utils.translation import gettext_noop, ngettext_lazy

DJANGO_STRINGS = [
    # django/contrib/admin: the admin index's column headers (read by screen readers) and pages.
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    gettext_noop("Error:"),
    gettext_noop("Forgotten your login credentials?"),
    gettext_noop("In case you’ve forgotten, you are:"),
    # django/conf: a model form's choice that is not valid.
    gettext_noop("%(model)s instance with %(field)s %(value)r is not a valid choice."),
    # django/contrib/auth: the password validator.
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "min_length",
    ),
]
