"""API URLs of interviews, mounted under /api/interviews/."""

from django.urls import include, path

from ats.api import Router
from interviews import api

app_name = "interviews-api"

router = Router()
router.register("rounds", api.RoundViewSet, basename="round")
router.register("interviews", api.InterviewViewSet, basename="interview")
router.register("panel-members", api.PanelMemberViewSet, basename="panel-member")
router.register("scorecards", api.ScorecardViewSet, basename="scorecard")
router.register("decisions", api.RoundDecisionViewSet, basename="decision")

urlpatterns = [
    path("calibration/", api.CalibrationView.as_view(), name="calibration"),
    path("", include(router.urls)),
]
