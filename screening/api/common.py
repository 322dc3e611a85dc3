"""What the screening endpoints share: choice fields documented as patterns, and the applicant
as blind screening lets the requesting reviewer see them."""

import re
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from applications.models import Application
from screening import selectors


def choice_field(choices: Any, *, description: str, **kwargs: Any) -> serializers.ChoiceField:
    """A choice field documented as a string with a pattern, not an enum: several apps use the
    same property names (recommendation, outcome) for different sets, and enum components of
    one name would collide in the schema."""
    values = [str(value) for value, _label in choices]
    pattern = "^(" + "|".join(re.escape(v) for v in values) + ")$"

    @extend_schema_field({"type": "string", "pattern": pattern, "description": description})
    class PatternChoiceField(serializers.ChoiceField):
        pass

    return PatternChoiceField(choices=choices, help_text=description, **kwargs)


class ScreenedApplicantSerializer(serializers.Serializer):
    """Who applied; name, e-mail, phone and nationality are null while blind screening hides
    them from the requesting reviewer."""

    application = serializers.IntegerField(source="application_id")
    reference = serializers.CharField()
    hidden = serializers.BooleanField()
    name = serializers.CharField(allow_null=True)
    email = serializers.CharField(allow_null=True)
    phone = serializers.CharField(allow_null=True)
    nationality = serializers.CharField(allow_null=True)


def screened(context: dict[str, Any], application: Application) -> selectors.ScreenedApplicant:
    """The applicant as the requesting reviewer may see them (`selectors.screened_applicant`),
    worked out once per application in one response (its serializer `context`)."""
    seen = context.setdefault("_screened", {})
    if application.pk not in seen:
        seen[application.pk] = selectors.screened_applicant(application, context["request"].user)
    found: selectors.ScreenedApplicant = seen[application.pk]
    return found


def applicant_data(context: dict[str, Any], application: Application) -> dict[str, Any]:
    """`ScreenedApplicantSerializer`'s output for the application."""
    return dict(ScreenedApplicantSerializer(screened(context, application)).data)
