"""The OpenAPI schema of the whole API is generated without a warning or an error and is valid.

`python manage.py spectacular --validate --fail-on-warn` checks the same; tests/interviews/
test_schema.py checks the interview endpoints' paths.
"""

import contextlib
import io
import re

import pytest
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema


@pytest.fixture(scope="module")
def generated() -> tuple[dict, bool, str]:
    """The schema, whether it came without warnings and errors, and what was printed."""
    GENERATOR_STATS.reset()
    printed = io.StringIO()
    with contextlib.redirect_stderr(printed), contextlib.redirect_stdout(printed):
        schema = SchemaGenerator().get_schema(request=None, public=True)
        validate_schema(schema)
        clean = not GENERATOR_STATS
    GENERATOR_STATS.reset()
    return schema, clean, printed.getvalue()


def test_api_schema_has_no_warnings_or_errors(generated):
    _schema, clean, printed = generated
    assert clean, printed


def test_shared_choices_have_one_name_each(generated):
    schema, _clean, _printed = generated
    enums = {name for name in schema["components"]["schemas"] if name.endswith("Enum")}
    # A hash in the name is the generator's way out of a collision it could not resolve.
    assert not [name for name in enums if re.search(r"[0-9A-Fa-f]{3}Enum$", name)], enums
    assert {
        "ApplicationStatusEnum",
        "StageKindEnum",
        "JobStatusEnum",
        "CountryEnum",
        "CaseStatusEnum",
        "FundingStatusEnum",
        "DuplicateResolutionEnum",
        "DuplicateDecisionEnum",
    } <= enums


def test_status_fields_of_events_use_the_application_status_enum(generated):
    schema, _clean, _printed = generated
    event = schema["components"]["schemas"]["StageEvent"]["properties"]
    for field in ("from_status", "to_status"):
        refs = str(event[field])
        assert "#/components/schemas/ApplicationStatusEnum" in refs, (field, refs)


def test_duplicate_endpoints_are_documented(generated):
    schema, _clean, _printed = generated
    paths = schema["paths"]
    assert "/api/possible-duplicates/" in paths
    resolve = paths["/api/possible-duplicates/{id}/resolve/"]["post"]
    assert set(resolve["responses"]) >= {"200", "400", "409"}
    parameters = {p["name"] for p in paths["/api/possible-duplicates/"]["get"]["parameters"]}
    assert {"resolved", "candidate"} <= parameters


def test_every_operation_documents_the_errors_it_can_answer(generated):
    schema, _clean, _printed = generated
    missing = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            codes = set(operation["responses"])
            public = path.startswith("/api/public/")
            expected = set() if public else {"401", "403"}
            if "{" in path:
                expected.add("404")
            if method in ("post", "put", "patch"):
                expected |= {"400", "409"}
            if not expected <= codes:
                missing.append((method, path, sorted(expected - codes)))
    assert not missing, missing


def test_the_error_bodies_are_components(generated):
    schema, _clean, _printed = generated
    components = schema["components"]["schemas"]
    assert components["Error"]["required"] == ["detail", "code"]
    refused = schema["paths"]["/api/jobs/{id}/"]["get"]["responses"]["404"]
    assert refused["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }
    invalid = schema["paths"]["/api/jobs/"]["post"]["responses"]["400"]
    assert invalid["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/InvalidInput"
    }


def test_read_only_fields_of_nullable_relations_are_nullable(generated):
    schema, _clean, _printed = generated
    event = schema["components"]["schemas"]["StageEvent"]["properties"]
    for field in ("actor", "from_stage", "rejection_reason"):
        assert event[field].get("nullable") is True, (field, event[field])
    assert "nullable" not in event["to_stage"]


def test_a_blank_url_field_may_be_empty(generated):
    schema, _clean, _printed = generated
    link = schema["components"]["schemas"]["Interview"]["properties"]["video_link"]
    assert {"type": "string", "maxLength": 0} in link["anyOf"]


def test_actions_other_than_list_answer_plain_lists(generated):
    schema, _clean, _printed = generated
    funnel = schema["paths"]["/api/jobs/{id}/funnel/"]["get"]["responses"]["200"]
    assert funnel["content"]["application/json"]["schema"]["type"] == "array"
    jobs = schema["paths"]["/api/jobs/"]["get"]["responses"]["200"]
    assert jobs["content"]["application/json"]["schema"]["$ref"].endswith("PaginatedJobList")
