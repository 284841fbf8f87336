"""Sending a message to a person: record the intent on the right channel, and a job does the rest.

`send_to_member` and `send_code` only write rows (one `MessageDelivery` per message, person and
channel, its idempotency key unique) and ask for the `deliver_message` job after commit; no
provider is called inside a request's transaction. The job (`delivery.py`) claims the row, calls
the provider outside any transaction and records what it said; providers' reports land in
`record_reports`.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import TYPE_CHECKING
from uuid import UUID
from zoneinfo import available_timezones

import msgspec
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

from scene_api.db import models as m
from scene_api.domain.messaging import routing
from scene_api.domain.messaging import schemas as s
from scene_api.domain.messaging.channels.base import (
    BadSignature,
    CallbackRequest,
    Channel,
    OutgoingMessage,
    StatusReport,
)
from scene_api.domain.messaging.channels.registry import callback_reader, reachable_channels, whatsapp
from scene_api.domain.messaging.routing import Category
from scene_api.i18n import Message
from scene_api.lib.crypto import PiiCipher
from scene_api.lib.errors import InvalidInput, NotFound, PermissionDenied
from scene_api.lib.timezone import utcnow

if TYPE_CHECKING:
    from scene_api.services import Services

STATUS_RANK = {
    m.DeliveryStatus.QUEUED: 0,
    m.DeliveryStatus.SENDING: 1,
    m.DeliveryStatus.SENT: 2,
    m.DeliveryStatus.DELIVERED: 3,
    m.DeliveryStatus.FAILED: 3,
    m.DeliveryStatus.READ: 4,
    m.DeliveryStatus.SKIPPED: 5,
}
"""A report applies only when it ranks above where the message stands: a late `sent` never undoes
`delivered`, and `failed` after `delivered` (or the other way round) is noise."""

TIME_ZONES = frozenset(available_timezones()) - {"localtime", "Factory"}
"""The zones a member may pick: every IANA zone, but not the server's own clock (`localtime`, which some
systems list) nor tzdata's placeholder. Read once: listing them walks the zone files (about 10 ms)."""

REPORTED_AT = {
    m.DeliveryStatus.SENT: "sent_at",
    m.DeliveryStatus.DELIVERED: "delivered_at",
    m.DeliveryStatus.READ: "read_at",
    m.DeliveryStatus.FAILED: "failed_at",
}


def report_lock(provider: str, provider_message_id: str) -> sa.Select[tuple[None]]:
    """Serialises recording a provider's message id with reports about it (which may arrive first)."""
    return sa.select(
        sa.func.pg_advisory_xact_lock(sa.func.hashtextextended(f"{provider}:{provider_message_id}", 0))
    )


class MessagingService:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.session = services.session
        self.settings = services.settings
        self.cipher = PiiCipher(self.settings.pii_keys)

    # Sending ----------------------------------------------------------------------------------

    async def send_to_member(
        self, user_id: UUID, message: OutgoingMessage, *, key: str, notification_id: UUID | None = None
    ) -> None:
        """Queue `message` on the first channel the member chose and can be reached on (none: the
        in-app notification is all they get). Quiet hours hold a non-essential message back."""
        chosen = await self.chosen_channels(user_id, routing.category_of(message.kind))
        reachable = await reachable_channels(self.services, user_id, message.kind)
        channel = routing.next_channel(chosen, reachable, None)
        if channel is None:
            return
        member = await self.session.get_one(m.User, user_id)
        await self._queue(
            channel, message, key=key, user_id=user_id, notification_id=notification_id, member=member
        )

    async def send_code(
        self, phone_ciphertext: str, message: OutgoingMessage, *, key: str, user_id: UUID | None
    ) -> None:
        """A sign-in code (or the notice sent instead of one): WhatsApp first, SMS when WhatsApp fails
        or has not delivered within `code_fallback_seconds`."""
        chosen = (
            await self.chosen_channels(user_id, Category.CODES)
            if user_id
            else routing.ordered(routing.DEFAULT_CHANNELS[Category.CODES])
        )
        reachable = await reachable_channels(self.services, None, message.kind)
        channel = routing.next_channel(chosen, reachable, None)
        if channel is None:
            return
        delivery_id = await self._queue(
            channel, message, key=key, user_id=user_id, phone_ciphertext=phone_ciphertext
        )
        if delivery_id is not None and routing.next_channel(chosen, reachable, channel) is not None:
            self.services.jobs.add(
                "check_code_delivery",
                key=f"check-code:{delivery_id}",
                scheduled=utcnow().timestamp() + self.settings.code_fallback_seconds,
                delivery_id=str(delivery_id),
            )

    async def _queue(
        self,
        channel: Channel,
        message: OutgoingMessage,
        *,
        key: str,
        user_id: UUID | None,
        notification_id: UUID | None = None,
        phone_ciphertext: str | None = None,
        member: m.User | None = None,
        fallback_of: UUID | None = None,
    ) -> UUID | None:
        """Record the intent (once per key and channel) and ask for the job; None if it was there."""
        essential = routing.is_essential(message.kind)
        not_before = None
        if member is not None and not essential and member.quiet_hours:
            quiet = routing.QuietHours(
                member.quiet_start, member.quiet_end, routing.zone_of(member.time_zone)
            )
            not_before = quiet.release_at(utcnow())
        inserted = await self.session.execute(
            insert(m.MessageDelivery)
            .values(
                user_id=user_id,
                notification_id=notification_id,
                kind=message.kind,
                category=routing.category_of(message.kind).value,
                essential=essential,
                channel=channel,
                idempotency_key=f"{key}|{channel.value}",
                phone_ciphertext=phone_ciphertext,
                content_ciphertext=self.cipher.encrypt(json.dumps(asdict(message))),
                not_before=not_before,
                fallback_of_id=fallback_of,
            )
            .on_conflict_do_nothing(index_elements=["idempotency_key"])
            .returning(m.MessageDelivery.id)
        )
        delivery_id = inserted.scalar()
        if delivery_id is not None:
            self.services.jobs.add(
                "deliver_message",
                key=f"deliver:{delivery_id}",
                scheduled=not_before.timestamp() if not_before else 0,
                delivery_id=str(delivery_id),
            )
        return delivery_id

    def content_of(self, delivery: m.MessageDelivery) -> OutgoingMessage:
        return OutgoingMessage(**json.loads(self.cipher.decrypt(delivery.content_ciphertext)))

    async def fall_back(self, delivery: m.MessageDelivery) -> UUID | None:
        """Send `delivery`'s message on the member's next reachable channel, once."""
        category = routing.category_of(delivery.kind)
        chosen = (
            await self.chosen_channels(delivery.user_id, category)
            if delivery.user_id
            else routing.ordered(routing.DEFAULT_CHANNELS[category])
        )
        lookup_member = delivery.user_id if delivery.phone_ciphertext is None else None
        reachable = await reachable_channels(self.services, lookup_member, delivery.kind)
        channel = routing.next_channel(chosen, reachable, delivery.channel)
        if channel is None:
            return None
        base_key = delivery.idempotency_key.rsplit("|", 1)[0]
        member = await self.session.get(m.User, delivery.user_id) if delivery.user_id else None
        return await self._queue(
            channel,
            self.content_of(delivery),
            key=base_key,
            user_id=delivery.user_id,
            notification_id=delivery.notification_id,
            phone_ciphertext=delivery.phone_ciphertext,
            member=member,
            fallback_of=delivery.id,
        )

    # Preferences ------------------------------------------------------------------------------

    async def chosen_channels(self, user_id: UUID | None, category: Category) -> list[Channel]:
        """The member's channels for `category` in sending order (their choice, or the default)."""
        if user_id is None:
            return routing.ordered(routing.DEFAULT_CHANNELS[category])
        row = await self.session.scalar(
            sa.select(m.MessagePreference.channels).where(
                m.MessagePreference.user_id == user_id, m.MessagePreference.category == category.value
            )
        )
        if row is None:
            return routing.ordered(routing.DEFAULT_CHANNELS[category])
        return routing.ordered(Channel(value) for value in row)

    async def preferences(self, actor: m.User) -> s.MessagePreferences:
        found = await self.session.execute(
            sa.select(m.MessagePreference.category, m.MessagePreference.channels).where(
                m.MessagePreference.user_id == actor.id
            )
        )
        chosen = dict(found.tuples().all())
        categories = [
            s.CategoryChannels(
                category=category,
                channels=routing.ordered(
                    Channel(value) for value in chosen.get(category.value, routing.DEFAULT_CHANNELS[category])
                ),
                allowed=routing.ordered(routing.ALLOWED[category]),
                essential=category in routing.ESSENTIAL,
            )
            for category in Category
        ]
        window = s.QuietHours(start=actor.quiet_start, end=actor.quiet_end)
        return s.MessagePreferences(
            categories=categories,
            quiet_hours=window if actor.quiet_hours else None,
            quiet_window=window,
            time_zone=actor.time_zone,
        )

    async def update_preferences(
        self, actor: m.User, data: s.MessagePreferencesUpdate
    ) -> s.MessagePreferences:
        """Check everything first, then write: a refused update changes nothing."""
        choices = data.categories if data.categories is not msgspec.UNSET else []
        if len({choice.category for choice in choices}) < len(choices):
            raise InvalidInput(Message("errors_messaging.category_twice"), field="categories")
        for choice in choices:
            refused = set(choice.channels) - routing.ALLOWED[choice.category]
            if refused:
                raise InvalidInput(
                    Message("errors_messaging.channel_not_allowed", channel=sorted(refused)[0]),
                    field="categories",
                )
            if choice.category == Category.CODES and not choice.channels:
                raise InvalidInput(Message("errors_messaging.codes_need_a_channel"), field="categories")
        if data.time_zone is not msgspec.UNSET and data.time_zone not in TIME_ZONES:
            raise InvalidInput(Message("errors_messaging.unknown_time_zone"), field="time_zone")
        if data.quiet_hours not in (None, msgspec.UNSET) and data.quiet_hours.start == data.quiet_hours.end:
            raise InvalidInput(Message("errors_messaging.quiet_hours_empty"), field="quiet_hours")
        for choice in choices:
            await self.session.execute(
                insert(m.MessagePreference)
                .values(
                    user_id=actor.id,
                    category=choice.category.value,
                    channels=[c.value for c in choice.channels],
                )
                .on_conflict_do_update(
                    constraint="uq_message_preferences_member_category",
                    set_={"channels": [c.value for c in choice.channels], "updated_at": sa.func.now()},
                )
            )
        if data.time_zone is not msgspec.UNSET:
            actor.time_zone = data.time_zone
        if data.quiet_hours is None:
            actor.quiet_hours = False
        elif data.quiet_hours is not msgspec.UNSET:
            actor.quiet_hours = True
            actor.quiet_start, actor.quiet_end = data.quiet_hours.start, data.quiet_hours.end
        return await self.preferences(actor)

    # Providers' reports -----------------------------------------------------------------------

    async def record_reports(self, reports: list[StatusReport]) -> int:
        """Store each report once and move its message forward (never back). A `failed` report sends
        the message on the next channel. Returns how many reports were new."""
        new = 0
        for report in reports:
            await self.session.execute(report_lock(report.provider, report.provider_message_id))
            delivery = await self.session.scalar(
                sa.select(m.MessageDelivery)
                .where(
                    m.MessageDelivery.provider == report.provider,
                    m.MessageDelivery.provider_message_id == report.provider_message_id,
                )
                .with_for_update()
            )
            stored = await self.session.execute(
                insert(m.MessageStatusEvent)
                .values(
                    delivery_id=delivery.id if delivery else None,
                    provider=report.provider,
                    provider_message_id=report.provider_message_id,
                    status=report.status,
                    occurred_at=report.occurred_at,
                    error_code=report.error_code,
                    raw=report.raw,
                )
                .on_conflict_do_nothing(constraint="uq_message_status_events_report")
                .returning(m.MessageStatusEvent.id)
            )
            if stored.scalar() is None:
                continue
            new += 1
            if delivery is not None:
                await self.apply_report(delivery, report.status, report)
        return new

    async def apply_report(
        self, delivery: m.MessageDelivery, status: m.DeliveryStatus, report: StatusReport | None = None
    ) -> None:
        """Move a (locked) delivery to `status` if that is forward; a failure falls back."""
        if STATUS_RANK[status] <= STATUS_RANK[delivery.status]:
            return
        delivery.status = status
        moment = (report.occurred_at if report else None) or utcnow()
        if status in REPORTED_AT:
            setattr(delivery, REPORTED_AT[status], moment)
        if report is not None:
            if report.cost is not None:
                delivery.cost, delivery.currency = report.cost, report.currency
            if report.error_code or report.error_message:
                delivery.error_code = (report.error_code or "")[:40] or None
                delivery.error_message = report.error_message[:300]
        if status == m.DeliveryStatus.FAILED:
            await self.fall_back(delivery)

    async def apply_early_reports(self, delivery: m.MessageDelivery) -> None:
        """Reports that arrived before the provider's message id was recorded (a fast provider)."""
        events = await self.session.scalars(
            sa.select(m.MessageStatusEvent).where(
                m.MessageStatusEvent.provider == delivery.provider,
                m.MessageStatusEvent.provider_message_id == delivery.provider_message_id,
                m.MessageStatusEvent.delivery_id.is_(None),
            )
        )
        for event in sorted(events, key=lambda event: STATUS_RANK[event.status]):
            event.delivery_id = delivery.id
            await self.apply_report(
                delivery,
                event.status,
                StatusReport(
                    provider=event.provider,
                    provider_message_id=event.provider_message_id,
                    status=event.status,
                    occurred_at=event.occurred_at,
                    error_code=event.error_code,
                ),
            )

    async def receive_callback(self, provider: str, request: CallbackRequest, *, remote_addr: str) -> int:
        """A provider's callback: checked by its adapter, its reports stored. A bad signature is
        refused (403) and kept for ops; an unknown provider is a 404."""
        reader = callback_reader(self.services.runtime, provider)
        if reader is None:
            raise NotFound(Message("errors_messaging.unknown_provider"))
        try:
            reports = reader.read_callback(request)
        except BadSignature as problem:
            await self.reject_webhook(
                provider,
                str(problem) or "bad signature",
                remote_addr=remote_addr,
                headers=dict(request.headers),
                body=request.body,
            )
            raise PermissionDenied(
                Message("errors_messaging.bad_signature"), code="bad_signature", keep_changes=True
            ) from problem
        return await self.record_reports(reports)

    def handshake(self, provider: str, query: dict[str, str]) -> str:
        """WhatsApp's webhook subscription check: echo the challenge when the verify token matches."""
        if provider != "whatsapp" or self.settings.whatsapp_backend != "cloud":
            raise NotFound(Message("errors_messaging.unknown_provider"))
        try:
            return whatsapp(self.services.runtime).handshake(query)
        except BadSignature as problem:
            raise PermissionDenied(
                Message("errors_messaging.bad_signature"), code="bad_signature"
            ) from problem

    async def reject_webhook(
        self, provider: str, reason: str, *, remote_addr: str, headers: dict[str, str], body: bytes
    ) -> None:
        """Keep a callback that failed its signature check, for ops to look at."""
        self.session.add(
            m.RejectedWebhook(
                provider=provider[:20],
                reason=reason[:200],
                remote_addr=remote_addr[:45],
                headers={key: value[:500] for key, value in list(headers.items())[:50]},
                body=body[:8000].decode("utf-8", errors="replace").replace("\x00", ""),
            )
        )
