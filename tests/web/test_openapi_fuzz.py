"""schemathesis against the OpenAPI description: generated requests never get a 5xx.

Bounded to a few examples per operation so it runs in well under a minute; the write endpoint is
called both without the token and with it, so correction bodies reach validation.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from herald.store import Store
from herald.web import create_app
from web.conftest import TOKEN, fill


def _app() -> object:
    store = Store.open(":memory:")  # lives as long as the test session
    fill(store)
    return create_app(store, token=TOKEN)


schema = schemathesis.openapi.from_asgi("/openapi.json", _app())


@schema.parametrize()
@settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_no_server_errors(case: schemathesis.Case) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}"} if case.method == "POST" else None
    case.call_and_validate(
        headers=headers,
        checks=[not_a_server_error, content_type_conformance, response_schema_conformance],
    )
