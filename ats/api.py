"""Shared API plumbing: pagination, input validation and the handler mapping errors to JSON."""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers, status
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
    """Every error is JSON: `{"detail": ..., "code": ...}` or `{field: [messages]}`."""
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
    return drf_exception_handler(exc, context)
