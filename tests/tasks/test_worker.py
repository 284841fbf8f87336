import pytest

from scene_api.lib.jobs import HEARTBEAT_KEY


async def test_heartbeat_runs_on_the_worker_and_is_recorded(runtime, worker):
    job = await runtime.queue.enqueue("heartbeat")
    assert job is not None
    await job.refresh(until_complete=10)
    assert job.status == "complete"
    assert await runtime.redis.get(HEARTBEAT_KEY) == job.result


async def test_heartbeat_is_idempotent(runtime, worker):
    for _ in range(2):
        job = await runtime.queue.enqueue("heartbeat")
        await job.refresh(until_complete=10)
        assert job.status == "complete"
    assert await runtime.redis.ttl(HEARTBEAT_KEY) > 0


async def test_jobs_report_their_duration_and_failures(runtime):
    from prometheus_client import REGISTRY

    from scene_tasks.instrument import instrumented
    from tests.helpers import job_context, present

    async def always_fails(ctx):
        raise RuntimeError("boom")

    before = REGISTRY.get_sample_value("scene_job_failures_total", {"function": "always_fails"}) or 0
    with pytest.raises(RuntimeError):
        await instrumented(always_fails)(job_context(runtime))
    assert REGISTRY.get_sample_value("scene_job_failures_total", {"function": "always_fails"}) == before + 1
    assert (
        present(REGISTRY.get_sample_value("scene_job_duration_seconds_count", {"function": "always_fails"}))
        >= 1
    )
