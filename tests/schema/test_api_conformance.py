"""Schemathesis against the API as documented by drf-spectacular: every operation, a few
generated requests each, as HR, as an interviewer and anonymously; no answer is a server error,
every answer has a documented status and matches its documented schema.

Run by `make test-schema` (and CI), not by `make test`: it takes a couple of minutes.
"""

import contextlib
import io

import hypothesis
import schemathesis
from django.core.wsgi import get_wsgi_application
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure, FailureGroup, ServerError
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from tests.schema.conftest import SEEDED, TALLY

MAX_EXAMPLES = 4
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]


def _schema() -> dict:
    with contextlib.redirect_stderr(io.StringIO()):
        return SchemaGenerator().get_schema(request=None, public=True)


schema = schemathesis.openapi.from_dict(_schema())
schema.app = get_wsgi_application()


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    """Half the cases name a seeded row (so they reach real objects), half whatever was drawn."""
    collection = context.operation.path.split("{", 1)[0]
    seeded = SEEDED.get("ids", {}).get(collection)
    if seeded is None or not path_parameters:
        return st.just(path_parameters)
    name = next(iter(path_parameters))
    return st.sampled_from([{**path_parameters, name: seeded}, path_parameters])


def _record(case, who: str, exc: BaseException) -> None:
    failures = exc.exceptions if isinstance(exc, FailureGroup) else [exc]
    for failure in failures:
        key = (case.operation.label, who, getattr(failure, "title", type(failure).__name__))
        (TALLY.errors if isinstance(failure, ServerError) else TALLY.violations).add(key)


@schema.parametrize()
@hypothesis.settings(
    max_examples=MAX_EXAMPLES,
    deadline=2000,
    derandomize=True,
    database=None,
    phases=[Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_the_api_answers_as_documented(case, identity):
    who, headers = identity
    TALLY.operations.add(case.operation.label)
    TALLY.cases += 1
    response = case.call(headers=headers)
    TALLY.statuses[response.status_code] += 1
    try:
        case.validate_response(response, checks=CHECKS)
    except (Failure, FailureGroup) as exc:
        _record(case, who, exc)
        raise
