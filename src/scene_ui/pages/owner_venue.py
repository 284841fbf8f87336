"""Running one venue (/owner/venues/{id}): its details, courts, weekly and special hours, prices, photos."""

from __future__ import annotations

from datetime import date, datetime, time
from functools import partial
from typing import Any
from uuid import UUID

from nicegui import events, ui

from scene_api.db import models as m
from scene_api.domain.venues import schemas as s
from scene_api.lib.errors import DomainError, NotFound
from scene_api.lib.timezone import KARACHI
from scene_ui import feedback, formats, session
from scene_ui.components.activity_type import LABELS as SPORTS
from scene_ui.components.buttons import ghost_button, link_button, primary_button, secondary_button
from scene_ui.components.dialogs import dialog_root, dialog_title, open_once
from scene_ui.components.empty_state import empty_state
from scene_ui.components.frame import frame
from scene_ui.components.inputs import long_text
from scene_ui.components.section import panel
from scene_ui.i18n import t, texts
from scene_ui.pages.owner_calendar_grid import marker_name
from scene_ui.staff import venue_runners_only

tx = texts("owner_venue")
PHOTO_TYPES = "image/jpeg,image/png,image/webp"
PHOTO_MAX_BYTES = 8 * 1024 * 1024

STEP = 30
LENGTHS = (60, 90, 120)
"""The slot lengths a venue prices (catalogue `owner_venue.length_<minutes>`)."""
LOCATE_JS = """
new Promise((done) => {
  if (!navigator.geolocation) return done(null);
  navigator.geolocation.getCurrentPosition(
    (found) => done([found.coords.latitude, found.coords.longitude]),
    () => done(null),
    {enableHighAccuracy: true, timeout: 8000},
  );
})
"""


def create() -> None:
    ui.page("/owner/venues/{venue_id}")(venue_runners_only(venue_page))


def clock_at(minute: int) -> str:
    """`7:00 pm` for minutes after midnight; past midnight reads `1:00 am +1`."""
    hours, minutes = divmod(minute % 1440, 60)
    text = formats.clock(datetime.combine(formats.today(), time(hours, minutes), tzinfo=KARACHI))
    return tx("next_day", time=text) if minute >= 1440 else text


def opening_times() -> dict[int, str]:
    """What a venue can open at, in the reader's language."""
    return {minute: clock_at(minute) for minute in range(0, 1440, STEP)}


def closing_times() -> dict[int, str]:
    """What a venue can close at, up to 6 am the next morning."""
    return {minute: clock_at(minute) for minute in range(STEP, 1440 + 6 * 60 + 1, STEP)}


async def venue_page(venue_id: str) -> None:
    member = await session.current_member()
    assert member is not None  # venue_runners_only
    try:
        view = VenueView(UUID(venue_id))
        await view.load()
    except (ValueError, NotFound):
        with frame(tx.not_found_title, member=member, back="/owner"):
            empty_state("storefront", tx.not_found_title, tx.not_found_message, is_page_heading=True)
        return
    with frame(tx.title, member=member, back="/owner"):
        view.render()


class VenueView:
    """One venue as its owner sees it; each section saves through its own service call."""

    def __init__(self, venue_id: UUID) -> None:
        self.venue_id = venue_id
        self.venue: s.VenueDetail | None = None

    async def load(self) -> None:
        async with session.member_services() as (services, me):
            self.venue = await services.venues.get_managed(me.user, self.venue_id)

    @property
    def detail(self) -> s.VenueDetail:
        assert self.venue is not None
        return self.venue

    async def _call(self, action: Any, done: str | None = None) -> bool:
        """Run `action(services, actor)` through `feedback.attempt`; a venue it answers is the one shown.
        Answers whether it went through."""
        result = await feedback.attempt(lambda services, me: action(services, me.user), success=done or None)
        if result is feedback.REFUSED:
            return False
        if isinstance(result, s.VenueDetail):
            self.venue = result
        return True

    def render(self) -> None:
        self.header()
        self._details()
        self.courts()
        self._hours()
        self.special()
        self._prices()
        self.photos()

    # Header ----------------------------------------------------------------------------------

    @ui.refreshable_method
    def header(self) -> None:
        venue = self.detail
        listed = venue.status is m.VenueStatus.ACTIVE
        with ui.column().classes("w-full gap-3"):
            with ui.column().classes("w-full gap-1"):
                ui.label(venue.name).classes("text-display font-extrabold text-ink").props(
                    'role="heading" aria-level="1"'
                )
                ui.label(f"{venue.address} \u00b7 {venue.city}").classes("text-body text-muted")
            with (
                panel(classes="gap-0 p-0", marker="listing"),
                ui.row().classes("w-full items-center gap-3 px-4 py-3 flex-nowrap"),
            ):
                ui.icon("visibility" if listed else "visibility_off").classes(
                    "text-2xl " + ("text-accent" if listed else "text-muted")
                )
                with ui.column().classes("flex-1 min-w-0 gap-0"):
                    ui.label(tx.listed if listed else tx.hidden).classes("text-body font-semibold text-ink")
                    ui.label(tx.listed_explain if listed else tx.hidden_explain).classes(
                        "text-meta text-muted"
                    )
                ui.switch(value=listed, on_change=self.set_listed).props(f'aria-label="{tx.listed}"').mark(
                    "listed"
                )
            link_button(
                tx.calendar, f"/owner/venues/{venue.id}/calendar", primary=True, icon="calendar_month"
            ).classes("w-full")

    async def set_listed(self, event: events.ValueChangeEventArguments[Any]) -> None:
        status = m.VenueStatus.ACTIVE if event.value else m.VenueStatus.HIDDEN
        if status is self.detail.status:
            return
        update = s.VenueUpdate(status=status)
        await self._call(lambda services, me: services.venue_management.update(me, self.venue_id, update))
        self.header.refresh()

    # Details ---------------------------------------------------------------------------------

    def _details(self) -> None:
        venue = self.detail
        with ui.column().classes("w-full gap-3").mark("details"), panel(tx.details, classes="gap-3 p-4"):
            inputs: dict[str, Any] = {}
            inputs["name"] = (
                ui.input(tx.name, value=venue.name).props("outlined maxlength=120").classes("w-full")
            )
            inputs["description"] = long_text(tx.description, value=venue.description, limit=2000)
            inputs["address"] = ui.input(tx.address, value=venue.address).props("outlined maxlength=200")
            inputs["address"].classes("w-full")
            inputs["city"] = ui.select([c.value for c in m.City], label=tx.city, value=venue.city)
            inputs["city"].props("outlined options-dense").classes("w-full")
            inputs["contact_phone"] = ui.input(tx.phone, value=_local_phone(venue.contact_phone)).props(
                f'outlined type=tel inputmode=tel placeholder="{tx.phone_placeholder}"'
            )
            inputs["contact_phone"].classes("w-full")
            inputs["amenities"] = ui.input(tx.amenities, value=", ".join(venue.amenities)).props(
                f'outlined hint="{tx.amenities_hint}"'
            )
            inputs["amenities"].classes("w-full")
            with ui.row().classes("w-full gap-2 flex-nowrap"):
                inputs["lat"] = ui.number(tx.latitude, value=venue.lat, format="%.5f").props("outlined")
                inputs["lat"].classes("flex-1 min-w-0")
                inputs["lng"] = ui.number(tx.longitude, value=venue.lng, format="%.5f").props("outlined")
                inputs["lng"].classes("flex-1 min-w-0")
            ghost_button(tx.use_my_location, partial(self.locate, inputs), icon="my_location").classes(
                "self-start -ms-3"
            )
            ui.label(tx.peak).classes("text-label font-bold uppercase tracking-wider text-muted pt-1")
            with ui.row().classes("w-full gap-2 flex-nowrap"):
                inputs["peak_start_minute"] = ui.select(
                    {None: tx.no_peak, **opening_times()}, label=tx.peak_from, value=venue.peak_start_minute
                ).props("outlined options-dense")
                inputs["peak_start_minute"].classes("flex-1 min-w-0")
                inputs["peak_end_minute"] = ui.select(
                    {None: tx.no_peak, **closing_times()}, label=tx.peak_until, value=venue.peak_end_minute
                ).props("outlined options-dense")
                inputs["peak_end_minute"].classes("flex-1 min-w-0")
            primary_button(tx.save_details, partial(self.save_details, inputs), icon="check").classes(
                "w-full"
            ).mark("save-details")

    async def locate(self, inputs: dict[str, Any]) -> None:
        try:
            found = await ui.run_javascript(LOCATE_JS, timeout=10)
        except TimeoutError:
            found = None
        if isinstance(found, list) and len(found) == 2:
            inputs["lat"].set_value(round(float(found[0]), 6))
            inputs["lng"].set_value(round(float(found[1]), 6))
        else:
            feedback.failed(tx.no_location)

    async def save_details(self, inputs: dict[str, Any]) -> None:
        payload = {
            "name": (inputs["name"].value or "").strip(),
            "description": (inputs["description"].value or "").strip(),
            "address": (inputs["address"].value or "").strip(),
            "city": inputs["city"].value,
            "contact_phone": (inputs["contact_phone"].value or "").strip(),
            "amenities": [a.strip() for a in (inputs["amenities"].value or "").split(",") if a.strip()],
            "lat": inputs["lat"].value,
            "lng": inputs["lng"].value,
            "peak_start_minute": inputs["peak_start_minute"].value,
            "peak_end_minute": inputs["peak_end_minute"].value,
        }
        try:
            update = feedback.checked(payload, s.VenueUpdate)
        except DomainError as error:
            feedback.failed(error)
            return
        if await self._call(
            lambda services, me: services.venue_management.update(me, self.venue_id, update), tx.saved
        ):
            self.header.refresh()

    # Courts ----------------------------------------------------------------------------------

    @ui.refreshable_method
    def courts(self) -> None:
        with ui.column().classes("w-full").mark("courts"), panel(tx.courts, classes="gap-0 p-4"):
            if not self.detail.courts:
                ui.label(tx.no_courts).classes("text-meta text-muted pb-3")
            for court in self.detail.courts:
                self._court_row(court)
            with ui.row().classes("w-full items-start gap-2 pt-3 flex-nowrap"):
                name = ui.input(tx.court_name, placeholder=tx.court_placeholder).props(
                    "outlined dense maxlength=60"
                )
                name.classes("flex-1 min-w-0").mark("new-court")
                add = secondary_button(tx.add_court, icon="add").classes("shrink-0 min-h-10")
                add.on_click(lambda: self.add_court(name.value or "")).mark("add-court")

    def _court_row(self, court: s.Court) -> None:
        with (
            ui.row()
            .classes("w-full items-center gap-3 py-2 border-b border-line flex-nowrap")
            .mark(f"court-{marker_name(court.name)}")
        ):
            with (
                (
                    ui.button(color=None, on_click=partial(self.edit_court, court))
                    .props("flat no-caps align=left")
                    .classes("flex-1 min-w-0 p-0 text-start")
                ),
                ui.column().classes("w-full min-w-0 gap-0 items-start"),
            ):
                ui.label(court.name).classes(
                    "text-body font-semibold truncate " + ("text-ink" if court.active else "text-muted")
                )
                facts = [SPORTS[court.sport], tx.indoor if court.indoor else tx.outdoor]
                if not court.active:
                    facts.append(tx.not_in_use)
                ui.label(" \u00b7 ".join(facts)).classes("text-meta text-muted normal-case")
            ui.switch(value=court.active, on_change=partial(self.set_court_active, court)).props(
                f'aria-label="{tx.in_use}"'
            ).mark(f"court-active-{marker_name(court.name)}")

    async def add_court(self, name: str) -> None:
        try:
            create = feedback.checked({"name": name.strip()}, s.CourtCreate)
        except DomainError as error:
            feedback.failed(error)
            return
        if await self._call(
            lambda services, me: services.venue_management.add_court(me, self.venue_id, create),
            tx.court_added.format(name=create.name),
        ):
            await self.reload()

    async def set_court_active(self, court: s.Court, event: events.ValueChangeEventArguments[Any]) -> None:
        if bool(event.value) is court.active:
            return
        update = s.CourtUpdate(active=bool(event.value))
        await self._call(
            lambda services, me: services.venue_management.update_court(me, self.venue_id, court.id, update)
        )
        await self.reload()

    def edit_court(self, court: s.Court) -> None:
        with (
            dialog_root(),
            ui.dialog() as dialog,
            ui.card().classes("w-full max-w-sm bg-surface rounded-card gap-3 p-5"),
        ):
            dialog_title(tx.edit_court)
            name = ui.input(tx.court_name, value=court.name).props("outlined maxlength=60").classes("w-full")
            sport = ui.select(
                {kind: SPORTS[kind] for kind in m.ActivityType}, label=tx.sport, value=court.sport
            )
            sport.props("outlined options-dense").classes("w-full")
            indoor = ui.switch(tx.indoor, value=court.indoor)

            async def save() -> None:
                try:
                    update = feedback.checked(
                        {
                            "name": (name.value or "").strip(),
                            "sport": sport.value,
                            "indoor": bool(indoor.value),
                        },
                        s.CourtUpdate,
                    )
                except DomainError as error:
                    feedback.failed(error)
                    return
                if await self._call(
                    lambda services, me: services.venue_management.update_court(
                        me, self.venue_id, court.id, update
                    ),
                    tx.court_saved.format(name=update.name),
                ):
                    dialog.close()
                    await self.reload()

            with ui.row().classes("w-full gap-2 flex-nowrap pt-2"):
                secondary_button(tx.cancel, dialog.close).classes("flex-1")
                primary_button(tx.save, save).classes("flex-1").mark("save-court")
        open_once(dialog)

    async def reload(self) -> None:
        if not await feedback.reread(self.load):
            return
        self.courts.refresh()
        self.special.refresh()
        self.photos.refresh()

    # Weekly hours ----------------------------------------------------------------------------

    def _hours(self) -> None:
        by_day = {hours.weekday: hours for hours in self.detail.opening_hours}
        rows: list[tuple[ui.switch, ui.select, ui.select]] = []
        opening, closing = opening_times(), closing_times()
        with ui.column().classes("w-full").mark("hours"), panel(tx.hours, classes="gap-3 p-4"):
            ui.label(tx.hours_hint).classes("text-meta text-muted")
            for weekday in range(7):
                name = t(f"formats.day_{weekday}")
                hours = by_day.get(weekday)
                with ui.column().classes("w-full gap-1 pb-2 border-b border-line").mark(f"hours-{weekday}"):
                    with ui.row().classes("w-full items-center justify-between flex-nowrap"):
                        ui.label(name).classes("text-body font-semibold text-ink")
                        open_switch = ui.switch(value=hours is not None).props(
                            f'aria-label="{tx("day_open", day=name)}"'
                        )
                    with ui.row().classes("w-full gap-2 flex-nowrap") as times:
                        opens = ui.select(opening, value=hours.opens_minute if hours else 7 * 60).props(
                            "outlined dense options-dense"
                        )
                        opens.classes("flex-1 min-w-0")
                        closes = ui.select(closing, value=hours.closes_minute if hours else 23 * 60).props(
                            "outlined dense options-dense"
                        )
                        closes.classes("flex-1 min-w-0")
                    closed = ui.label(tx.closed).classes("text-meta text-muted")
                    times.bind_visibility_from(open_switch, "value")
                    closed.bind_visibility_from(open_switch, "value", backward=lambda value: not value)
                rows.append((open_switch, opens, closes))
            primary_button(tx.save_hours, partial(self.save_hours, rows), icon="check").classes(
                "w-full"
            ).mark("save-hours")

    async def save_hours(self, rows: list[tuple[ui.switch, ui.select, ui.select]]) -> None:
        try:
            weekly = feedback.checked(
                {
                    "hours": [
                        {"weekday": weekday, "opens_minute": opens.value, "closes_minute": closes.value}
                        for weekday, (open_switch, opens, closes) in enumerate(rows)
                        if open_switch.value
                    ]
                },
                s.WeeklyHours,
            )
        except DomainError as error:
            feedback.failed(error)
            return
        await self._call(
            lambda services, me: services.venue_management.set_hours(me, self.venue_id, weekly), tx.saved
        )

    # Special days ----------------------------------------------------------------------------

    @ui.refreshable_method
    def special(self) -> None:
        with ui.column().classes("w-full").mark("special"), panel(tx.special, classes="gap-3 p-4"):
            ui.label(tx.special_hint).classes("text-meta text-muted")
            if not self.detail.special_hours:
                ui.label(tx.no_special).classes("text-meta text-muted")
            for day in self.detail.special_hours:
                with ui.row().classes("w-full items-center gap-3 py-1 flex-nowrap"):
                    with ui.column().classes("flex-1 min-w-0 gap-0"):
                        ui.label(formats.short_date(day.day)).classes("text-body font-semibold text-ink")
                        hours = (
                            tx.closed
                            if day.closed or day.opens_minute is None or day.closes_minute is None
                            else t(
                                "formats.time_range",
                                start=clock_at(day.opens_minute),
                                end=clock_at(day.closes_minute),
                            )
                        )
                        ui.label(" \u00b7 ".join(x for x in (hours, day.note) if x)).classes(
                            "text-meta text-muted truncate"
                        )
                    ghost_button(tx.remove, partial(self.clear_special, day.day)).classes("min-h-10")
            with ui.column().classes("w-full gap-2 pt-2 border-t border-line"):
                day_input = ui.input(tx.special_date).props("outlined dense type=date").classes("w-full")
                day_input.mark("special-date")
                closed = ui.switch(tx.special_closed, value=True).mark("special-closed")
                with ui.row().classes("w-full gap-2 flex-nowrap") as times:
                    opens = ui.select(opening_times(), value=16 * 60).props("outlined dense options-dense")
                    opens.classes("flex-1 min-w-0")
                    closes = ui.select(closing_times(), value=26 * 60).props("outlined dense options-dense")
                    closes.classes("flex-1 min-w-0")
                times.bind_visibility_from(closed, "value", backward=lambda value: not value)
                note = ui.input(tx.special_note).props("outlined dense maxlength=120").classes("w-full")
                secondary_button(
                    tx.add_special,
                    lambda: self.set_special(
                        day_input.value, closed.value, opens.value, closes.value, note.value
                    ),
                    icon="event",
                ).classes("w-full").mark("add-special")

    async def set_special(self, day: str, closed: bool, opens: int, closes: int, note: str | None) -> None:
        try:
            chosen = date.fromisoformat(day or "")
        except ValueError:
            feedback.failed(tx.pick_date)
            return
        try:
            hours = feedback.checked(
                {
                    "closed": bool(closed),
                    "opens_minute": None if closed else opens,
                    "closes_minute": None if closed else closes,
                    "note": (note or "").strip(),
                },
                s.SpecialHoursSet,
            )
        except DomainError as error:
            feedback.failed(error)
            return
        if await self._call(
            lambda services, me: services.venue_management.set_special_hours(
                me, self.venue_id, chosen, hours
            ),
            tx.special_saved.format(day=formats.short_date(chosen)),
        ):
            self.special.refresh()

    async def clear_special(self, day: date) -> None:
        if await self._call(
            lambda services, me: services.venue_management.clear_special_hours(me, self.venue_id, day),
            tx.special_removed.format(day=formats.short_date(day)),
        ):
            self.special.refresh()

    # Prices ----------------------------------------------------------------------------------

    def _prices(self) -> None:
        by_length: dict[int, s.Price] = {price.duration_minutes: price for price in self.detail.prices}
        rows: dict[int, tuple[ui.switch, ui.number, ui.number]] = {}
        with ui.column().classes("w-full").mark("prices"), panel(tx.prices, classes="gap-3 p-4"):
            ui.label(tx.prices_hint).classes("text-meta text-muted")
            for length in LENGTHS:
                label = tx(f"length_{length}")
                price = by_length.get(length)
                with ui.column().classes("w-full gap-1 pb-2 border-b border-line").mark(f"price-{length}"):
                    with ui.row().classes("w-full items-center justify-between flex-nowrap"):
                        ui.label(tx("takes", length=label)).classes("text-body font-semibold text-ink")
                        takes = ui.switch(value=price is not None).props(
                            f'aria-label="{tx.takes.format(length=label)}"'
                        )
                    with ui.row().classes("w-full gap-2 flex-nowrap") as amounts:
                        normal = _rupees_input(tx.price, price.price_pkr if price else None)
                        peak = _rupees_input(tx.peak_price, price.peak_price_pkr if price else None)
                    amounts.bind_visibility_from(takes, "value")
                rows[length] = (takes, normal, peak)
            primary_button(tx.save_prices, partial(self.save_prices, rows), icon="check").classes(
                "w-full"
            ).mark("save-prices")

    async def save_prices(self, rows: dict[int, tuple[ui.switch, ui.number, ui.number]]) -> None:
        prices = []
        for length, (takes, normal, peak) in rows.items():
            if not takes.value:
                continue
            amount = int(normal.value or 0)
            prices.append(
                {
                    "duration_minutes": length,
                    "price_pkr": amount,
                    "peak_price_pkr": int(peak.value) if peak.value is not None else amount,
                }
            )
        try:
            price_list = feedback.checked({"prices": prices}, s.PriceList)
        except DomainError as error:
            feedback.failed(error)
            return
        await self._call(
            lambda services, me: services.venue_management.set_prices(me, self.venue_id, price_list), tx.saved
        )

    # Photos ----------------------------------------------------------------------------------

    @ui.refreshable_method
    def photos(self) -> None:
        with ui.column().classes("w-full").mark("photos"), panel(tx.photos, classes="gap-3 p-4"):
            ui.label(tx.photos_hint).classes("text-meta text-muted")
            if self.detail.photos:
                with ui.element("div").classes("w-full grid grid-cols-3 gap-2"):
                    for photo in self.detail.photos:
                        with ui.element("div").classes(
                            "relative aspect-square rounded-xl overflow-hidden bg-raised"
                        ):
                            picture = ui.element("img").classes("w-full h-full object-cover")
                            picture.props(f'src="{photo.url}" alt="{photo.caption}"')
                            ui.button(
                                icon="close", color=None, on_click=partial(self.remove_photo, photo.id)
                            ).props(f'round dense unelevated size=sm aria-label="{tx.remove}"').classes(
                                "absolute top-1 end-1 bg-page/80 text-ink"
                            )
            else:
                ui.label(tx.no_photos).classes("text-meta text-muted")
            upload = (
                ui.upload(auto_upload=True, max_file_size=PHOTO_MAX_BYTES, on_upload=self.add_photo)
                .props(f'accept="{PHOTO_TYPES}"')
                .classes("hidden")
                .mark("photo-upload")
            )
            secondary_button(
                tx.add_photo, lambda: upload.run_method("pickFiles"), icon="add_a_photo"
            ).classes("w-full").mark("add-photo")

    async def add_photo(self, event: events.UploadEventArguments) -> None:
        picture = await event.file.read()
        if await self._call(
            lambda services, me: services.venue_management.add_photo(me, self.venue_id, picture),
            tx.photo_added,
        ):
            await self.reload()

    async def remove_photo(self, photo_id: UUID) -> None:
        if await self._call(
            lambda services, me: services.venue_management.remove_photo(me, self.venue_id, photo_id),
            tx.photo_removed,
        ):
            await self.reload()


def _rupees_input(label: str, value: int | None) -> ui.number:
    """A whole-rupee amount, `Rs` (`روپے`) beside it."""
    field = ui.number(label, value=value, min=0, precision=0, format="%d")
    return field.props(f'outlined dense prefix="{tx.currency}"').classes("flex-1 min-w-0")


def _local_phone(e164: str) -> str:
    """`+923001234567` as people type it: `03001234567`."""
    return "0" + e164[3:] if e164.startswith("+92") else e164
