"""Top-level URLs: HR pages, the REST API with its schema and docs, admin, login."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from applications import api as applications_api
from applications import careers_urls

router = DefaultRouter()
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
router.register("postings", applications_api.PostingViewSet, basename="posting")

urlpatterns = [
    # Pages that do not link the icon (admin, browsable API) make browsers ask for this path.
    path("favicon.ico", RedirectView.as_view(url=static("img/favicon.svg"), permanent=True)),
    path("", include("applications.urls")),
    path("", include("applications.careers_urls")),
    path("", include("programs.urls")),
    path("", include("screening.urls")),
    path("", include("interviews.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/public/", include(careers_urls.api_urlpatterns)),
    path("api/programs/", include("programs.api_urls")),
    path("api/screening/", include("screening.api_urls")),
    path("api/interviews/", include("interviews.api_urls")),
    path("api/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
]
