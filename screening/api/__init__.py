"""REST API of screening and the exam: criteria, evaluations, decisions, exams, sections,
sittings and scores (HR only, like every endpoint). Blind jobs are masked here as on the pages.

One module per subject; `screening.api_urls` routes the viewsets named below.
"""

from screening.api.criteria import CriteriaViewSet
from screening.api.decisions import DecisionViewSet
from screening.api.evaluations import EvaluationViewSet
from screening.api.exams import ExamViewSet, SectionViewSet
from screening.api.marks import ScoreViewSet, SittingViewSet

__all__ = [
    "CriteriaViewSet",
    "DecisionViewSet",
    "EvaluationViewSet",
    "ExamViewSet",
    "ScoreViewSet",
    "SectionViewSet",
    "SittingViewSet",
]
