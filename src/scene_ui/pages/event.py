"""Event detail: tiers with their prices and what is left; buying, asking the host first, or the waitlist."""

from __future__ import annotations

from functools import partial
from uuid import UUID

from nicegui import ui

from scene_api.db import models as m
from scene_api.domain.events import schemas as s
from scene_api.domain.joins import schemas as joins_s
from scene_api.lib.errors import NotFound
from scene_api.lib.timezone import utcnow
from scene_api.lib.whatsapp import whatsapp_url
from scene_ui import drafts, feedback, formats, live, session
from scene_ui.components.buttons import primary_button, secondary_button, spin, unspin
from scene_ui.components.empty_state import empty_state
from scene_ui.components.event_card import date_tile, price_label, tickets_left_label
from scene_ui.components.facts import banner, directions_url, fact, state_line, where_fact
from scene_ui.components.frame import frame
from scene_ui.components.section import panel, section_header
from scene_ui.components.share import share_buttons, whatsapp_button
from scene_ui.components.tickets import order_path
from scene_ui.i18n import locale, shared_link, texts
from scene_ui.pages.activity import host_line, is_id

tx = texts("event")


def create() -> None:
    ui.page("/events/{event_id}")(session.members_only(event_page))


async def event_page(event_id: str) -> None:
    """By id, or by slug: a share link (`/e/{slug}`) sends a signed-in member here."""
    member = await session.current_member()
    assert member is not None  # members_only
    if is_id(event_id):
        detail = await EventDetail.load(member, event_id=event_id)
    else:
        detail = await EventDetail.load(member, slug=event_id)
    with frame(detail.title, member=member, back="/explore?tab=events"):
        detail.render()
    if detail.event is not None:
        await live.follow([live.event(detail.event.id)], detail.reload_if_changed)


def share_text(event: s.Event | s.PublicEvent) -> str:
    place = " \u00b7 ".join(part for part in (event.place_name, event.city) if part)
    return tx.share_text.format(title=event.title, when=formats.when(event.starts_at), place=place)


def whatsapp_link(event: s.Event | s.PublicEvent, url: str) -> str:
    return whatsapp_url(
        event.title,
        language=locale(),
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        place=" \u00b7 ".join(part for part in (event.place_name, event.city) if part),
        link=url,
    )


class EventDetail(live.LiveView):
    """One event as the signed-in member sees it, re-read from the service after every action."""

    def __init__(self, member: session.Member, event: s.Event | None, hold_minutes: int = 10) -> None:
        self.member = member
        self.event = event
        self.hold_minutes = hold_minutes
        self.tier_id: UUID | None = None
        self.quantity = 1
        self.busy = False
        self.note: drafts.Note
        """What the member types for the host, kept through live redraws and reloads (made by `render`)."""

    @classmethod
    async def load(
        cls, member: session.Member, *, event_id: str | None = None, slug: str | None = None
    ) -> EventDetail:
        detail = cls(member, None)
        try:
            async with session.member_services() as (services, me):
                detail.hold_minutes = services.settings.hold_minutes
                if slug is not None:
                    detail.event = await services.events.get_by_slug(me.user, slug)
                else:
                    detail.event = await services.events.get(me.user, UUID(event_id))
        except (NotFound, ValueError):
            detail.event = None
        detail._default_tier()
        return detail

    def redraw(self) -> None:
        self.body.refresh()

    def shown(self) -> object:
        """Seats left, a decision, an offer: all in the event as read; and the tier picked."""
        return self.event, self.tier_id

    async def reread(self) -> bool:
        assert self.event is not None
        event_id = self.event.id
        event = await feedback.attempt(lambda services, me: services.events.get(me.user, event_id))
        if event is feedback.REFUSED:
            return False
        self.event = event
        self._default_tier()
        return True

    def _default_tier(self) -> None:
        """Keep the tier chosen while it can be bought, else the first that can."""
        if self.event is None:
            return
        buyable = [tier for tier in self.event.tiers if tier.on_sale and tier.available > 0]
        if not any(tier.id == self.tier_id for tier in buyable):
            self.tier_id = buyable[0].id if buyable else None
            self.quantity = 1

    @property
    def title(self) -> str:
        return self.event.title if self.event else tx.not_found_title

    @property
    def is_host(self) -> bool:
        return self.event is not None and self.event.host.id == self.member.id

    def render(self) -> None:
        if self.event is None:
            empty_state("search_off", tx.not_found_title, tx.not_found_message, is_page_heading=True)
            return
        self.note = drafts.Note(self.member.id, f"request-note:{self.event.id}", redraw=self.body.refresh)
        self.body()

    @ui.refreshable_method
    def body(self) -> None:
        event = self.event
        assert event is not None
        hero(event)
        host_line(event.host.name, event.host.handle, event.host.avatar_url)
        ended = event.ends_at <= utcnow()
        if event.status is m.EventStatus.CANCELLED:
            banner(tx.cancelled)
        elif event.status is m.EventStatus.COMPLETED or ended:
            banner(tx.completed)
        else:
            self._action_panel(event)
        facts(event)
        if event.description:
            with ui.column().classes("w-full gap-2"):
                section_header(tx.about)
                ui.label(event.description).classes("text-body text-ink whitespace-pre-line")
        with ui.column().classes("w-full gap-2").mark("share"):
            section_header(tx.share)
            link = shared_link(event.share_url)
            share_buttons(event.title, share_text(event), link, whatsapp_link(event, link))

    # What the member can do -------------------------------------------------------------------

    def _action_panel(self, event: s.Event) -> None:
        with panel(marker="buy-panel"):
            if self.is_host:
                state_line("star", tx.you_host, tx.you_host_hint)
                secondary_button(tx.open_inbox, lambda: ui.navigate.to("/inbox"), icon="inbox").classes(
                    "w-full"
                )
                return
            request = event.my_request
            approved = request is not None and request.status is m.JoinRequestStatus.APPROVED
            if event.approval_required and not approved:
                self._ask_first(event, request)
                return
            if approved:
                state_line("check_circle", tx.state_approved, tx.state_approved_hint)
                if request is not None and request.whatsapp_url:
                    whatsapp_button(request.whatsapp_url, tx.share_approval, marker="share-approval").classes(
                        "w-full"
                    )
            offer = event.my_waitlist
            if offer is not None and offer.offered_until is not None and offer.offered_until > utcnow():
                state_line(
                    "local_activity", tx.offer, tx.offer_hint.format(moment=formats.when(offer.offered_until))
                )
            elif offer is not None:
                self._waitlisted(offer)
                return
            if self.tier_id is None:
                self._sold_out(event)
                return
            self._tiers(event)
            self._buy(event)

    def _ask_first(self, event: s.Event, request: joins_s.MyRequest | None) -> None:
        if request is not None and request.status is m.JoinRequestStatus.PENDING:
            state_line("hourglass_top", tx.state_pending, tx.state_pending_hint.format(host=event.host.name))
            secondary_button(tx.withdraw, partial(self.withdraw, request.id)).classes("w-full").mark(
                "withdraw"
            )
            return
        note = self.note.box(tx.note_placeholder).mark("request-note")
        button = primary_button(tx.request, icon="waving_hand").classes("w-full").mark("request")
        button.on_click(lambda: self.request(note.value or "", button))
        ui.label(tx.request_hint).classes("text-meta text-muted")

    def _tiers(self, event: s.Event) -> None:
        with ui.column().classes("w-full gap-2").props(f'role="radiogroup" aria-label="{tx.choose_tier}"'):
            ui.label(tx.choose_tier).classes("text-label font-bold uppercase tracking-wider text-muted")
            for tier in event.tiers:
                self._tier(tier)

    def _tier(self, tier: s.Tier) -> None:
        buyable = tier.on_sale and tier.available > 0
        picked = tier.id == self.tier_id
        tone = "border-accent bg-accent-soft" if picked else "border-line bg-page"
        with (
            ui.button(color=None, on_click=partial(self.pick_tier, tier))
            .props(f'unelevated no-caps align="left" role="radio" aria-checked="{str(picked).lower()}"')
            .classes(f"w-full px-3 py-3 rounded-2xl border {tone} {'' if buyable else 'opacity-50'}")
            .mark(f"tier-{_key(tier.name)}") as button,
            ui.row().classes("w-full items-center gap-3 flex-nowrap"),
        ):
            with ui.column().classes("flex-1 min-w-0 gap-0 items-start text-start"):
                ui.label(tier.name).classes("text-body font-bold text-ink")
                if tier.description:
                    ui.label(tier.description).classes("text-meta text-muted")
                left = tickets_left_label(tier.available) if tier.on_sale else tx.not_on_sale
                ui.label(left).classes(
                    "text-label font-semibold uppercase tracking-wide "
                    + ("text-accent" if buyable else "text-muted")
                )
            ui.label(formats.rupees(tier.price_pkr)).classes("text-body font-bold text-ink whitespace-nowrap")
        if not buyable:
            button.disable()

    def _buy(self, event: s.Event) -> None:
        tier = next(tier for tier in event.tiers if tier.id == self.tier_id)
        most = max(1, min(tier.per_order_limit, tier.available))
        with ui.row().classes("w-full items-center gap-3 flex-nowrap pt-1"):
            with ui.column().classes("flex-1 min-w-0 gap-0"):
                ui.label(tx.quantity).classes("text-body font-semibold text-ink")
                ui.label(tx.per_order.format(limit=tier.per_order_limit)).classes("text-meta text-muted")
            self._stepper(most)
        total = tier.price_pkr * self.quantity
        if total == 0:
            label = tx.get_free.format(count=self.quantity, s="" if self.quantity == 1 else "s")
            get = primary_button(label, icon="confirmation_number").classes("w-full").mark("buy")
            get.on_click(lambda: self.reserve(get, pay_at_venue=False))
            return
        online = primary_button(tx.pay_online.format(amount=formats.rupees(total)), icon="lock").classes(
            "w-full"
        )
        online.mark("buy")
        online.on_click(lambda: self.reserve(online, pay_at_venue=False))
        ui.label(tx.hold_hint.format(minutes=self.hold_minutes)).classes("text-meta text-muted -mt-1")
        if event.allow_pay_at_venue:
            door = secondary_button(tx.pay_at_door, icon="storefront").classes("w-full").mark("pay-at-door")
            door.on_click(lambda: self.reserve(door, pay_at_venue=True))
            ui.label(tx.pay_at_door_hint.format(amount=formats.rupees(total))).classes(
                "text-meta text-muted -mt-1"
            )

    def _stepper(self, most: int) -> None:
        with ui.row().classes("items-center gap-1 p-1 rounded-full bg-page border border-line flex-nowrap"):
            less = ui.button(icon="remove", color=None, on_click=partial(self.change_quantity, -1, most))
            less.props(f'unelevated round dense aria-label="{tx.less}"').classes("w-9 h-9 text-ink").mark(
                "less"
            )
            if self.quantity <= 1:
                less.disable()
            ui.label(str(self.quantity)).classes("w-8 text-center text-title font-bold text-ink").mark(
                "quantity"
            )
            more = ui.button(icon="add", color=None, on_click=partial(self.change_quantity, 1, most))
            more.props(f'unelevated round dense aria-label="{tx.more}"').classes("w-9 h-9 text-ink").mark(
                "more"
            )
            if self.quantity >= most:
                more.disable()

    def _sold_out(self, event: s.Event) -> None:
        state_line("block", tx.sold_out, tx.sold_out_hint)
        primary_button(tx.join_waitlist, self.join_waitlist, icon="playlist_add").classes("w-full").mark(
            "join-waitlist"
        )

    def _waitlisted(self, entry: s.MyWaitlistEntry) -> None:
        state_line(
            "format_list_numbered",
            tx.state_waitlisted.format(position=entry.position),
            tx.state_waitlisted_hint,
        )
        secondary_button(tx.leave_waitlist, self.leave_waitlist).classes("w-full").mark("leave-waitlist")

    # Actions -------------------------------------------------------------------------------

    def pick_tier(self, tier: s.Tier) -> None:
        if tier.id != self.tier_id:
            self.tier_id, self.quantity = tier.id, 1
            self.body.refresh()

    def change_quantity(self, step: int, most: int) -> None:
        self.quantity = min(most, max(1, self.quantity + step))
        self.body.refresh()

    async def reserve(self, button: ui.button, *, pay_at_venue: bool) -> None:
        assert self.event is not None
        if self.busy or self.tier_id is None:
            return
        spin(self, button)
        event_id = self.event.id
        ask = s.OrderCreate(tier_id=self.tier_id, quantity=self.quantity, pay_at_venue=pay_at_venue)
        order = await feedback.attempt(lambda services, me: services.orders.reserve(me.user, event_id, ask))
        if order is feedback.REFUSED:
            unspin(self, button)
            await self.reload()
            return
        ui.navigate.to(order_path(order.id))

    async def request(self, message: str, button: ui.button) -> None:
        assert self.event is not None
        event_id, note = self.event.id, joins_s.JoinRequestCreate(message=message.strip())
        button.props("loading")
        sent = await feedback.attempt(
            lambda services, me: services.event_requests.request(me.user, event_id, note),
            success=tx.requested,
        )
        await self.reload()  # the event's state moved on either way
        if sent is not feedback.REFUSED:
            self.note.sent()

    async def withdraw(self, request_id: UUID) -> None:
        await feedback.attempt(
            lambda services, me: services.joins.withdraw(me.user, request_id), success=tx.withdrawn
        )
        await self.reload()

    async def join_waitlist(self) -> None:
        assert self.event is not None
        event_id = self.event.id
        await feedback.attempt(
            lambda services, me: services.event_waitlist.join(me.user, event_id, s.WaitlistJoin()),
            success=tx.waitlisted,
        )
        await self.reload()

    async def leave_waitlist(self) -> None:
        assert self.event is not None
        event_id = self.event.id
        await feedback.attempt(
            lambda services, me: services.event_waitlist.leave(me.user, event_id), success=tx.left_waitlist
        )
        await self.reload()


# Pieces the share page reuses --------------------------------------------------------------------


def hero(event: s.Event | s.PublicEvent) -> None:
    """The cover (if any), the date, chips and the title."""
    if event.cover_url:
        with ui.element("div").classes("w-full rounded-card overflow-hidden border border-line"):
            picture = ui.element("img").classes("w-full aspect-[16/9] object-cover")
            picture.props["src"] = event.cover_url
            picture.props["alt"] = ""
    with ui.row().classes("w-full items-center gap-3 flex-nowrap"):
        date_tile(event.starts_at, size="w-16 h-16")
        with ui.column().classes("flex-1 min-w-0 gap-1.5"):
            with ui.row().classes("gap-2"):
                if isinstance(event, s.Event) and event.featured:
                    _chip(tx.featured, accent=True)
                if event.approval_required:
                    _chip(tx.approval)
            ui.label(f"{formats.long_day(event.starts_at)} \u00b7 {formats.clock(event.starts_at)}").classes(
                "text-meta font-semibold text-muted"
            )
    ui.label(event.title).classes("text-display font-extrabold text-ink break-words -mt-2").props(
        'role="heading" aria-level="1"'
    )


def facts(event: s.Event | s.PublicEvent) -> None:
    minutes = int((event.ends_at - event.starts_at).total_seconds() // 60)
    place = " \u00b7 ".join(part for part in (event.place_name, event.city) if part)
    with panel(classes="gap-4 p-4", marker="facts"):
        fact(
            "event",
            tx.when,
            formats.long_day(event.starts_at),
            f"{formats.time_range(event.starts_at, event.ends_at)} \u00b7 {formats.duration(minutes)}",
        )
        lat, lng = (event.lat, event.lng) if isinstance(event, s.Event) else (None, None)
        where_fact(tx.where, place or "\u2013", None, directions_url(lat, lng, place))
        if isinstance(event, s.Event):
            fact(
                "confirmation_number",
                tx.tickets,
                tickets_left_label(event.tickets_left),
                tx.tickets_of.format(sold=event.tickets_sold, capacity=event.capacity),
            )
        else:
            fact("confirmation_number", tx.tickets, tickets_left_label(event.tickets_left))
        if event.price_from_pkr is not None:
            price = price_label(event.price_from_pkr)
            fact("payments", tx.price, price[:1].upper() + price[1:])


def _chip(text: str, *, accent: bool = False) -> None:
    tone = "bg-accent-soft text-accent border-transparent" if accent else "border-line text-muted"
    ui.label(text).classes(
        f"h-7 px-2.5 rounded-full border text-meta font-semibold whitespace-nowrap flex items-center {tone}"
    )


def _key(name: str) -> str:
    return "-".join(name.lower().split())
