"""Shared API plumbing: pagination, input validation and the handler mapping errors to JSON
(the schema documenting those errors is `ats.schema`)."""

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, Q, QuerySet
from django.db.models.constants import LOOKUP_SEP
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework import exceptions, serializers, status
from rest_framework.pagination import CursorPagination, PageNumberPagination
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle
from rest_framework.utils.urls import replace_query_param
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
    """Numbered pages with a `count`: for lists that stay small (jobs, stages, templates...)."""

    page_size_query_param = "page_size"
    max_page_size = 500


@dataclass(frozen=True)
class Keyset:
    """Where a page starts: strictly after (or, going back, before) the row with these values of
    the ordering's fields."""

    values: tuple[Any, ...]
    backwards: bool


class KeysetPagination(CursorPagination):
    """Pages of a long list by position, not by offset: the last page costs what the first does.

    The order is the view's `ordering` (or the `ordering` parameter, among `ordering_fields`)
    with `id` appended as the tie-breaker, so that rows with equal values are neither repeated
    nor skipped. The cursor holds the values of the ordering's fields in the row a page ends
    (or starts) on; the next page is the rows after it, `(a < x) OR (a = x AND id < y)`, with
    `a <= x` besides so that the database starts its index scan at the position. Every field
    of an ordering offered must be non-null (NULL compares to nothing) and not personal data
    (a cursor is readable). The answer is `{"next", "previous", "results"}`, without a count.
    """

    ordering: tuple[str, ...] = ("-id",)
    page_size_query_param = "page_size"
    max_page_size = 500
    tiebreaker = "id"

    def get_ordering(self, request: Any, queryset: QuerySet[Any], view: Any) -> tuple[str, ...]:
        ordering = tuple(super().get_ordering(request, queryset, view))
        if not any(field.lstrip("-") in (self.tiebreaker, "pk") for field in ordering):
            descending = ordering[-1].startswith("-")
            ordering = (*ordering, f"-{self.tiebreaker}" if descending else self.tiebreaker)
        return ordering

    def paginate_queryset(
        self, queryset: QuerySet[Any], request: Any, view: Any = None
    ) -> list[Any]:
        self.request = request
        self.base_url = request.build_absolute_uri()
        self.page_size = self.get_page_size(request) or api_settings.PAGE_SIZE or 50
        self.ordering = self.get_ordering(request, queryset, view)
        self.model = queryset.model
        keyset = self.decode_cursor(request)
        backwards = keyset is not None and keyset.backwards
        ordering = _reversed(self.ordering) if backwards else self.ordering
        queryset = queryset.order_by(*ordering)
        if keyset is not None:
            queryset = queryset.filter(_after(ordering, keyset.values))
        rows = list(queryset[: self.page_size + 1])
        more = len(rows) > self.page_size
        rows = rows[: self.page_size]
        if backwards:
            rows.reverse()
        # Coming from a cursor, there is a row on the side it came from.
        self.has_next = keyset is not None if backwards else more
        self.has_previous = more if backwards else keyset is not None
        self.page = rows
        return rows

    def get_next_link(self) -> str | None:
        if not self.has_next or not self.page:
            return None
        return self._link(self.page[-1], backwards=False)

    def get_previous_link(self) -> str | None:
        if not self.has_previous or not self.page:
            return None
        return self._link(self.page[0], backwards=True)

    def _link(self, row: Model, *, backwards: bool) -> str:
        values = [_json_value(_value(row, field.lstrip("-"))) for field in self.ordering]
        raw = json.dumps({"v": values, "b": backwards}, separators=(",", ":"))
        cursor = base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")
        link: str = replace_query_param(self.base_url or "", self.cursor_query_param, cursor)
        return link

    def decode_cursor(self, request: Any) -> Keyset | None:  # type: ignore[override]
        encoded = request.query_params.get(self.cursor_query_param)
        if encoded is None:
            return None
        try:
            data = json.loads(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))
            raw, backwards = data["v"], data["b"]
            if not isinstance(raw, list) or len(raw) != len(self.ordering):
                raise ValueError
            values = tuple(
                _field(self.model, f.lstrip("-")).to_python(v)
                for f, v in zip(self.ordering, raw, strict=True)
            )
        except (ValueError, TypeError, KeyError, binascii.Error, DjangoValidationError) as exc:
            message = _("This cursor is not valid here; start again from the first page.")
            raise InvalidInput({self.cursor_query_param: [message]}) from exc
        if not isinstance(backwards, bool) or not all(_storable(value) for value in values):
            raise InvalidInput({self.cursor_query_param: [_("This cursor is not valid here.")]})
        return Keyset(values, backwards)


def _storable(value: Any) -> bool:
    # What a column can hold, so that a forged cursor is a 400 and never a database error.
    if value is None:
        return False
    if isinstance(value, int):
        return -MAX_ID - 1 <= value <= MAX_ID
    if isinstance(value, str):
        return "\x00" not in value
    if isinstance(value, datetime):
        return value.tzinfo is not None
    return True


def _reversed(ordering: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(field[1:] if field.startswith("-") else f"-{field}" for field in ordering)


def _after(ordering: tuple[str, ...], values: tuple[Any, ...]) -> Q:
    """The rows strictly after `values` in `ordering` (each field ascending or descending)."""
    after = Q()
    equal = Q()
    for field, value in zip(ordering, values, strict=True):
        name = field.lstrip("-")
        op = "lt" if field.startswith("-") else "gt"
        after |= equal & Q(**{f"{name}__{op}": value})
        equal &= Q(**{name: value})
    first = ordering[0]
    start = Q(**{f"{first.lstrip('-')}__{'lte' if first.startswith('-') else 'gte'}": values[0]})
    return start & after


def _field(model: type[Model], path: str) -> Any:
    field: Any = None
    for name in path.split(LOOKUP_SEP):
        if field is not None:
            model = field.related_model
        try:
            field = model._meta.pk if name == "pk" else model._meta.get_field(name)
        except FieldDoesNotExist as exc:
            raise ValueError(path) from exc
    if field.is_relation:
        field = field.target_field
    return field


def _value(row: Model, path: str) -> Any:
    value: Any = row
    for name in path.split(LOOKUP_SEP):
        value = getattr(value, name)
    return value.pk if isinstance(value, Model) else value


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


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
