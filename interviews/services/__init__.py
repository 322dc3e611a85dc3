"""Business actions of interviews, one module per entity: rounds, scheduling, panels,
scorecards, round decisions, e-mails (notices) and reminders.

Every write is one transaction; e-mails (invitations with .ics files, reminders) are written
to the outbox in it (messaging), and sent by its task after commit.
Callers use the package: `services.interview_schedule(...)`.
"""

from interviews.services.decisions import DEFAULT_REJECTION, round_decision_record
from interviews.services.notices import (
    NOTICES,
    interview_meeting,
    interview_notice_queue,
    interview_notice_send,
    scorecard_reopened_send,
)
from interviews.services.panels import (
    panel_member_add,
    panel_member_confirm_no_conflict,
    panel_member_declare_conflict,
    panel_member_remove,
    panel_member_replace,
)
from interviews.services.reminders import REMINDER_AFTER, scorecard_reminders_send
from interviews.services.rounds import (
    CRITERION_FIELDS,
    criterion_specs,
    round_update,
    rounds_ensure_for_job,
)
from interviews.services.scheduling import (
    interview_cancel,
    interview_no_show,
    interview_reschedule,
    interview_schedule,
    time_zone_from_name,
    time_zone_names,
)
from interviews.services.scorecards import scorecard_reopen, scorecard_save, scorecard_submit

__all__ = [
    "CRITERION_FIELDS",
    "DEFAULT_REJECTION",
    "NOTICES",
    "REMINDER_AFTER",
    "criterion_specs",
    "interview_cancel",
    "interview_meeting",
    "interview_no_show",
    "interview_notice_queue",
    "interview_notice_send",
    "interview_reschedule",
    "interview_schedule",
    "panel_member_add",
    "panel_member_confirm_no_conflict",
    "panel_member_declare_conflict",
    "panel_member_remove",
    "panel_member_replace",
    "round_decision_record",
    "round_update",
    "rounds_ensure_for_job",
    "scorecard_reminders_send",
    "scorecard_reopen",
    "scorecard_reopened_send",
    "scorecard_save",
    "scorecard_submit",
    "time_zone_from_name",
    "time_zone_names",
]
