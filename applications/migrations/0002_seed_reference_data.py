# The names are marked for translation (gettext_noop stores them as written, in English):
# pages show them in the reader's language, see ats.i18n.names.
from django.db import migrations
from django.utils.translation import gettext_noop as _

DEFAULT_STAGES = [
    (_("Application received"), "applied"),
    (_("Preliminary screening"), "screening"),
    (_("Written examination"), "exam"),
    (_("Interview round 1"), "interview"),
    (_("Interview round 2"), "interview"),
    (_("Offer"), "offer"),
    (_("Joined"), "hired"),
]
FOREIGN_EXPERT_STAGES = [
    (_("Application received"), "applied"),
    (_("Preliminary screening"), "screening"),
    (_("Interview round 1"), "interview"),
    (_("Interview round 2"), "interview"),
    (_("Offer"), "offer"),
    (_("Joined"), "hired"),
]
CHANNELS = [
    ("careers", _("Careers page"), "careers"),
    ("linkedin", _("LinkedIn"), "linkedin"),
    ("referral", _("Referral"), "referral"),
    ("email", _("E-mail"), "email"),
    ("euraxess", "EURAXESS", "job_board"),
    ("nature-careers", "Nature Careers", "job_board"),
    ("other", _("Other"), "other"),
]
REJECTION_REASONS = [
    ("requirements-not-met", _("Does not meet the stated requirements")),
    ("stronger-candidates", _("Other candidates were stronger")),
    ("exam-below-pass", _("Written examination below the pass mark")),
    ("interview-performance", _("Interview performance")),
    ("position-filled", _("Position filled")),
    ("incomplete-application", _("Incomplete application")),
    ("offer-declined", _("Declined our offer")),
    ("no-show", _("Did not attend")),
    ("other", _("Other")),
]


def seed(apps, schema_editor):
    Template = apps.get_model("applications", "PipelineTemplate")
    TemplateStage = apps.get_model("applications", "PipelineTemplateStage")
    Channel = apps.get_model("applications", "Channel")
    RejectionReason = apps.get_model("applications", "RejectionReason")
    for name, description, stages, is_default in [
        (
            _("Staff recruitment"),
            _("Screening, a written examination and two interview rounds."),
            DEFAULT_STAGES,
            True,
        ),
        (
            _("Foreign-expert call"),
            _("Screening and two interview rounds; no written examination."),
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
