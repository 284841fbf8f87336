"""The sandboxes as an app of their own, for the adapters' server-to-server calls in process."""

from __future__ import annotations

from litestar import Litestar
from litestar.datastructures import State

from scene_api.domain.payments.sandbox.controllers import SANDBOXES
from scene_api.runtime import Runtime


def sandbox_app(runtime: Runtime) -> Litestar:
    """Token requests, status inquiries and refunds reach the sandbox through this app, so they
    work wherever the adapters run (API, worker, tests) without a port. The API also serves the
    same controllers for browsers."""
    return Litestar(route_handlers=SANDBOXES, state=State({"runtime": runtime}), openapi_config=None)
