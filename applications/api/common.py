"""Serializers several API modules share, and the nested-error flattening of row inputs."""

from django_countries.serializers import CountryFieldMixin
from rest_framework import serializers

from applications.models import (
    Candidate,
    Channel,
    JobStage,
    RejectionReason,
    StageKind,
)


class ChannelSerializer(serializers.ModelSerializer):
    class Meta:
        model = Channel
        fields = ["id", "slug", "name", "kind"]


class RejectionReasonSerializer(serializers.ModelSerializer):
    class Meta:
        model = RejectionReason
        fields = ["id", "code", "label", "is_active"]


class StageBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = JobStage
        fields = ["id", "position", "name", "kind"]


class StageItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(required=False)
    name = serializers.CharField(max_length=100)
    kind = serializers.ChoiceField(choices=StageKind.choices)


class CandidateBriefSerializer(CountryFieldMixin, serializers.ModelSerializer):
    class Meta:
        model = Candidate
        fields = ["id", "full_name", "email", "nationality"]


class DomainErrorSerializer(serializers.Serializer):
    """What a refused command answers (see ats/api.py's exception handler)."""

    detail = serializers.CharField(help_text="The refusal in plain words.")
    code = serializers.CharField(help_text="A stable code for clients.")


def flat_errors(detail, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested errors as `{"questions.1.kind": [...]}`, the keys services use for rows."""
    if isinstance(detail, dict):
        flat: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = prefix if key == "non_field_errors" and prefix else f"{prefix}{key}"
            for sub, messages in flat_errors(value, f"{name}.").items():
                flat.setdefault(sub, []).extend(messages)
        return flat
    if isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        flat = {}
        for index, item in enumerate(detail):
            for sub, messages in flat_errors(item, f"{prefix}{index}.").items():
                flat.setdefault(sub, []).extend(messages)
        return flat
    messages = detail if isinstance(detail, list) else [detail]
    return {prefix.rstrip("."): [str(m) for m in messages]} if messages else {}
