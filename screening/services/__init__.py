"""Business actions of screening and the written exam, one module per entity: criteria,
evaluations, decisions, exams (time, place, sections, invitations), invitations (the e-mail),
marks (attendance and marks) and marks_import (a CSV file of marks).

`from screening import services; services.exam_save(...)` is how the rest of the project calls
them; the names below are the public ones.
"""

from screening.services.criteria import LIST_ITEM_MAX, LIST_MAX, criteria_save
from screening.services.decisions import (
    NOTE_MAX,
    BulkDecisionOutcome,
    decision_record,
    decisions_pass_recommended,
)
from screening.services.evaluations import (
    evaluation_request_for_cv,
    evaluation_run,
    evaluation_run_for_cv,
    evaluations_request_for_job,
    evaluations_run_for_job,
)
from screening.services.exams import exam_invite, exam_save
from screening.services.invitations import exam_invitation_send
from screening.services.marks import (
    MarksReport,
    ScoreEntry,
    marks_save,
    score_entries_for,
    sitting_attendance_set,
)
from screening.services.marks_import import ImportReport, scores_import_csv

__all__ = [
    "LIST_ITEM_MAX",
    "LIST_MAX",
    "NOTE_MAX",
    "BulkDecisionOutcome",
    "ImportReport",
    "MarksReport",
    "ScoreEntry",
    "criteria_save",
    "decision_record",
    "decisions_pass_recommended",
    "evaluation_request_for_cv",
    "evaluation_run",
    "evaluation_run_for_cv",
    "evaluations_request_for_job",
    "evaluations_run_for_job",
    "exam_invitation_send",
    "exam_invite",
    "exam_save",
    "marks_save",
    "score_entries_for",
    "scores_import_csv",
    "sitting_attendance_set",
]
