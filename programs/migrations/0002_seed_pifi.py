"""Seed CAS PIFI: its categories and its document checklist (all editable data afterwards)."""

from django.db import migrations
from django.utils.translation import gettext_noop

# Names and descriptions are marked for translation (stored as written, in English): pages
# show them in the reader's language, see ats.i18n.names.

PIFI = {
    "code": "pifi",
    "name": gettext_noop("CAS President's International Fellowship Initiative (PIFI)"),
    "description": gettext_noop(
        "Fellowships of the Chinese Academy of Sciences for international scientists, "
        "postdoctoral researchers and PhD students at CAS institutes. The host institute "
        "submits the application."
    ),
    "host_country": "CN",
    "excludes_host_nationals": True,
    "max_continuations": 2,
    "call_window": gettext_noop("Annual call; the host institute submits in the call window."),
}

CATEGORIES = [
    ("distinguished-scientist", gettext_noop("Distinguished Scientist")),
    ("visiting-scientist", gettext_noop("Visiting Scientist")),
    ("postdoctoral-researcher", gettext_noop("Postdoctoral Researcher")),
    ("phd-student", gettext_noop("International PhD Student")),
]

# (code, name, required, authentication, category code or None for every category)
DOCUMENTS = [
    ("passport", gettext_noop("Passport data page"), True, "none", None),
    ("photo", gettext_noop("Photo"), True, "none", None),
    ("cv", gettext_noop("CV"), True, "none", None),
    ("degree", gettext_noop("Highest degree certificate"), True, "legalised_or_verified", None),
    ("no-criminal-record", gettext_noop("No-criminal-record certificate"), True, "legalised", None),
    ("work-experience", gettext_noop("Work-experience letter"), True, "none", None),
    ("medical", gettext_noop("Medical report"), True, "none", None),
    ("contract", gettext_noop("Employment contract"), True, "none", None),
    ("research-plan", gettext_noop("Research plan"), True, "none", None),
    ("host-recommendation", gettext_noop("Host's recommendation"), True, "none", None),
    ("referee-1", gettext_noop("Referee letter 1"), True, "none", "postdoctoral-researcher"),
    ("referee-2", gettext_noop("Referee letter 2"), True, "none", "postdoctoral-researcher"),
]


def seed(apps, schema_editor):
    Programme = apps.get_model("programs", "Programme")
    Category = apps.get_model("programs", "ProgrammeCategory")
    Requirement = apps.get_model("programs", "DocumentRequirement")
    fields = dict(PIFI)
    programme, _ = Programme.objects.get_or_create(code=fields.pop("code"), defaults=fields)
    categories = {}
    for position, (code, name) in enumerate(CATEGORIES):
        categories[code], _ = Category.objects.get_or_create(
            programme=programme, code=code, defaults={"name": name, "position": position}
        )
    for position, (code, name, required, authentication, category) in enumerate(DOCUMENTS):
        Requirement.objects.get_or_create(
            programme=programme,
            category=categories[category] if category else None,
            code=code,
            defaults={
                "name": name,
                "required": required,
                "authentication": authentication,
                "position": position,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("programs", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
