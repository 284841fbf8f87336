"""Ticket reservations that were not paid in time: expired at their deadline, and swept up every minute."""

from __future__ import annotations

from uuid import UUID

from scene_api.services import provide_services
from scene_tasks.context import JobContext


async def expire_order(ctx: JobContext, *, order_id: str) -> bool:
    """Scheduled at the reservation's deadline: give its tickets back (to the waitlist first) if it is
    still unpaid. A paid, cancelled or already expired order is left alone, so a second run changes
    nothing."""
    async with provide_services(ctx["runtime"]) as services:
        return await services.orders.expire(UUID(order_id))


async def sweep_orders(ctx: JobContext) -> int:
    """Expire every reservation past its deadline (its job never ran: the worker was down) and pass
    lapsed waitlist offers on to the next member waiting."""
    async with provide_services(ctx["runtime"]) as services:
        return await services.orders.sweep()
