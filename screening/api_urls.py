"""API URLs of screening and the written exam, mounted under /api/screening/."""

from django.urls import include, path

from ats.api import Router
from screening import api

app_name = "screening-api"

router = Router()
router.register("criteria", api.CriteriaViewSet, basename="criteria")
router.register("evaluations", api.EvaluationViewSet, basename="evaluation")
router.register("decisions", api.DecisionViewSet, basename="decision")
router.register("exams", api.ExamViewSet, basename="exam")
router.register("sections", api.SectionViewSet, basename="section")
router.register("sittings", api.SittingViewSet, basename="sitting")
router.register("scores", api.ScoreViewSet, basename="score")

urlpatterns = [path("", include(router.urls))]
