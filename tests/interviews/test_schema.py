"""The OpenAPI schema of /api/interviews/ is generated without a warning and is valid."""

import pytest
from django.urls import include, path
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.django_db


def test_interview_api_schema_has_no_warnings(capsys):
    GENERATOR_STATS.reset()
    generator = SchemaGenerator(patterns=[path("api/interviews/", include("interviews.api_urls"))])
    schema = generator.get_schema(request=None, public=True)
    validate_schema(schema)
    warnings = capsys.readouterr().err
    assert not GENERATOR_STATS, warnings
    paths = schema["paths"]
    assert "/api/interviews/interviews/{id}/reschedule/" in paths
    assert "/api/interviews/scorecards/{id}/reopen/" in paths
    assert "/api/interviews/panel-members/{id}/declare-conflict/" in paths
