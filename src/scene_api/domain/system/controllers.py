"""Health endpoints for load balancers and orchestrators."""

from __future__ import annotations

from litestar import Controller, Response, get

from scene_api.services import Services


class HealthController(Controller):
    path = "/health"
    tags = ["system"]

    @get("/live", summary="The process is up", exclude_from_auth=True)
    async def live(self) -> dict[str, str]:
        return {"status": "ok"}

    @get("/ready", summary="Database, Redis and S3 answer", exclude_from_auth=True)
    async def ready(self, services: Services) -> Response[dict[str, object]]:
        checks = await services.health.readiness()
        ready = all(state == "ok" for state in checks.values())
        return Response(
            {"status": "ok" if ready else "degraded", "checks": checks}, status_code=200 if ready else 503
        )
