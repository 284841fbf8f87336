from scene_tasks.jobs.system import HEARTBEAT_KEY


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
