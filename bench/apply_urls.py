"""URLs of the apply bench: the project's, plus the two views it is compared with."""

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from rest_framework.decorators import api_view, parser_classes
from rest_framework.exceptions import Throttled
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from applications import selectors, services
from applications.careers_api import _public, submission_fields, submission_input
from ats.ratelimit import allow, client_key
from ats.urls import urlpatterns as project_urlpatterns


@csrf_exempt
def bare_insert(request: HttpRequest) -> HttpResponse:
    """The yardstick: one INSERT through the same middleware, server and database."""
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_hit (at) VALUES (now())")
    return HttpResponse(status=201)


@api_view(["POST"])
@parser_classes([MultiPartParser, FormParser])
@_public
def checked_only(request, reference: str):
    """The public apply endpoint's steps up to the write, and no write: its job look-up, rate
    limit, form parse and every check of the submission, answered as the endpoint answers. What
    no apply path that tells the applicant of a bad field on the form can skip."""
    job = selectors.open_job_get(reference)
    if not allow("apply", client_key(request), limit=settings.APPLY_RATE_LIMIT_PER_HOUR):
        raise Throttled
    data = submission_input(request)
    services.application_check(job=job, **submission_fields(data, request))
    return Response({"status": "received"}, status=201)


urlpatterns = [
    path("bench/insert/", bare_insert),
    path("bench/checked/<str:reference>/", checked_only),
    *project_urlpatterns,
]
