"""What screening holds on a person (decision notes, the rules' evidence quotes, exam sittings)
and how it is exported and erased; registered with `applications.personal_data`."""

from typing import Any

from applications.models import Candidate
from screening.models import Evaluation, ScreeningDecision, Sitting

# Evidence quotes and found values repeat the CV or a form answer; outcomes and scores stay.
_QUOTED = ("evidence", "found")


def export(candidate: Candidate) -> dict[str, Any]:
    mine = {"application__candidate": candidate}
    evaluations = Evaluation.objects.filter(**mine).order_by("application_id")
    decisions = ScreeningDecision.objects.filter(**mine).order_by("at", "id")
    sittings = (
        Sitting.objects.filter(**mine).select_related("exam").prefetch_related("scores__section")
    )
    return {
        "evaluations": [
            {
                "application": e.application_id,
                "recommendation": e.recommendation,
                "score": e.score,
                "results": e.results,
                "evaluated_at": e.evaluated_at,
            }
            for e in evaluations
        ],
        "decisions": [
            {"application": d.application_id, "decision": d.decision, "note": d.note, "at": d.at}
            for d in decisions
        ],
        "exam_sittings": [
            {
                "application": s.application_id,
                "exam": s.exam.title,
                "candidate_number": s.candidate_number,
                "attendance": s.attendance,
                "scores": [
                    {"section": score.section.name, "marker": score.marker, "points": score.points}
                    for score in s.scores.all()
                ],
            }
            for s in sittings
        ],
    }


def erase(candidate: Candidate) -> None:
    mine = {"application__candidate": candidate}
    # Decisions are append-only; an erasure empties only their free-text note.
    ScreeningDecision.objects.filter(**mine).update(note="")
    for evaluation in Evaluation.objects.filter(**mine):
        evaluation.results = [
            {**result, **dict.fromkeys(_QUOTED, "")} if isinstance(result, dict) else result
            for result in evaluation.results
        ]
        evaluation.save(update_fields=["results"])
    # Sittings and their points stay (exam rankings count them): a candidate number names
    # nobody.
