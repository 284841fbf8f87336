"""One unit of work: a database session, the jobs it asks for, and the domain services sharing them.

Pages, jobs, the CLI and API requests all get their services from `provide_services`: it commits
once at the end, turns a constraint the database caught into a `Conflict`, and only sends the
collected jobs to SAQ (and runs `after_commit` work) after the commit succeeded. The one exception
is a flow that calls a provider: it ends its transaction with `Services.commit()` first, so no row
lock or connection waits on the provider (see `domain/payments/flow.py`).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from functools import cached_property
from typing import TYPE_CHECKING

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from scene_api.lib.errors import DomainError, conflict_from_integrity
from scene_api.lib.jobs import JobOutbox

if TYPE_CHECKING:
    from scene_api.domain.activities.court import ActivityCourtService
    from scene_api.domain.activities.services import ActivityService
    from scene_api.domain.activities.shares import ShareService
    from scene_api.domain.activities.underfill import UnderfillService
    from scene_api.domain.auth.invites import InviteService
    from scene_api.domain.auth.services import AuthService
    from scene_api.domain.bookings.owner import OwnerBookingService
    from scene_api.domain.bookings.series import SeriesService
    from scene_api.domain.bookings.services import BookingService
    from scene_api.domain.events.checkin import CheckinService
    from scene_api.domain.events.orders import OrderService
    from scene_api.domain.events.services import EventService
    from scene_api.domain.events.staff import EventStaffService
    from scene_api.domain.events.tiers import TierService
    from scene_api.domain.events.waitlist import WaitlistService
    from scene_api.domain.joins.inbox import InboxService
    from scene_api.domain.joins.services import EventRequestService, JoinService
    from scene_api.domain.messaging.push import PushSubscriptionService
    from scene_api.domain.messaging.services import MessagingService
    from scene_api.domain.notifications.reminders import ReminderService
    from scene_api.domain.notifications.services import NotificationService
    from scene_api.domain.ops.admin import AdminService
    from scene_api.domain.ops.audit import AuditService
    from scene_api.domain.payments.money import MoneyService
    from scene_api.domain.payments.services import PaymentService
    from scene_api.domain.system.services import HealthService
    from scene_api.domain.trust.circles import CircleService
    from scene_api.domain.trust.vouches import VouchService
    from scene_api.domain.users.safety import SafetyService
    from scene_api.domain.users.services import UserService
    from scene_api.domain.venues.management import VenueManagementService
    from scene_api.domain.venues.services import VenueService
    from scene_api.runtime import Runtime

log = logging.getLogger(__name__)


class Services:
    def __init__(self, runtime: Runtime, session: AsyncSession) -> None:
        self.runtime = runtime
        self.settings = runtime.settings
        self.session = session
        self.jobs = JobOutbox()
        self.after_commit: list[Callable[[], Awaitable[object]]] = []
        """Work that must run outside any transaction once this unit of work's changes are committed
        (provider calls: refunds). Each step opens its own short unit of work; a job retries what a
        crash interrupts. Dropped on rollback."""

    async def commit(self) -> None:
        """Commit what is done so far, send its jobs and run its after-commit work, then carry on in
        a new transaction: for a flow that must call a provider between two short transactions
        (no row lock and no connection held meanwhile)."""
        await self.session.commit()
        await self.committed()

    async def committed(self) -> None:
        await self.jobs.flush(self.runtime.queue)
        tasks, self.after_commit = self.after_commit, []
        for task in tasks:
            try:
                await task()
            except Exception:
                # What was committed stands; the intent it recorded is finished by a job.
                log.exception("after-commit work failed; its job will retry it")

    async def flush(self) -> None:
        """Write pending changes now; a constraint the database catches becomes a `Conflict` (409) here,
        which pages and jobs can catch like any other refusal."""
        try:
            await self.session.flush()
        except IntegrityError as error:
            raise conflict_from_integrity(error) from error

    @cached_property
    def auth(self) -> AuthService:
        from scene_api.domain.auth.services import AuthService

        return AuthService(self)

    @cached_property
    def invites(self) -> InviteService:
        from scene_api.domain.auth.invites import InviteService

        return InviteService(self)

    @cached_property
    def admin(self) -> AdminService:
        from scene_api.domain.ops.admin import AdminService

        return AdminService(self)

    @cached_property
    def money(self) -> MoneyService:
        from scene_api.domain.payments.money import MoneyService

        return MoneyService(self)

    @cached_property
    def audit(self) -> AuditService:
        from scene_api.domain.ops.audit import AuditService

        return AuditService(self)

    @cached_property
    def activities(self) -> ActivityService:
        from scene_api.domain.activities.services import ActivityService

        return ActivityService(self)

    @cached_property
    def joins(self) -> JoinService:
        from scene_api.domain.joins.services import JoinService

        return JoinService(self)

    @cached_property
    def activity_courts(self) -> ActivityCourtService:
        from scene_api.domain.activities.court import ActivityCourtService

        return ActivityCourtService(self)

    @cached_property
    def underfill(self) -> UnderfillService:
        from scene_api.domain.activities.underfill import UnderfillService

        return UnderfillService(self)

    @cached_property
    def shares(self) -> ShareService:
        from scene_api.domain.activities.shares import ShareService

        return ShareService(self)

    @cached_property
    def inbox(self) -> InboxService:
        from scene_api.domain.joins.inbox import InboxService

        return InboxService(self)

    @cached_property
    def events(self) -> EventService:
        from scene_api.domain.events.services import EventService

        return EventService(self)

    @cached_property
    def ticket_tiers(self) -> TierService:
        from scene_api.domain.events.tiers import TierService

        return TierService(self)

    @cached_property
    def orders(self) -> OrderService:
        from scene_api.domain.events.orders import OrderService

        return OrderService(self)

    @cached_property
    def event_waitlist(self) -> WaitlistService:
        from scene_api.domain.events.waitlist import WaitlistService

        return WaitlistService(self)

    @cached_property
    def event_requests(self) -> EventRequestService:
        from scene_api.domain.joins.services import EventRequestService

        return EventRequestService(self)

    @cached_property
    def checkin(self) -> CheckinService:
        from scene_api.domain.events.checkin import CheckinService

        return CheckinService(self)

    @cached_property
    def event_staff(self) -> EventStaffService:
        from scene_api.domain.events.staff import EventStaffService

        return EventStaffService(self)

    @cached_property
    def notifications(self) -> NotificationService:
        from scene_api.domain.notifications.services import NotificationService

        return NotificationService(self)

    @cached_property
    def reminders(self) -> ReminderService:
        from scene_api.domain.notifications.reminders import ReminderService

        return ReminderService(self)

    @cached_property
    def messaging(self) -> MessagingService:
        from scene_api.domain.messaging.services import MessagingService

        return MessagingService(self)

    @cached_property
    def push_subscriptions(self) -> PushSubscriptionService:
        from scene_api.domain.messaging.push import PushSubscriptionService

        return PushSubscriptionService(self)

    @cached_property
    def users(self) -> UserService:
        from scene_api.domain.users.services import UserService

        return UserService(self)

    @cached_property
    def safety(self) -> SafetyService:
        from scene_api.domain.users.safety import SafetyService

        return SafetyService(self)

    @cached_property
    def vouches(self) -> VouchService:
        from scene_api.domain.trust.vouches import VouchService

        return VouchService(self)

    @cached_property
    def circles(self) -> CircleService:
        from scene_api.domain.trust.circles import CircleService

        return CircleService(self)

    @cached_property
    def venues(self) -> VenueService:
        from scene_api.domain.venues.services import VenueService

        return VenueService(self)

    @cached_property
    def venue_management(self) -> VenueManagementService:
        from scene_api.domain.venues.management import VenueManagementService

        return VenueManagementService(self)

    @cached_property
    def bookings(self) -> BookingService:
        from scene_api.domain.bookings.services import BookingService

        return BookingService(self)

    @cached_property
    def booking_series(self) -> SeriesService:
        from scene_api.domain.bookings.series import SeriesService

        return SeriesService(self)

    @cached_property
    def owner_bookings(self) -> OwnerBookingService:
        from scene_api.domain.bookings.owner import OwnerBookingService

        return OwnerBookingService(self)

    @cached_property
    def payments(self) -> PaymentService:
        from scene_api.domain.payments.services import PaymentService

        return PaymentService(self)

    @cached_property
    def health(self) -> HealthService:
        from scene_api.domain.system.services import HealthService

        return HealthService(self)


@asynccontextmanager
async def provide_services(runtime: Runtime) -> AsyncIterator[Services]:
    async with runtime.session_factory() as session:
        services = Services(runtime, session)
        try:
            yield services
        except DomainError as error:
            if error.keep_changes:
                await session.commit()
                await services.committed()
            else:
                await _abandon(services)
            raise
        except BaseException:
            # Re-raise the very exception the body raised (a bare IntegrityError included: the API's
            # handler answers 409): Litestar turns a different exception from here into a 500.
            await _abandon(services)
            raise
        try:
            await session.commit()
        except IntegrityError as error:
            await _abandon(services)
            raise conflict_from_integrity(error) from error
    await services.committed()


async def _abandon(services: Services) -> None:
    await services.session.rollback()
    services.jobs.discard()
    services.after_commit.clear()
