"""`scene` command: dev, api, ui, worker, migrate, seed."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import time
from dataclasses import replace

from scene_api.config import Settings, get_settings
from scene_api.lib.logs import configure_logging


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="scene", description="Scene: activities, events and venue booking.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser(
        "dev", help="start embedded PostgreSQL/Redis/S3 as needed, migrate, seed, run API+UI+worker"
    )
    commands.add_parser(
        "api", help="serve the REST API (needs SCENE_DATABASE_URL, SCENE_REDIS_URL, SCENE_S3_ENDPOINT)"
    )
    commands.add_parser("ui", help="serve the NiceGUI app")
    commands.add_parser("worker", help="run the SAQ worker")
    migrate = commands.add_parser("migrate", help="apply (or revert) database migrations")
    migrate.add_argument("--downgrade", metavar="REVISION", help="revert down to REVISION (e.g. base)")
    commands.add_parser("seed", help="load the demo data (running it again changes nothing)")
    commands.add_parser("rotate-pii-keys", help="re-encrypt stored phone numbers with the first PII key")
    args = parser.parse_args(argv)

    settings = get_settings()
    configure_logging(settings.log_level, as_json=settings.log_json)
    with contextlib.suppress(KeyboardInterrupt):
        _dispatch(args, settings)


def _dispatch(args: argparse.Namespace, settings: Settings) -> None:
    match args.command:
        case "dev":
            run_dev(settings)
        case "api":
            run_api(settings)
        case "ui":
            from scene_ui.app import run

            run(settings)
        case "worker":
            from scene_tasks.worker import run_worker

            run_worker(settings)
        case "migrate":
            from scene_api.db import migrate as migrations

            if args.downgrade:
                migrations.downgrade(settings.database_url, args.downgrade)
            else:
                migrations.upgrade(settings.database_url)
        case "seed":
            from scene_api.db.seed import seed_demo_data

            print(asyncio.run(seed_demo_data(settings)))
        case "rotate-pii-keys":
            print(f"re-encrypted {asyncio.run(_rotate_pii_keys(settings))} phone numbers")


async def _rotate_pii_keys(settings: Settings) -> int:
    from scene_api.domain.ops.keys import rotate_pii_keys
    from scene_api.runtime import Runtime
    from scene_api.services import provide_services

    runtime = await Runtime.open(settings)
    try:
        async with provide_services(runtime) as services:
            return await rotate_pii_keys(services)
    finally:
        await runtime.close()


def run_api(settings: Settings) -> None:
    import uvicorn

    from scene_api.app import create_app

    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.api_port,
        log_level="warning",
        access_log=False,
        proxy_headers=True,
        forwarded_allow_ips=settings.forwarded_allow_ips,
    )


DEV_MESSAGING = {
    "SCENE_MESSAGING_SANDBOX": "true",
    "SCENE_SMS_BACKEND": "twilio,veevo",
    "SCENE_WHATSAPP_BACKEND": "cloud",
}
"""`scene dev` sends through the real adapters to the local sandboxes (the API serves them), unless the
environment says otherwise."""


def run_dev(settings: Settings) -> None:
    """Everything on one machine: embedded services where no URL is set, then API, UI and worker."""
    from scene_api.db import migrate as migrations
    from scene_api.lib.embedded import EmbeddedStack

    settings.check_production_ready()
    settings.state_dir.mkdir(parents=True, exist_ok=True)
    stack = EmbeddedStack(settings.state_dir.resolve())
    # Ctrl-C reaches only this process (the servers and apps sit in their own process groups), so it
    # alone decides the order: apps first, while their PostgreSQL and Redis still answer.
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        print("Starting embedded services ...", flush=True)
        service_env = stack.start(
            database_url=settings.database_url,
            redis_url=settings.redis_url,
            s3_endpoint=settings.s3_endpoint,
            s3_keys=(settings.s3_access_key, settings.s3_secret_key),
        )
        settings = replace(
            settings,
            database_url=service_env.get("SCENE_DATABASE_URL", settings.database_url),
            redis_url=service_env.get("SCENE_REDIS_URL", settings.redis_url),
            s3_endpoint=service_env.get("SCENE_S3_ENDPOINT", settings.s3_endpoint),
        )
        print("Migrating the database ...", flush=True)
        migrations.upgrade(settings.database_url)
        if settings.seed_on_start:
            from scene_api.db.seed import seed_demo_data

            print(f"Demo data: {asyncio.run(seed_demo_data(settings))}", flush=True)
        env = {**DEV_MESSAGING, **os.environ, **service_env}
        for command in ("worker", "api", "ui"):
            stack.launch([sys.executable, "-m", "scene_api.cli", command], env)
        print(
            "\nScene is running:\n"
            f"  app      http://{settings.host}:{settings.ui_port}/\n"
            f"  API      http://{settings.host}:{settings.api_port}/api/v1/activities\n"
            f"  API docs http://{settings.host}:{settings.api_port}/docs\n"
            f"  data in  {settings.state_dir.resolve()}\n"
            "Press Ctrl-C to stop.\n",
            flush=True,
        )
        _wait_for_apps(stack.apps)
    except KeyboardInterrupt:
        pass
    finally:
        _ignore_interrupts()
        print("Stopping ...", flush=True)
        stack.stop()
        print("Stopped.", flush=True)


def _wait_for_apps(apps: list[subprocess.Popen[bytes]]) -> None:
    while all(app.poll() is None for app in apps):
        time.sleep(0.5)
    failed = [app for app in apps if app.returncode not in (None, 0)]
    if failed:
        print(f"a process exited with code {failed[0].returncode}; stopping the rest", file=sys.stderr)


def _interrupt(signum: int, frame: object) -> None:
    _ignore_interrupts()
    raise KeyboardInterrupt


def _ignore_interrupts() -> None:
    """A second Ctrl-C (or the copy `uv run` may pass on) must not cut the shutdown short."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


if __name__ == "__main__":
    main()
