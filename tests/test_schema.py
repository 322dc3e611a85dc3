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
