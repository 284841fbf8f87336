"""The unit of work: one commit at the end, constraint violations become 409s, jobs only after commit."""

import ast
from pathlib import Path

import pytest
import sqlalchemy as sa

import scene_api.domain
from scene_api.db import models as m
from scene_api.lib.errors import Conflict, InvalidInput
from scene_api.services import provide_services
from tests.helpers import PHONES, create_member


async def test_a_constraint_caught_at_commit_is_a_conflict_and_nothing_is_written(runtime):
    voucher = await create_member(runtime, PHONES[0], handle="voucher")
    vouchee = await create_member(runtime, PHONES[1], handle="vouchee")

    async def vouch_twice():
        async with provide_services(runtime) as services:
            services.session.add(m.Vouch(voucher_id=voucher.id, vouchee_id=vouchee.id))
            services.session.add(m.Vouch(voucher_id=voucher.id, vouchee_id=vouchee.id))
            services.jobs.add("heartbeat")

    with pytest.raises(Conflict, match="already vouched"):
        await vouch_twice()
    async with runtime.session_factory() as session:
        assert await session.scalar(sa.select(sa.func.count()).select_from(m.Vouch)) == 0
    assert await runtime.queue.count("queued") == 0


async def test_a_refusal_rolls_back_everything_and_sends_no_job(runtime):
    owner = await create_member(runtime, PHONES[2], handle="kept")

    async def add_circle_then_refuse():
        async with provide_services(runtime) as services:
            services.session.add(m.Circle(owner_id=owner.id, slug="x1", name="X"))
            services.jobs.add("heartbeat")
            raise InvalidInput("no", field="name")

    with pytest.raises(InvalidInput):
        await add_circle_then_refuse()
    async with runtime.session_factory() as session:
        assert await session.scalar(sa.select(sa.func.count()).select_from(m.Circle)) == 0
        assert await session.scalar(sa.select(sa.func.count()).select_from(m.User)) == 1
    assert await runtime.queue.count("queued") == 0


async def test_jobs_are_sent_after_the_commit(runtime):
    async with provide_services(runtime) as services:
        services.jobs.add("heartbeat", key="after-commit")
        assert await runtime.queue.count("queued") == 0
    assert await runtime.queue.job("after-commit") is not None


async def test_a_body_integrity_error_reaches_the_api_as_409(client, runtime):
    member = await create_member(runtime, PHONES[0], handle="taken")
    other = await create_member(runtime, PHONES[1], handle="other")
    from tests.helpers import sign_in

    response = await client.patch(
        "/api/v1/me/profile", json={"handle": "taken"}, headers=await sign_in(runtime, other)
    )
    assert response.status_code == 409
    assert member.handle == "taken"


async def test_a_job_that_cannot_reach_redis_is_left_to_its_sweep_and_the_rest_are_sent():
    from redis.exceptions import ConnectionError as RedisConnectionError

    from scene_api.lib.jobs import JobOutbox

    sent: list[str] = []

    class FlakyQueue:
        async def enqueue(self, job_or_func: str, **kwargs: object) -> None:
            if job_or_func == "deliver_message":
                raise RedisConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
            sent.append(job_or_func)

    outbox = JobOutbox()
    outbox.add("deliver_message", delivery_id="1")
    outbox.add("expire_hold", booking_id="2")
    await outbox.flush(FlakyQueue())
    assert sent == ["expire_hold"]
    assert outbox.pending == []


def test_the_domain_flushes_only_through_the_unit_of_work():
    """`Services.flush()` turns a constraint the database catches into a `Conflict` (409, which pages
    and jobs catch like any refusal); a bare `session.flush()` would let it out as a 500."""
    domain = Path(scene_api.domain.__file__).parent
    bare = [
        f"{path.relative_to(domain)}:{node.lineno}"
        for path in sorted(domain.rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(), str(path)))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "flush"
        and "session" in ast.unparse(node.func.value)
    ]
    assert bare == [], "call `self.services.flush()` instead of flushing the session"
