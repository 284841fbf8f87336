"""Running one venue (/owner/venues/{id}): its details, courts, weekly and special hours, prices, photos."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any
from uuid import UUID

from nicegui import events, ui

from scene_api.db import models as m
from scene_api.domain.venues import schemas as s
from scene_api.lib.errors import DomainError, NotFound
from scene_api.lib.timezone import short_date
from scene_ui import feedback, session
from scene_ui.components.activity_type import LABELS as SPORTS
from scene_ui.components.buttons import ghost_button, link_button, primary_button, secondary_button
from scene_ui.components.dialogs import dialog_root, open_once
from scene_ui.components.empty_state import empty_state
from scene_ui.components.frame import frame
from scene_ui.components.section import panel
from scene_ui.pages.owner_calendar import marker_name
from scene_ui.staff import venue_runners_only

TITLE = "Manage venue"
NOT_FOUND_TITLE = "No such venue"
NOT_FOUND_MESSAGE = "It may have been removed, or it's run by someone else."
CALENDAR = "Open calendar"
LISTED = "Listed"
HIDDEN = "Hidden"
LISTED_EXPLAIN = "Members find and book it"
HIDDEN_EXPLAIN = "Only you see it; nobody can book"

DETAILS = "Details"
NAME = "Name"
DESCRIPTION = "Description"
ADDRESS = "Address"
CITY = "City"
PHONE = "Contact phone"
PHONE_PLACEHOLDER = "0300 1234567"
AMENITIES = "Amenities"
AMENITIES_HINT = "Comma separated: parking, cafe, floodlights"
LATITUDE = "Latitude"
LONGITUDE = "Longitude"
USE_MY_LOCATION = "Use my location"
NO_LOCATION = "Couldn't read this phone's location. Type the coordinates instead."
PEAK = "Peak hours (peak prices apply)"
PEAK_FROM = "From"
PEAK_UNTIL = "Until"
NO_PEAK = "No peak hours"
SAVE_DETAILS = "Save details"
SAVED = "Saved"

COURTS = "Courts"
NO_COURTS = "No courts yet. Add the first one below."
INDOOR = "Indoor"
OUTDOOR = "Outdoor"
IN_USE = "In use"
NOT_IN_USE = "Not in use: keeps its bookings, takes no new ones"
COURT_NAME = "Court name"
COURT_PLACEHOLDER = "e.g. Court 3"
SPORT = "Sport"
ADD_COURT = "Add court"
EDIT_COURT = "Edit court"
COURT_ADDED = "{name} added"
COURT_SAVED = "{name} saved"

HOURS = "Opening hours"
HOURS_HINT = "+1 means after midnight, counted with the evening before: Friday until 1:00 am +1."
CLOSED = "Closed"
SAVE_HOURS = "Save hours"
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
NEXT_DAY = "{time} +1"

SPECIAL = "Special days"
SPECIAL_HINT = "Eid, Ramadan nights, a tournament: hours for one date replace the weekly ones."
NO_SPECIAL = "No special days coming up."
SPECIAL_DATE = "Date"
SPECIAL_CLOSED = "Closed all day"
SPECIAL_NOTE = "Note (optional)"
ADD_SPECIAL = "Add special day"
SPECIAL_SAVED = "Hours for {day} saved"
SPECIAL_REMOVED = "Back to the usual hours on {day}"
REMOVE = "Remove"

PRICES = "Prices"
PRICES_HINT = "Whole rupees per slot. A slot length switched off can't be booked."
TAKES = "{length} slots"
PRICE = "Price"
PEAK_PRICE = "Peak price"
SAVE_PRICES = "Save prices"

PHOTOS = "Photos"
PHOTOS_HINT = "JPEG, PNG or WebP up to 8 MB. The first photo is the cover."
ADD_PHOTO = "Add photo"
PHOTO_ADDED = "Photo added"
PHOTO_REMOVED = "Photo removed"
NO_PHOTOS = "No photos yet. Venues with photos get booked more."
PHOTO_TYPES = "image/jpeg,image/png,image/webp"
PHOTO_MAX_BYTES = 8 * 1024 * 1024
CANCEL = "Cancel"
SAVE = "Save"

STEP = 30
LENGTH_LABELS = {60: "1 hour", 90: "1\u00bd hour", 120: "2 hour"}
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
    """`7:00 pm` for minutes after midnight; past midnight reads `1:00 am (next day)`."""
    hours, minutes = divmod(minute % 1440, 60)
    text = f"{hours % 12 or 12}:{minutes:02d} {'am' if hours < 12 else 'pm'}"
    return NEXT_DAY.format(time=text) if minute >= 1440 else text


OPENS = {minute: clock_at(minute) for minute in range(0, 1440, STEP)}
CLOSES = {minute: clock_at(minute) for minute in range(STEP, 1440 + 6 * 60 + 1, STEP)}


async def venue_page(venue_id: str) -> None:
    member = await session.current_member()
    assert member is not None  # venue_runners_only
    try:
        view = VenueView(UUID(venue_id))
        await view.load()
    except (ValueError, NotFound):
        with frame(NOT_FOUND_TITLE, member=member, back="/owner"):
            empty_state("storefront", NOT_FOUND_TITLE, NOT_FOUND_MESSAGE)
        return
    with frame(TITLE, member=member, back="/owner"):
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
        """Run `action(services, actor)` in one unit of work; a refusal is shown, never raised."""
        try:
            async with session.member_services() as (services, me):
                result = await action(services, me.user)
        except DomainError as error:
            feedback.failed(error)
            return False
        if isinstance(result, s.VenueDetail):
            self.venue = result
        if done:
            feedback.done(done)
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
                    ui.label(LISTED if listed else HIDDEN).classes("text-body font-semibold text-ink")
                    ui.label(LISTED_EXPLAIN if listed else HIDDEN_EXPLAIN).classes("text-meta text-muted")
                ui.switch(value=listed, on_change=self.set_listed).props('aria-label="Listed"').mark("listed")
            link_button(
                CALENDAR, f"/owner/venues/{venue.id}/calendar", primary=True, icon="calendar_month"
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
        with ui.column().classes("w-full gap-3").mark("details"), panel(DETAILS, classes="gap-3 p-4"):
            inputs: dict[str, Any] = {}
            inputs["name"] = (
                ui.input(NAME, value=venue.name).props("outlined maxlength=120").classes("w-full")
            )
            inputs["description"] = (
                ui.textarea(DESCRIPTION, value=venue.description)
                .props("outlined autogrow maxlength=2000")
                .classes("w-full")
            )
            inputs["address"] = ui.input(ADDRESS, value=venue.address).props("outlined maxlength=200")
            inputs["address"].classes("w-full")
            inputs["city"] = ui.select([c.value for c in m.City], label=CITY, value=venue.city)
            inputs["city"].props("outlined options-dense").classes("w-full")
            inputs["contact_phone"] = ui.input(PHONE, value=_local_phone(venue.contact_phone)).props(
                f'outlined type=tel inputmode=tel placeholder="{PHONE_PLACEHOLDER}"'
            )
            inputs["contact_phone"].classes("w-full")
            inputs["amenities"] = ui.input(AMENITIES, value=", ".join(venue.amenities)).props(
                f'outlined hint="{AMENITIES_HINT}"'
            )
            inputs["amenities"].classes("w-full")
            with ui.row().classes("w-full gap-2 flex-nowrap"):
                inputs["lat"] = ui.number(LATITUDE, value=venue.lat, format="%.5f").props("outlined")
                inputs["lat"].classes("flex-1 min-w-0")
                inputs["lng"] = ui.number(LONGITUDE, value=venue.lng, format="%.5f").props("outlined")
                inputs["lng"].classes("flex-1 min-w-0")
            ghost_button(USE_MY_LOCATION, partial(self.locate, inputs), icon="my_location").classes(
                "self-start -ml-3"
            )
            ui.label(PEAK).classes("text-label font-bold uppercase tracking-wider text-muted pt-1")
            with ui.row().classes("w-full gap-2 flex-nowrap"):
                inputs["peak_start_minute"] = ui.select(
                    {None: NO_PEAK, **OPENS}, label=PEAK_FROM, value=venue.peak_start_minute
                ).props("outlined options-dense")
                inputs["peak_start_minute"].classes("flex-1 min-w-0")
                inputs["peak_end_minute"] = ui.select(
                    {None: NO_PEAK, **CLOSES}, label=PEAK_UNTIL, value=venue.peak_end_minute
                ).props("outlined options-dense")
                inputs["peak_end_minute"].classes("flex-1 min-w-0")
            primary_button(SAVE_DETAILS, partial(self.save_details, inputs), icon="check").classes(
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
            feedback.failed(NO_LOCATION)

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
            lambda services, me: services.venue_management.update(me, self.venue_id, update), SAVED
        ):
            self.header.refresh()

    # Courts ----------------------------------------------------------------------------------

    @ui.refreshable_method
    def courts(self) -> None:
        with ui.column().classes("w-full").mark("courts"), panel(COURTS, classes="gap-0 p-4"):
            if not self.detail.courts:
                ui.label(NO_COURTS).classes("text-meta text-muted pb-3")
            for court in self.detail.courts:
                self._court_row(court)
            with ui.row().classes("w-full items-start gap-2 pt-3 flex-nowrap"):
                name = ui.input(COURT_NAME, placeholder=COURT_PLACEHOLDER).props(
                    "outlined dense maxlength=60"
                )
                name.classes("flex-1 min-w-0").mark("new-court")
                add = secondary_button(ADD_COURT, icon="add").classes("shrink-0 min-h-10")
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
                    .classes("flex-1 min-w-0 p-0 text-left")
                ),
                ui.column().classes("w-full min-w-0 gap-0 items-start"),
            ):
                ui.label(court.name).classes(
                    "text-body font-semibold truncate " + ("text-ink" if court.active else "text-muted")
                )
                facts = [SPORTS[court.sport], INDOOR if court.indoor else OUTDOOR]
                if not court.active:
                    facts.append(NOT_IN_USE)
                ui.label(" \u00b7 ".join(facts)).classes("text-meta text-muted normal-case")
            ui.switch(value=court.active, on_change=partial(self.set_court_active, court)).props(
                f'aria-label="{IN_USE}"'
            ).mark(f"court-active-{marker_name(court.name)}")

    async def add_court(self, name: str) -> None:
        try:
            create = feedback.checked({"name": name.strip()}, s.CourtCreate)
        except DomainError as error:
            feedback.failed(error)
            return
        if await self._call(
            lambda services, me: services.venue_management.add_court(me, self.venue_id, create),
            COURT_ADDED.format(name=create.name),
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
            ui.label(EDIT_COURT).classes("text-title font-bold text-ink")
            name = ui.input(COURT_NAME, value=court.name).props("outlined maxlength=60").classes("w-full")
            sport = ui.select({kind: SPORTS[kind] for kind in m.ActivityType}, label=SPORT, value=court.sport)
            sport.props("outlined options-dense").classes("w-full")
            indoor = ui.switch(INDOOR, value=court.indoor)

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
                    COURT_SAVED.format(name=update.name),
                ):
                    dialog.close()
                    await self.reload()

            with ui.row().classes("w-full gap-2 flex-nowrap pt-2"):
                secondary_button(CANCEL, dialog.close).classes("flex-1")
                primary_button(SAVE, save).classes("flex-1").mark("save-court")
        open_once(dialog)

    async def reload(self) -> None:
        try:
            await self.load()
        except DomainError as error:
            feedback.failed(error)
            return
        self.courts.refresh()
        self.special.refresh()
        self.photos.refresh()

    # Weekly hours ----------------------------------------------------------------------------

    def _hours(self) -> None:
        by_day = {hours.weekday: hours for hours in self.detail.opening_hours}
        rows: list[tuple[ui.switch, ui.select, ui.select]] = []
        with ui.column().classes("w-full").mark("hours"), panel(HOURS, classes="gap-3 p-4"):
            ui.label(HOURS_HINT).classes("text-meta text-muted")
            for weekday, name in enumerate(WEEKDAYS):
                hours = by_day.get(weekday)
                with ui.column().classes("w-full gap-1 pb-2 border-b border-line").mark(f"hours-{weekday}"):
                    with ui.row().classes("w-full items-center justify-between flex-nowrap"):
                        ui.label(name).classes("text-body font-semibold text-ink")
                        open_switch = ui.switch(value=hours is not None).props(f'aria-label="{name} open"')
                    with ui.row().classes("w-full gap-2 flex-nowrap") as times:
                        opens = ui.select(OPENS, value=hours.opens_minute if hours else 7 * 60).props(
                            "outlined dense options-dense"
                        )
                        opens.classes("flex-1 min-w-0")
                        closes = ui.select(CLOSES, value=hours.closes_minute if hours else 23 * 60).props(
                            "outlined dense options-dense"
                        )
                        closes.classes("flex-1 min-w-0")
                    closed = ui.label(CLOSED).classes("text-meta text-muted")
                    times.bind_visibility_from(open_switch, "value")
                    closed.bind_visibility_from(open_switch, "value", backward=lambda value: not value)
                rows.append((open_switch, opens, closes))
            primary_button(SAVE_HOURS, partial(self.save_hours, rows), icon="check").classes("w-full").mark(
                "save-hours"
            )

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
            lambda services, me: services.venue_management.set_hours(me, self.venue_id, weekly), SAVED
        )

    # Special days ----------------------------------------------------------------------------

    @ui.refreshable_method
    def special(self) -> None:
        with ui.column().classes("w-full").mark("special"), panel(SPECIAL, classes="gap-3 p-4"):
            ui.label(SPECIAL_HINT).classes("text-meta text-muted")
            if not self.detail.special_hours:
                ui.label(NO_SPECIAL).classes("text-meta text-muted")
            for day in self.detail.special_hours:
                with ui.row().classes("w-full items-center gap-3 py-1 flex-nowrap"):
                    with ui.column().classes("flex-1 min-w-0 gap-0"):
                        ui.label(short_date(day.day)).classes("text-body font-semibold text-ink")
                        hours = (
                            CLOSED
                            if day.closed or day.opens_minute is None or day.closes_minute is None
                            else f"{clock_at(day.opens_minute)} \u2013 {clock_at(day.closes_minute)}"
                        )
                        ui.label(" \u00b7 ".join(x for x in (hours, day.note) if x)).classes(
                            "text-meta text-muted truncate"
                        )
                    ghost_button(REMOVE, partial(self.clear_special, day.day)).classes("min-h-10")
            with ui.column().classes("w-full gap-2 pt-2 border-t border-line"):
                day_input = ui.input(SPECIAL_DATE).props("outlined dense type=date").classes("w-full")
                day_input.mark("special-date")
                closed = ui.switch(SPECIAL_CLOSED, value=True).mark("special-closed")
                with ui.row().classes("w-full gap-2 flex-nowrap") as times:
                    opens = ui.select(OPENS, value=16 * 60).props("outlined dense options-dense")
                    opens.classes("flex-1 min-w-0")
                    closes = ui.select(CLOSES, value=26 * 60).props("outlined dense options-dense")
                    closes.classes("flex-1 min-w-0")
                times.bind_visibility_from(closed, "value", backward=lambda value: not value)
                note = ui.input(SPECIAL_NOTE).props("outlined dense maxlength=120").classes("w-full")
                secondary_button(
                    ADD_SPECIAL,
                    lambda: self.set_special(
                        day_input.value, closed.value, opens.value, closes.value, note.value
                    ),
                    icon="event",
                ).classes("w-full").mark("add-special")

    async def set_special(self, day: str, closed: bool, opens: int, closes: int, note: str | None) -> None:
        try:
            chosen = date.fromisoformat(day or "")
        except ValueError:
            feedback.failed("Pick a date.")
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
            SPECIAL_SAVED.format(day=short_date(chosen)),
        ):
            self.special.refresh()

    async def clear_special(self, day: date) -> None:
        if await self._call(
            lambda services, me: services.venue_management.clear_special_hours(me, self.venue_id, day),
            SPECIAL_REMOVED.format(day=short_date(day)),
        ):
            self.special.refresh()

    # Prices ----------------------------------------------------------------------------------

    def _prices(self) -> None:
        by_length: dict[int, s.Price] = {price.duration_minutes: price for price in self.detail.prices}
        rows: dict[int, tuple[ui.switch, ui.number, ui.number]] = {}
        with ui.column().classes("w-full").mark("prices"), panel(PRICES, classes="gap-3 p-4"):
            ui.label(PRICES_HINT).classes("text-meta text-muted")
            for length, label in LENGTH_LABELS.items():
                price = by_length.get(length)
                with ui.column().classes("w-full gap-1 pb-2 border-b border-line").mark(f"price-{length}"):
                    with ui.row().classes("w-full items-center justify-between flex-nowrap"):
                        ui.label(TAKES.format(length=label)).classes("text-body font-semibold text-ink")
                        takes = ui.switch(value=price is not None).props(f'aria-label="{label} slots"')
                    with ui.row().classes("w-full gap-2 flex-nowrap") as amounts:
                        normal = ui.number(
                            PRICE, value=price.price_pkr if price else None, min=0, precision=0, format="%d"
                        ).props("outlined dense prefix=Rs")
                        normal.classes("flex-1 min-w-0")
                        peak = ui.number(
                            PEAK_PRICE,
                            value=price.peak_price_pkr if price else None,
                            min=0,
                            precision=0,
                            format="%d",
                        ).props("outlined dense prefix=Rs")
                        peak.classes("flex-1 min-w-0")
                    amounts.bind_visibility_from(takes, "value")
                rows[length] = (takes, normal, peak)
            primary_button(SAVE_PRICES, partial(self.save_prices, rows), icon="check").classes("w-full").mark(
                "save-prices"
            )

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
            lambda services, me: services.venue_management.set_prices(me, self.venue_id, price_list), SAVED
        )

    # Photos ----------------------------------------------------------------------------------

    @ui.refreshable_method
    def photos(self) -> None:
        with ui.column().classes("w-full").mark("photos"), panel(PHOTOS, classes="gap-3 p-4"):
            ui.label(PHOTOS_HINT).classes("text-meta text-muted")
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
                            ).props(f'round dense unelevated size=sm aria-label="{REMOVE}"').classes(
                                "absolute top-1 right-1 bg-page/80 text-ink"
                            )
            else:
                ui.label(NO_PHOTOS).classes("text-meta text-muted")
            upload = (
                ui.upload(auto_upload=True, max_file_size=PHOTO_MAX_BYTES, on_upload=self.add_photo)
                .props(f'accept="{PHOTO_TYPES}"')
                .classes("hidden")
                .mark("photo-upload")
            )
            secondary_button(ADD_PHOTO, lambda: upload.run_method("pickFiles"), icon="add_a_photo").classes(
                "w-full"
            ).mark("add-photo")

    async def add_photo(self, event: events.UploadEventArguments) -> None:
        picture = await event.file.read()
        if await self._call(
            lambda services, me: services.venue_management.add_photo(me, self.venue_id, picture), PHOTO_ADDED
        ):
            await self.reload()

    async def remove_photo(self, photo_id: UUID) -> None:
        if await self._call(
            lambda services, me: services.venue_management.remove_photo(me, self.venue_id, photo_id),
            PHOTO_REMOVED,
        ):
            await self.reload()


def _local_phone(e164: str) -> str:
    """`+923001234567` as people type it: `03001234567`."""
    return "0" + e164[3:] if e164.startswith("+92") else e164
