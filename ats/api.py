"""Shared API plumbing: pagination, input validation and the handler mapping errors to JSON
(the schema documenting those errors is `ats.schema`)."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from rest_framework import exceptions, serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import exception_handler as drf_exception_handler

from ats.errors import DomainError, InvalidInput, validation_messages


class Router(DefaultRouter):
    """Every app's API router: ids in paths are numbers, so `/api/applications/abc/` is a 404
    that never reaches a query (a viewset with other keys sets its own `lookup_value_regex`)."""

    def get_lookup_regex(self, viewset: Any, lookup_prefix: str = "") -> str:
        if not hasattr(viewset, "lookup_value_regex"):
            viewset.lookup_value_regex = "[0-9]+"
        return super().get_lookup_regex(viewset, lookup_prefix)


class PublicRateThrottle(AnonRateThrottle):
    """The public careers API's own rate per client address (`API_PUBLIC_RATE`)."""

    scope = "public"


# The largest id a row can have (a 64-bit column): a bigger number in a list of ids would reach
# the database and fail there (`pk__in` is not guarded the way an exact lookup is).
MAX_ID = 2**63 - 1


class IdField(serializers.IntegerField):
    """A row's id in an input body: a positive number an id column can hold."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500


def validated(
    serializer_class: type[serializers.BaseSerializer[Any]], data: Any, **kwargs: Any
) -> dict[str, Any]:
    """An input serializer's validated data, or a 400 with its field messages."""
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Every error is a JSON object: `{"detail": ..., "code": ...}`, or `{field: [messages]}` for
    invalid input (the shapes `AutoSchema` documents)."""
    if isinstance(exc, InvalidInput):
        return Response(exc.errors, status=exc.status_code)
    if isinstance(exc, DomainError):
        body: dict[str, Any] = {"detail": exc.message, "code": exc.code}
        if exc.field:
            body = {exc.field: [exc.message], "detail": exc.message, "code": exc.code}
        return Response(body, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            return Response(validation_messages(exc), status=status.HTTP_400_BAD_REQUEST)
        body = {"detail": " ".join(exc.messages), "code": "invalid"}
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.APIException):
        response.data = _error_body(exc, response.data)
    return response


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 404 of a path no URL matches (`handler404`): under /api/ the API's JSON error, so that
    `/api/applications/abc/` answers like a missing row; elsewhere Django's page."""
    if request.path.startswith("/api/"):
        body = {"detail": str(exceptions.NotFound.default_detail), "code": "not_found"}
        return JsonResponse(body, status=status.HTTP_404_NOT_FOUND)
    return defaults.page_not_found(request, exception)


def _error_body(exc: exceptions.APIException, data: Any) -> Any:
    # DRF answers `["message"]` for a ValidationError raised with a plain message, and
    # `{"detail": ...}` without a code for the others: both become `{"detail", "code"}`.
    if isinstance(data, list):
        return {"detail": " ".join(str(m) for m in data), "code": "invalid"}
    if isinstance(data, dict) and set(data) == {"detail"}:
        codes = exc.get_codes()
        return {
            "detail": data["detail"],
            "code": codes if isinstance(codes, str) else exc.default_code,
        }
    return data
