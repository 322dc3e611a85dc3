"""Top-level URLs: HR pages, the REST API with its schema and docs, admin, login."""

from collections.abc import Callable

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.http.response import HttpResponseBase
from django.templatetags.static import static
from django.urls import include, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.views import APIView

from applications import api as applications_api
from applications import careers_urls
from ats import profile
from ats.api import Router
from webhooks import api as webhooks_api

router = Router()
router.register("jobs", applications_api.JobViewSet, basename="job")
router.register("stages", applications_api.StageViewSet, basename="stage")
router.register("candidates", applications_api.CandidateViewSet, basename="candidate")
router.register("applications", applications_api.ApplicationViewSet, basename="application")
router.register("stage-events", applications_api.StageEventViewSet, basename="stage-event")
router.register("offers", applications_api.OfferViewSet, basename="offer")
router.register("pipelines", applications_api.PipelineTemplateViewSet, basename="pipeline")
router.register("channels", applications_api.ChannelViewSet, basename="channel")
router.register(
    "rejection-reasons", applications_api.RejectionReasonViewSet, basename="rejection-reason"
)
router.register(
    "possible-duplicates",
    applications_api.PossibleDuplicateViewSet,
    basename="possible-duplicate",
)
router.register(
    "candidate-merges", applications_api.CandidateMergeViewSet, basename="candidate-merge"
)
router.register("postings", applications_api.PostingViewSet, basename="posting")
router.register("webhooks", webhooks_api.WebhookSubscriptionViewSet, basename="webhook")


def _favicon(request: HttpRequest) -> HttpResponseBase:
    # Resolved per request: with hashed static names the URL is known only after collectstatic.
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


def _docs(view_class: type[APIView]) -> Callable[..., HttpResponseBase]:
    view = view_class.as_view(url_name="api-schema")
    return view if settings.API_DOCS_PUBLIC else login_required(view)


handler404 = "ats.api.not_found"

urlpatterns = [
    # Pages that do not link the icon (admin, browsable API) make browsers ask for this path.
    path("favicon.ico", _favicon),
    path("", include("applications.urls")),
    path("", include("applications.careers_urls")),
    path("", include("programs.urls")),
    path("", include("screening.urls")),
    path("", include("messaging.urls")),
    path("", include("interviews.urls")),
    path("", include("webhooks.urls")),
    path("", include("diversity.urls")),
    path("", include("reports.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/profile/", profile.profile, name="profile"),
    path("i18n/setlang/", profile.set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("api/public/", include(careers_urls.api_urlpatterns)),
    path("api/programs/", include("programs.api_urls")),
    path("api/screening/", include("screening.api_urls")),
    path("api/interviews/", include("interviews.api_urls")),
    path("api/reports/", include("reports.api_urls")),
    path("api/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The docs are pages: a visitor who is not logged in is sent to the login page (unless
    # API_DOCS_PUBLIC). The split Swagger view serves its start-up script as a file, which the
    # Content-Security-Policy allows (it allows no inline script).
    path("api/docs/", _docs(SpectacularSwaggerSplitView), name="api-docs"),
    path("api/redoc/", _docs(SpectacularRedocView), name="api-redoc"),
]
