"""/metrics: Prometheus text format, with state counts read from the database at scrape time."""

from __future__ import annotations

import sqlalchemy as sa
from litestar import Controller, Response, get
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest

from scene_api.db import models as m
from scene_api.lib.metrics import ROWS_BY_STATUS
from scene_api.services import Services

COUNTED = {
    "bookings": m.Booking.status,
    "payments": m.Payment.status,
    "orders": m.Order.status,
    "join_requests": m.JoinRequest.status,
}


class MetricsService:
    def __init__(self, services: Services) -> None:
        self.session = services.session

    async def refresh_status_counts(self) -> None:
        for kind, status in COUNTED.items():
            rows = await self.session.execute(sa.select(status, sa.func.count()).group_by(status))
            for value, count in rows:
                ROWS_BY_STATUS.labels(
                    kind=kind, status=str(value.value if hasattr(value, "value") else value)
                ).set(count)


class MetricsController(Controller):
    path = "/metrics"
    tags = ["system"]
    include_in_schema = False

    @get("/", summary="Prometheus metrics")
    async def metrics(self, services: Services) -> Response[bytes]:
        await MetricsService(services).refresh_status_counts()
        return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)
