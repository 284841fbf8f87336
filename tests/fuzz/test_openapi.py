"""Fuzz the API from its own OpenAPI schema: whatever comes in, no 5xx and no answer that breaks the schema.

Runs every operation of the live server's schema through schemathesis (Hypothesis-generated
requests), signed in as a member so the protected operations are reached too.
"""

import asyncio

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.helpers import PHONES, activity_payload, create_member, sign_in

EXAMPLES_PER_OPERATION = 15
SKIPPED_PREFIXES = ("/sandbox",)
"""The payment sandbox plays a third party's pages; the payments tests cover it."""


def fuzz_operation(operation, headers) -> int:
    """Runs the examples for one operation; returns how many requests were sent."""
    sent = 0

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
    )
    def run(case):
        nonlocal sent
        sent += 1
        case.call_and_validate(headers=headers, checks=[not_a_server_error, response_schema_conformance])

    run()
    return sent


async def test_no_server_errors_and_answers_match_the_schema(live_api, runtime):
    member = await create_member(runtime, PHONES[0], handle="fuzzer", name="Fuzz Tester")
    headers = await sign_in(runtime, member)
    await live_api.post("/api/v1/activities", json=activity_payload(), headers=headers)
    schema = schemathesis.openapi.from_url(f"{live_api.base_url}/docs/openapi.json")
    failures, fuzzed, requests_sent = [], 0, 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.path.startswith(SKIPPED_PREFIXES):
            continue
        fuzzed += 1
        try:
            requests_sent += await asyncio.to_thread(fuzz_operation, operation, headers)
        except Exception as failure:
            failures.append(f"{operation.label}: {str(failure)[:800]}")
    assert fuzzed >= 30, "the schema lost its operations"
    assert requests_sent >= fuzzed * 3, "hardly any requests were generated"
    assert not failures, "\n\n".join(failures)
