"""Seed CAS PIFI: its categories and its document checklist (all editable data afterwards)."""

from django.db import migrations

PIFI = {
    "code": "pifi",
    "name": "CAS President's International Fellowship Initiative (PIFI)",
    "description": (
        "Fellowships of the Chinese Academy of Sciences for international scientists, "
        "postdoctoral researchers and PhD students at CAS institutes. The host institute "
        "submits the application."
    ),
    "host_country": "CN",
    "excludes_host_nationals": True,
    "max_continuations": 2,
    "call_window": "Annual call; the host institute submits in the call window.",
}

CATEGORIES = [
    ("distinguished-scientist", "Distinguished Scientist"),
    ("visiting-scientist", "Visiting Scientist"),
    ("postdoctoral-researcher", "Postdoctoral Researcher"),
    ("phd-student", "International PhD Student"),
]

# (code, name, required, authentication, category code or None for every category)
DOCUMENTS = [
    ("passport", "Passport data page", True, "none", None),
    ("photo", "Photo", True, "none", None),
    ("cv", "CV", True, "none", None),
    ("degree", "Highest degree certificate", True, "legalised_or_verified", None),
    ("no-criminal-record", "No-criminal-record certificate", True, "legalised", None),
    ("work-experience", "Work-experience letter", True, "none", None),
    ("medical", "Medical report", True, "none", None),
    ("contract", "Employment contract", True, "none", None),
    ("research-plan", "Research plan", True, "none", None),
    ("host-recommendation", "Host's recommendation", True, "none", None),
    ("referee-1", "Referee letter 1", True, "none", "postdoctoral-researcher"),
    ("referee-2", "Referee letter 2", True, "none", "postdoctoral-researcher"),
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
