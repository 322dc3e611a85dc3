"""REST API of interviews, one module per entity: rounds and criteria, interviews, panels,
scorecards, decisions and calibration (mounted by interviews/api_urls.py).

Role rules: HR reaches everything. An interviewer reaches only the interviews whose panel they
sit on, their own seat and scorecards there, and (after submitting their own) the others'
submitted scorecards of the same interview: anything else is a 404, an HR action a 403.
"""

from interviews.api.decisions import CalibrationView, RoundDecisionViewSet
from interviews.api.interviews import InterviewViewSet
from interviews.api.panels import PanelMemberViewSet
from interviews.api.rounds import RoundViewSet
from interviews.api.scorecards import ScorecardViewSet

__all__ = [
    "CalibrationView",
    "InterviewViewSet",
    "PanelMemberViewSet",
    "RoundDecisionViewSet",
    "RoundViewSet",
    "ScorecardViewSet",
]
