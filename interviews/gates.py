"""The gate of interview stages: a held interview, every scorecard in, and an advance decision."""

from django.utils.translation import gettext as _

from applications.models import Application
from interviews import selectors


def interview_gate(application: Application) -> str | None:
    """For the round of the application's current stage: None when it may move on, else what
    is missing (“no interview held in Interview round 1 yet”, “2 of 3 scorecards submitted”,
    “no advance decision for Interview round 1”)."""
    round_ = selectors.round_for_stage(application.stage)
    if round_ is None:
        # The round is created when HR first opens the job's interviews; until then nothing
        # can have been held in it.
        return _("no interview held in %(round)s yet") % {"round": application.stage.name}
    return selectors.round_refusal(application, round_)
