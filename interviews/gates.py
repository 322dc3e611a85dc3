"""The gate of interview stages: a held interview, every scorecard in, and an advance decision."""

from collections.abc import Sequence

from django.utils.translation import gettext as _

from applications.models import Application, StageKind
from ats.i18n.names import translate_name
from interviews import selectors
from interviews.models import InterviewRound


def interview_gate(application: Application) -> str | None:
    """For the round of the application's current stage: None when it may move on, else what
    is missing (“no interview held in Interview round 1 yet”, “2 of 3 scorecards submitted”,
    “no advance decision for Interview round 1”)."""
    round_ = selectors.round_for_stage(application.stage)
    if round_ is None:
        # The round is created when HR first opens the job's interviews; until then nothing
        # can have been held in it.
        return _("no interview held in %(round)s yet") % {
            "round": translate_name(application.stage.name)
        }
    return selectors.round_refusal(application, round_)


def interview_gate_many(applications: Sequence[Application]) -> dict[int, str | None]:
    """The bulk form of `interview_gate`: five queries (the rounds of their stages, then the
    live interviews with their panels, the scorecards and the decisions)."""
    rounds = {
        r.stage_id: r
        for r in InterviewRound.objects.filter(
            stage_id__in={a.stage_id for a in applications}, stage__kind=StageKind.INTERVIEW
        ).select_related("stage")
    }
    refusals = selectors.round_refusals([a for a in applications if a.stage_id in rounds], rounds)
    for application in applications:
        if application.stage_id not in rounds:
            refusals[application.pk] = _("no interview held in %(round)s yet") % {
                "round": translate_name(application.stage.name)
            }
    return refusals
