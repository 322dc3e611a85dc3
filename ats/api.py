"""Shared API plumbing: pagination and the exception handler that maps domain errors to JSON."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from ats.errors import DomainError, InvalidInput


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500


def exception_handler(exc, context):
    """Every error is JSON: `{"detail": ..., "code": ...}` or `{field: [messages]}`."""
    if isinstance(exc, InvalidInput):
        return Response(exc.errors, status=exc.status_code)
    if isinstance(exc, DomainError):
        body = {"detail": exc.message, "code": exc.code}
        if exc.field:
            body = {exc.field: [exc.message], "detail": exc.message, "code": exc.code}
        return Response(body, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            body = {field: [str(m) for m in msgs] for field, msgs in exc.message_dict.items()}
        else:
            body = {"detail": " ".join(exc.messages), "code": "invalid"}
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)
