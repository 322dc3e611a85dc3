"""API URLs of the foreign-expert cases, mounted under /api/programs/."""

from django.urls import include, path

from ats.api import Router
from programs import api

app_name = "programs-api"

router = Router()
router.register("programmes", api.ProgrammeViewSet, basename="programme")
router.register("categories", api.ProgrammeCategoryViewSet, basename="category")
router.register(
    "document-requirements", api.DocumentRequirementViewSet, basename="document-requirement"
)
router.register("cases", api.CaseViewSet, basename="case")
router.register("funding-applications", api.FundingApplicationViewSet, basename="funding")
router.register("immigration-records", api.ImmigrationRecordViewSet, basename="record")
router.register("documents", api.CaseDocumentViewSet, basename="document")

urlpatterns = [
    path("expiring/", api.ExpiringPermitsView.as_view(), name="expiring"),
    path("", include(router.urls)),
]
