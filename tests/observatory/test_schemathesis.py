"""Schemathesis against the live OpenAPI schema: every GET endpoint of ``/api/v1/``, with a
published run and the UN EGDI loaded, answers without a server error and as its schema says.

The WSGI application is called in this process (no server), so the requests see the test's
database. Bounded: a few examples per operation, no deadline, so it runs in well under a
minute.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS

from gealc.observatory.models import IndexRun
from gealc.site.wsgi import application

SCHEMA_PATH = "/api/v1/schema/?format=json"
EXAMPLES_PER_OPERATION = 8
EXAMPLES_PER_OTHER_OPERATION = 3
# Every endpoint: no server error, and a documented answer has the documented type and body.
EVERY_ENDPOINT = (
    "not_a_server_error",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
)
# The observatory's also document every status code they give.
STRICT = (*EVERY_ENDPOINT, "status_code_conformance")


@pytest.fixture
def _keep_the_test_connection() -> Iterator[None]:
    """The real WSGI handler closes database connections at the end of each request, which on
    PostgreSQL would close the test's own transaction; Django's test client does the same."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(
    published_run: IndexRun, egdi_loaded: int, settings: Any, _keep_the_test_connection: None
) -> object:
    # Generated cases would otherwise exhaust the anonymous allowance within the run.
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "observatory": "100000/hour"}
    rates["anon"] = "100000/hour"
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    return schemathesis.openapi.from_wsgi(SCHEMA_PATH, application).include(method="GET")


# schemathesis 4.32 renames each operation's subtest through ``node._nodeid``, which pytest 9.2
# no longer has: read the node id instead and leave the name as it is (only reports use it).
if not hasattr(pytest.Function, "_nodeid"):
    pytest.Function._nodeid = property(  # type: ignore[attr-defined]
        lambda node: node.nodeid, lambda node, value: None
    )

schema = schemathesis.pytest.from_fixture("api_schema")
bounded = settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
briefly = settings(bounded, max_examples=EXAMPLES_PER_OTHER_OPERATION)


def _checks(names: tuple[str, ...]) -> list[object]:
    return [check for check in CHECKS.get_all() if check.__name__ in names]


@schema.include(tag="observatory").parametrize()
@bounded
def test_observatory_endpoints_conform_to_the_schema(case: schemathesis.Case) -> None:
    """Observatory endpoints: also every status code (400, 404, 429) is documented."""
    case.call_and_validate(checks=_checks(STRICT))


@schema.exclude(tag="observatory").parametrize()
@briefly
def test_every_other_get_endpoint_conforms_to_the_schema(case: schemathesis.Case) -> None:
    """Every other GET endpoint of the API: no server error; documented answers match their
    schema (their error codes are not all documented yet)."""
    case.call_and_validate(checks=_checks(EVERY_ENDPOINT))
