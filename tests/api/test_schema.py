"""The API checked against its own OpenAPI schema by schemathesis, in process (WSGI): for
generated parameters, valid and not, no server error and every answer as documented."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

MAX_EXAMPLES = 25
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


OPERATIONS = [
    "/api/articles/",
    "/api/articles/{slug}/",
    "/api/rubrics/",
    "/api/agreements/",
    "/api/agreements/{slug}/",
    "/api/partners/",
    "/api/partners/{slug}/",
    "/api/events/",
    "/api/events/{slug}/",
    "/api/plans/",
]


@pytest.fixture
def api_schema(portal_content):
    """The schema, called through the real WSGI application. As Django's test client does,
    requests must not close the database connection: it holds the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


# schemathesis' own pytest integration (schema.parametrize, from_fixture) does not run under
# pytest 9.2, so each operation's strategies are driven by hypothesis here.
@pytest.mark.parametrize("path", OPERATIONS)
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=str)
def test_the_api_keeps_to_its_schema(api_schema, path, mode):
    operation = api_schema[path]["GET"]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    def check(case):
        # The in-process WSGI client does not decode gzip as HTTP clients do.
        case.call_and_validate(headers={"Accept-Encoding": "identity"}, checks=CHECKS)

    check()


def test_the_schema_describes_every_list_and_its_filters(client, db):
    document = client.get("/api/openapi.json").json()
    assert document["openapi"].startswith("3.")
    parameters = {
        path: {parameter["name"] for parameter in operation["get"]["parameters"]}
        for path, operation in document["paths"].items()
    }
    paged = {"page", "page_size"}
    assert parameters == {
        "/api/articles/": paged | {"rubric", "tag", "year", "month"},
        "/api/articles/{slug}/": {"slug"},
        "/api/rubrics/": paged,
        "/api/agreements/": paged | {"status", "kind", "area", "partner", "year"},
        "/api/agreements/{slug}/": {"slug"},
        "/api/partners/": paged | {"kind"},
        "/api/partners/{slug}/": {"slug"},
        "/api/events/{slug}/": {"slug"},
        "/api/events/": paged | {"when", "kind", "partner", "agreement", "area", "year"},
        "/api/plans/": paged | {"agreement", "status"},
        "/api/pages/": paged,
        "/api/pages/{page_id}/": {"page_id"},
        "/api/documents/": paged | {"kind", "status", "year", "body"},
        "/api/documents/{slug}/": {"slug"},
    }
    assert all(set(operation) == {"get"} for operation in document["paths"].values())
