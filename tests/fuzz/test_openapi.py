"""Fuzz the API from its own OpenAPI schema: whatever comes in, no 5xx and no answer that breaks the schema.

Runs every operation of the live server's schema through schemathesis (Hypothesis-generated
requests), signed in as a member so the protected operations are reached too. Schemathesis alone
never sent what broke the API in issue 17 (see docs/engineering.md, "Input at the boundary"), so
`hostile` swaps, in about half of the generated requests, one string or integer of the query, path or
body for a NUL, a control character, an extreme date or an integer beyond PostgreSQL's INTEGER.
"""

import asyncio
from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.helpers import PHONES, activity_payload, create_member, sign_in

EXAMPLES_PER_OPERATION = 15
SKIPPED_PREFIXES = ("/sandbox",)
"""The payment sandbox plays a third party's pages; the payments tests cover it."""


HOSTILE_TEXT = (
    "a\x00b",
    "\x00",
    "bell\x07",
    "\x1b[2J",
    "0001-01-01",
    "9999-12-31",
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59-12:00",
)
HOSTILE_INTEGERS = (2**31, -(2**31) - 1, 10**20)


def leaves(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], Any]]:
    """Every string and integer inside a generated query, path or body, with where it sits."""
    if isinstance(value, dict):
        return [leaf for key, item in value.items() for leaf in leaves(item, (*path, key))]
    if isinstance(value, list):
        return [leaf for index, item in enumerate(value) for leaf in leaves(item, (*path, index))]
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return [(path, value)]
    return []


def replaced(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    head, *rest = path
    if isinstance(value, dict):
        return {**value, head: replaced(value[head], tuple(rest), new)}
    return [replaced(item, tuple(rest), new) if index == head else item for index, item in enumerate(value)]


def hostile(context: Any, value: Any) -> st.SearchStrategy[Any]:
    """The generated value as it is, or with one of its strings or integers swapped for a hostile one."""
    spots = leaves(value)
    if not spots:
        return st.just(value)
    swaps = st.sampled_from(spots).flatmap(
        lambda spot: st.sampled_from(HOSTILE_TEXT if isinstance(spot[1], str) else HOSTILE_INTEGERS).map(
            lambda new: replaced(value, spot[0], new)
        )
    )
    return st.one_of(st.just(value), swaps)


def fuzz_operation(operation, headers) -> int:
    """Runs the examples for one operation; returns how many requests were sent."""
    sent = 0

    @given(case=operation.as_strategy(hooks=operation.schema.hooks))
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
    for container in ("query", "path_parameters", "body"):
        schema.hooks.register_hook_with_name(hostile, f"flatmap_{container}")
    failures, fuzzed, requests_sent = [], 0, 0
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result.err()
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
