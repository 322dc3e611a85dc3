"""The project's URLs plus a stand-in for the adverse-impact report (another app's)."""

from django.http import HttpResponse
from django.urls import path

from ats.urls import urlpatterns as project_urls

urlpatterns = [
    path("hr/diversity/", lambda request: HttpResponse("ok"), name="diversity-report"),
    *project_urls,
]
