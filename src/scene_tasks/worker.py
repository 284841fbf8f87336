"""SAQ settings: queues, job functions, cron schedule."""

from __future__ import annotations

import asyncio
from typing import Any

from prometheus_client import start_http_server
from saq import CronJob, Worker

from scene_api.config import Settings, get_settings
from scene_api.domain.payments.money import CHECK_TIMEOUT_SECONDS
from scene_api.lib.tracing import configure_tracing
from scene_api.runtime import Runtime
from scene_tasks.context import JobContext
from scene_tasks.instrument import instrumented
from scene_tasks.jobs.files import delete_files
from scene_tasks.jobs.holds import expire_hold, sweep_expired_holds
from scene_tasks.jobs.messages import check_code_delivery, deliver_message, requeue_stalled_messages
from scene_tasks.jobs.orders import expire_order, sweep_orders
from scene_tasks.jobs.payments import check_money_day, check_yesterday_with_providers, reconcile_payments
from scene_tasks.jobs.reminders import remind_activity, sweep_reminders
from scene_tasks.jobs.system import heartbeat
from scene_tasks.jobs.underfill import cancel_underfilled_activity, sweep_underfilled_activities

JOBS: list[Any] = [
    heartbeat,
    deliver_message,
    check_code_delivery,
    requeue_stalled_messages,
    remind_activity,
    sweep_reminders,
    expire_hold,
    sweep_expired_holds,
    expire_order,
    sweep_orders,
    reconcile_payments,
    check_money_day,
    check_yesterday_with_providers,
    cancel_underfilled_activity,
    sweep_underfilled_activities,
    delete_files,
]
FUNCTIONS = [instrumented(job) for job in JOBS]
CRON_JOBS = [
    CronJob(instrumented(heartbeat), cron="* * * * *", timeout=30),
    CronJob(instrumented(sweep_orders), cron="* * * * *", timeout=30),
    CronJob(instrumented(sweep_expired_holds), cron="* * * * *", timeout=30),
    CronJob(instrumented(requeue_stalled_messages), cron="* * * * *", timeout=30),
    CronJob(instrumented(sweep_underfilled_activities), cron="* * * * *", timeout=50),
    CronJob(instrumented(sweep_reminders), cron="* * * * *", timeout=50),
    CronJob(instrumented(reconcile_payments), cron="*/5 * * * *", timeout=240),
    # 22:30 UTC is 03:30 in Pakistan: yesterday's payments are settled by then.
    CronJob(instrumented(check_yesterday_with_providers), cron="30 22 * * *", timeout=CHECK_TIMEOUT_SECONDS),
]


def build_worker(runtime: Runtime, *, concurrency: int = 10) -> Worker[JobContext]:
    async def startup(ctx: JobContext) -> None:
        ctx["runtime"] = runtime

    return Worker(
        runtime.queue,
        functions=FUNCTIONS,
        cron_jobs=CRON_JOBS,
        concurrency=concurrency,
        startup=startup,
    )


async def serve(settings: Settings) -> None:
    runtime = await Runtime.open(settings)
    configure_tracing(settings, "scene-worker", runtime.engine)
    if settings.worker_metrics_port:
        start_http_server(settings.worker_metrics_port, addr=settings.host)
    worker = build_worker(runtime)
    try:
        await worker.start()
    finally:
        await runtime.close()


def run_worker(settings: Settings | None = None) -> None:
    asyncio.run(serve(settings or get_settings()))
