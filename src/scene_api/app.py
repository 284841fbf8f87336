"""create_app(): plugins, middleware, routers; nothing else."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar
from litestar.config.compression import CompressionConfig
from litestar.datastructures import State
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.openapi.spec import Components
from litestar.plugins.opentelemetry import OpenTelemetryConfig
from litestar.plugins.prometheus import PrometheusConfig

from scene_api.config import Settings, get_settings
from scene_api.domain.activities.controllers import (
    ActivityController,
    ActivityCourtController,
    ActivityShareController,
    InboxController,
    JoinRequestController,
    PublicActivityController,
)
from scene_api.domain.auth.controllers import AuthController, InviteController
from scene_api.domain.auth.deps import provide_actor, provide_optional_actor, provide_principal
from scene_api.domain.auth.roles import BEARER, BEARER_SCHEME
from scene_api.domain.bookings.controllers import (
    BookingController,
    BookingSeriesController,
    OwnerBookingController,
)
from scene_api.domain.events.controllers import EventController, OrderController, PublicEventController
from scene_api.domain.messaging.controllers import MessagePreferenceController, MessagingCallbackController
from scene_api.domain.messaging.push_controllers import PushController
from scene_api.domain.messaging.sandbox import sandbox_accounts
from scene_api.domain.notifications.controllers import NotificationController
from scene_api.domain.ops.controllers import AdminController
from scene_api.domain.payments.controllers import PaymentController, ProviderController
from scene_api.domain.payments.sandbox import sandbox_router as payment_sandbox_router
from scene_api.domain.system.controllers import HealthController
from scene_api.domain.system.media import MediaController
from scene_api.domain.system.metrics import MetricsController
from scene_api.domain.trust.controllers import CircleController, VouchController
from scene_api.domain.users.controllers import (
    BlockController,
    MyProfileController,
    ReportController,
    UserController,
)
from scene_api.domain.venues.controllers import OwnerVenueController, VenueController, VenueDeskController
from scene_api.lib.api_docs import DOCS_PATH, OfflineSwagger
from scene_api.lib.boundary import check_request
from scene_api.lib.errors import exception_handlers
from scene_api.lib.logs import request_id_middleware
from scene_api.lib.media import MEDIA_PREFIX
from scene_api.lib.security import security_headers_hook
from scene_api.lib.tracing import configure_tracing
from scene_api.runtime import Runtime
from scene_api.services import Services, provide_services
from scene_sandboxes.messaging.app import messaging_sandbox_router
from scene_sandboxes.messaging.state import SandboxState


async def provide_request_services(state: State) -> AsyncIterator[Services]:
    async with provide_services(state.runtime) as services:
        yield services


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or get_settings()
    settings.check_production_ready()

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        app.state.runtime = await Runtime.open(settings)
        configure_tracing(settings, "scene-api", app.state.runtime.engine)
        try:
            yield
        finally:
            await app.state.runtime.close()

    return Litestar(
        route_handlers=[
            HealthController,
            MetricsController,
            MediaController,
            AuthController,
            InviteController,
            ActivityController,
            ActivityCourtController,
            ActivityShareController,
            JoinRequestController,
            InboxController,
            PublicActivityController,
            EventController,
            OrderController,
            PublicEventController,
            NotificationController,
            MessagingCallbackController,
            MessagePreferenceController,
            PushController,
            AdminController,
            UserController,
            MyProfileController,
            BlockController,
            ReportController,
            VouchController,
            CircleController,
            VenueController,
            OwnerVenueController,
            VenueDeskController,
            BookingController,
            BookingSeriesController,
            OwnerBookingController,
            PaymentController,
            ProviderController,
            *([payment_sandbox_router(settings)] if settings.payments_sandbox else []),
            *(
                [messaging_sandbox_router(SandboxState(sandbox_accounts(settings)))]
                if settings.messaging_sandbox
                else []
            ),
        ],
        dependencies={
            "services": Provide(provide_request_services),
            "principal": Provide(provide_principal),
            "actor": Provide(provide_actor),
            "maybe_actor": Provide(provide_optional_actor),
        },
        lifespan=[lifespan],
        middleware=[
            request_id_middleware,
            PrometheusConfig(
                app_name="scene", prefix="scene_api", group_path=True, exclude=["/metrics"]
            ).middleware,
            *([OpenTelemetryConfig().middleware] if settings.otel_exporter else []),
        ],
        before_request=check_request,
        before_send=[security_headers_hook(hsts=settings.is_production)],
        request_max_body_size=settings.max_request_bytes,
        compression_config=CompressionConfig(
            backend="brotli",
            brotli_gzip_fallback=True,
            exclude=f"^{MEDIA_PREFIX}",  # pictures: compressed
        ),
        exception_handlers=exception_handlers,
        openapi_config=OpenAPIConfig(
            title="Scene API",
            version="1",
            description="Invite-only activities, events and venue booking for Pakistan.",
            path=DOCS_PATH,
            render_plugins=[OfflineSwagger()],
            components=Components(security_schemes={BEARER: BEARER_SCHEME}),
        ),
        debug=False,
    )
