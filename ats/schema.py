"""The OpenAPI schema class of every endpoint: drf-spectacular's, with the error answers
documented (a separate module from `ats.api`: DRF imports that one while it starts, and
drf-spectacular's schema module imports DRF's generic views)."""

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _
from drf_spectacular import openapi
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import serializers
from rest_framework.permissions import AllowAny

# The two error shapes every endpoint may answer with (see `exception_handler`).
ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "A refusal: a sentence for people and a stable code for clients.",
    "properties": {"detail": {"type": "string"}, "code": {"type": "string"}},
    "required": ["detail", "code"],
}
# A field of the input may itself be called `code` or `detail`, so neither is typed here.
INVALID_INPUT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": (
        "Invalid input: the messages of each wrong field by its name (`non_field_errors` or "
        "`__all__` for the input as a whole), or a refusal with `detail` and `code`."
    ),
    "additionalProperties": {},
}
WRITES = {"POST", "PUT", "PATCH", "DELETE"}
# String formats a blank value cannot satisfy: a blank URL or e-mail field answers "".
FORMATS_WITHOUT_BLANK = {"uri", "email"}


def _model_path(field: serializers.Field[Any, Any, Any, Any]) -> list[Any]:
    """The model fields a serializer field's source walks (`source="stage.name"`: the stage
    foreign key, then the stage's name); empty when it is not a path of model fields."""
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    path = []
    for attr in getattr(field, "source_attrs", None) or []:
        if model is None:
            return []
        try:
            model_field = model._meta.get_field(attr)
        except FieldDoesNotExist:
            return []
        if not model_field.concrete:  # a reverse relation: a list, or a row that may not exist
            return []
        path.append(model_field)
        model = model_field.related_model
    return path


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's schema, plus the error answers an operation can give, so that a client
    (and schemathesis) can rely on every status and body in the schema: 400 where there is input
    or a write that a rule may refuse, 401 and 403 where a login is needed, 404 where a path
    names a row or a page, 409 on a write (someone else changed the row first), 429 when
    throttled. An operation's own
    `extend_schema(responses=...)` for a code wins.

    Fields are typed as they answer: a read-only field showing a nullable relation
    (`rejection_reason`, `actor`, `from_stage`) is nullable, and a blank URL or e-mail field may
    be "" as well as a URL or an address."""

    def _get_serializer_field_meta(self, field: Any, direction: Any) -> Any:
        meta = super()._get_serializer_field_meta(field, direction)  # type: ignore[no-untyped-call]
        if (
            isinstance(field, serializers.Field)
            and field.read_only
            and not field.allow_null
            and any(getattr(f, "null", False) for f in _model_path(field))
        ):
            meta["nullable"] = True
        return meta

    def _map_serializer_field(
        self, field: Any, direction: Any, bypass_extensions: bool = False
    ) -> Any:
        schema = super()._map_serializer_field(field, direction, bypass_extensions)  # type: ignore[no-untyped-call]
        if schema and schema.get("format") in FORMATS_WITHOUT_BLANK and self._may_be_blank(field):
            blank = {"type": "string", "maxLength": 0}
            formatted = {k: schema.pop(k) for k in ("type", "format") if k in schema}
            schema["anyOf"] = [formatted, blank]
        return schema

    @staticmethod
    def _may_be_blank(field: Any) -> bool:
        if getattr(field, "allow_blank", False):
            return True
        path = _model_path(field) if field.read_only else []
        return bool(path) and bool(path[-1].blank)

    def get_operation(self, *args: Any, **kwargs: Any) -> Any:
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        where = {(p["in"], p["name"]) for p in operation.get("parameters", [])}
        places = {place for place, _name in where}
        codes: dict[str, Any] = {}
        # A write may be refused by a service's rule (a DomainError) even without a body.
        if "requestBody" in operation or "query" in places or self.method in WRITES:
            codes["400"] = (
                _("Invalid input."),
                self._error_ref("InvalidInput", INVALID_INPUT_SCHEMA),
            )
        if not self._is_public():
            error = self._error_ref("Error", ERROR_SCHEMA)
            codes["401"] = (_("Not logged in."), error)
            codes["403"] = (_("Not allowed for this user."), error)
        if self.method in WRITES:
            codes["409"] = (
                _("Someone else changed the row first; reload it and try again."),
                self._error_ref("Error", ERROR_SCHEMA),
            )
        if "path" in places or ("query", "page") in where:
            codes["404"] = (
                _("No such row, or not one this user may see."),
                self._error_ref("Error", ERROR_SCHEMA),
            )
        if self.view.get_throttles():
            codes["429"] = (
                _("Too many requests; try again later."),
                self._error_ref("Error", ERROR_SCHEMA),
            )
        responses = operation.setdefault("responses", {})
        for code, (description, ref) in codes.items():
            responses.setdefault(
                code,
                {"description": str(description), "content": {"application/json": {"schema": ref}}},
            )
        return operation

    def _get_paginator(self) -> Any:
        # Only a viewset's `list` pages its answer here; its other actions (a job's funnel, a
        # round's overview) answer a plain list even on a viewset with a pagination class.
        if getattr(self.view, "action", "list") not in ("list", None):
            return None
        return super()._get_paginator()  # type: ignore[no-untyped-call]

    def _is_public(self) -> bool:
        return all(isinstance(p, AllowAny) for p in self.view.get_permissions())

    def _error_ref(self, name: str, schema: dict[str, Any]) -> dict[str, str]:
        component = ResolvedComponent(
            name=name, type=ResolvedComponent.SCHEMA, object=name, schema=schema
        )
        self.registry.register_on_missing(component)
        return component.ref
