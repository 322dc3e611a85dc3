from django.db import migrations

DEFAULT_STAGES = [
    ("Application received", "applied"),
    ("Preliminary screening", "screening"),
    ("Written examination", "exam"),
    ("Interview round 1", "interview"),
    ("Interview round 2", "interview"),
    ("Offer", "offer"),
    ("Joined", "hired"),
]
FOREIGN_EXPERT_STAGES = [
    ("Application received", "applied"),
    ("Preliminary screening", "screening"),
    ("Interview round 1", "interview"),
    ("Interview round 2", "interview"),
    ("Offer", "offer"),
    ("Joined", "hired"),
]
CHANNELS = [
    ("careers", "Careers page", "careers"),
    ("linkedin", "LinkedIn", "linkedin"),
    ("referral", "Referral", "referral"),
    ("email", "E-mail", "email"),
    ("euraxess", "EURAXESS", "job_board"),
    ("nature-careers", "Nature Careers", "job_board"),
    ("other", "Other", "other"),
]
REJECTION_REASONS = [
    ("requirements-not-met", "Does not meet the stated requirements"),
    ("stronger-candidates", "Other candidates were stronger"),
    ("exam-below-pass", "Written examination below the pass mark"),
    ("interview-performance", "Interview performance"),
    ("position-filled", "Position filled"),
    ("incomplete-application", "Incomplete application"),
    ("offer-declined", "Declined our offer"),
    ("no-show", "Did not attend"),
    ("other", "Other"),
]


def seed(apps, schema_editor):
    Template = apps.get_model("applications", "PipelineTemplate")
    TemplateStage = apps.get_model("applications", "PipelineTemplateStage")
    Channel = apps.get_model("applications", "Channel")
    RejectionReason = apps.get_model("applications", "RejectionReason")
    for name, description, stages, is_default in [
        (
            "Staff recruitment",
            "Screening, a written examination and two interview rounds.",
            DEFAULT_STAGES,
            True,
        ),
        (
            "Foreign-expert call",
            "Screening and two interview rounds; no written examination.",
            FOREIGN_EXPERT_STAGES,
            False,
        ),
    ]:
        template, created = Template.objects.get_or_create(
            name=name, defaults={"description": description, "is_default": is_default}
        )
        if created:
            for position, (stage_name, kind) in enumerate(stages):
                TemplateStage.objects.create(
                    template=template, position=position, name=stage_name, kind=kind
                )
    for slug, name, kind in CHANNELS:
        Channel.objects.get_or_create(slug=slug, defaults={"name": name, "kind": kind})
    for position, (code, label) in enumerate(REJECTION_REASONS):
        RejectionReason.objects.get_or_create(
            code=code, defaults={"label": label, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("applications", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
