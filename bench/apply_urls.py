"""URLs of the apply bench: the project's, plus the bare view it is compared with."""

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from ats.urls import urlpatterns as project_urlpatterns


@csrf_exempt
def bare_insert(request: HttpRequest) -> HttpResponse:
    """The yardstick: one INSERT through the same middleware, server and database."""
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_hit (at) VALUES (now())")
    return HttpResponse(status=201)


urlpatterns = [path("bench/insert/", bare_insert), *project_urlpatterns]
