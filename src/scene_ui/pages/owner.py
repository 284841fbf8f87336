"""The venue desk (/owner): today's agenda across my venues, check-in, money per week, my venues."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from uuid import UUID

from nicegui import app, ui

from scene_api.db import models as m
from scene_api.domain.bookings import schemas as bookings_s
from scene_api.domain.venues import schemas as venues_s
from scene_api.lib.cities import CITY_CENTRES
from scene_api.lib.timezone import utcnow
from scene_ui import feedback, formats, live, session
from scene_ui.components.activity_type import LABELS as SPORTS
from scene_ui.components.avatar import avatar
from scene_ui.components.booking_state import desk_state, state_chip, state_label
from scene_ui.components.buttons import ghost_button, link_button, primary_button, secondary_button
from scene_ui.components.checkin_dialog import open_checkin_dialog
from scene_ui.components.dialogs import dialog_root, dialog_title, open_once
from scene_ui.components.empty_state import empty_state
from scene_ui.components.frame import frame
from scene_ui.components.section import page_heading, panel, section_header
from scene_ui.i18n import t, texts
from scene_ui.pages.owner_calendar import calendar_path
from scene_ui.staff import venue_runners_only

tx = texts("owner")
AGENDA_SHOWN = 6
MAX_VENUES = 50
REVENUE_WEEKS = 4


def create() -> None:
    ui.page("/owner")(venue_runners_only(desk))
    app.on_shutdown(live.close)


def venue_path(venue_id: UUID) -> str:
    return f"/owner/venues/{venue_id}"


def money(amount: int) -> str:
    """`Rs 12,500`; unlike prices, nothing earned reads `Rs 0`, not `Free`."""
    return t("formats.rupees", amount=f"{amount:,}")


def plural(template: str, count: int) -> str:
    """`template` for `count` things (`{s}` is the English plural ending)."""
    return template.format(count=count, s="" if count == 1 else "s")


def day_title(day: date) -> str:
    """`Friday 27 November`."""
    return t(
        "formats.long_day",
        weekday=t(f"formats.day_{day.weekday()}"),
        day=day.day,
        month=t(f"formats.month_long_{day.month}"),
    )


def week_label(week_start: date, this_week: date) -> str:
    if week_start == this_week:
        return tx.this_week
    if week_start == this_week - timedelta(days=7):
        return tx.last_week
    return tx("week_of", day=f"{week_start.day} {t(f'formats.month_{week_start.month}')}")


async def desk() -> None:
    member = await session.current_member()
    assert member is not None  # venue_runners_only
    view = Desk()
    await view.load()
    with frame(tx.title, member=member, back="/"):
        view.render()
    await live.follow([live.venue(venue.id) for venue in view.venues], view.reload)


class Desk:
    """Everything on the desk, loaded in one unit of work and reloaded when a venue changes."""

    def __init__(self) -> None:
        self.today = formats.today()
        self.venues: list[venues_s.VenueSummary] = []
        self.agenda: list[bookings_s.AgendaEntry] = []
        self.revenue: list[bookings_s.WeekRevenue] = []

    async def load(self) -> None:
        self.today = formats.today()
        async with session.member_services() as (services, me):
            self.venues = (await services.venues.managed(me.user, limit=MAX_VENUES)).items
            self.agenda = await services.owner_bookings.agenda(me.user, self.today)
            self.revenue = await services.owner_bookings.revenue(me.user, weeks=REVENUE_WEEKS)

    async def reload(self) -> None:
        if await feedback.reread(self.load):
            self.body.refresh()

    def render(self) -> None:
        self.body()

    @ui.refreshable_method
    def body(self) -> None:
        count = plural(tx.bookings_today, len(self.agenda))
        page_heading(tx.heading, tx.subheading.format(day=day_title(self.today), count=count))
        if self.venues:
            primary_button(tx.check_in, self.check_in, icon="qr_code_scanner").classes("w-full").mark(
                "check-in"
            )
            self._agenda()
            self._money()
        self._venues()

    async def check_in(self) -> None:
        open_checkin_dialog(lambda _booking: self.reload())

    # Today -----------------------------------------------------------------------------------

    def _agenda(self) -> None:
        """What is still to come today (the desk acts on those), soonest first; the rest is a tap away."""
        now = utcnow()
        ahead = [entry for entry in self.agenda if entry.ends_at > now]
        shown = ahead[:AGENDA_SHOWN]
        with ui.column().classes("w-full gap-3").mark("agenda"):
            section_header(tx.today, tx("up_next", count=len(ahead)) if ahead else None)
            if not shown:
                with ui.row().classes("w-full p-4 rounded-card border border-dashed border-line"):
                    ui.label(tx.nothing_left if self.agenda else tx.nothing_today).classes(
                        "text-meta text-muted"
                    )
            else:
                with panel(classes="gap-0 p-0 overflow-hidden"):
                    for index, entry in enumerate(shown):
                        _agenda_row(entry, now, first=index == 0)
            hidden = len(self.agenda) - len(shown)
            if hidden and self.venues:
                venue_id = shown[-1].venue_id if shown else self.agenda[0].venue_id
                ui.link(tx("more_today", count=hidden), calendar_path(venue_id, self.today)).classes(
                    "self-center text-meta font-semibold text-accent no-underline"
                )

    # Money -----------------------------------------------------------------------------------

    def _money(self) -> None:
        this_week = self.today - timedelta(days=self.today.weekday())
        most = max((week.collected_pkr + week.to_collect_pkr for week in self.revenue), default=0) or 1
        with ui.column().classes("w-full gap-3").mark("money"):
            section_header(tx.money, tx.money_caption)
            with panel(classes="gap-4 p-4"):
                for week in self.revenue:
                    _week_row(week, week_label(week.week_start, this_week), most)

    # Venues ----------------------------------------------------------------------------------

    def _venues(self) -> None:
        with ui.column().classes("w-full gap-3").mark("venues"):
            if not self.venues:
                empty_state("storefront", tx.no_venues_title, tx.no_venues_message)
                primary_button(tx.add_venue, self.open_new_venue, icon="add_business").classes("w-full").mark(
                    "add-venue"
                )
                return
            section_header(tx.venues)
            for venue in self.venues:
                _venue_card(venue)
            ghost_button(tx.add_venue, self.open_new_venue, icon="add").classes("w-full").mark("add-venue")

    def open_new_venue(self) -> None:
        with (
            dialog_root(),
            ui.dialog() as dialog,
            ui.card().classes("w-full max-w-sm bg-surface rounded-card gap-3 p-5"),
        ):
            dialog_title(tx.new_venue_title)
            ui.label(tx.new_venue_explain).classes("text-meta text-muted")
            name = (
                ui.input(tx.name, placeholder=tx.name_placeholder)
                .props("outlined maxlength=120")
                .classes("w-full")
            )
            name.mark("venue-name")
            address = ui.input(tx.address, placeholder=tx.address_placeholder).props("outlined maxlength=200")
            address.classes("w-full").mark("venue-address")
            city = ui.select([c.value for c in m.City], label=tx.city, value=m.City.LAHORE.value)
            city.props("outlined options-dense").classes("w-full").mark("venue-city")

            async def add() -> None:
                chosen = m.City(city.value)
                lat, lng = CITY_CENTRES[chosen]
                venue = await feedback.attempt_checked(
                    {
                        "name": (name.value or "").strip(),
                        "address": (address.value or "").strip(),
                        "city": chosen.value,
                        "lat": lat,
                        "lng": lng,
                    },
                    venues_s.VenueCreate,
                    lambda services, me, request: services.venue_management.create(me.user, request),
                )
                if venue is feedback.REFUSED:
                    return
                dialog.close()
                feedback.done(tx("created", name=venue.name))
                ui.navigate.to(venue_path(venue.id))

            with ui.row().classes("w-full gap-2 flex-nowrap pt-2"):
                secondary_button(tx.cancel, dialog.close).classes("flex-1")
                primary_button(tx.create, add).classes("flex-1").mark("create-venue")
        open_once(dialog)


def _agenda_row(entry: bookings_s.AgendaEntry, now: datetime, *, first: bool) -> None:
    state = desk_state(entry.status, entry.payment_method, entry.paid)
    with (
        ui.link(target=calendar_path(entry.venue_id, entry.starts_at.date()))
        .classes(
            "w-full flex items-center gap-3 px-4 py-3 no-underline flex-nowrap "
            + ("" if first else "border-t border-line")
        )
        .mark(f"agenda-{entry.id}")
    ):
        with ui.column().classes("w-[4.25rem] shrink-0 gap-0"):
            ui.label(formats.clock(entry.starts_at)).classes("text-body font-bold text-ink whitespace-nowrap")
            ui.label(formats.clock(entry.ends_at)).classes("text-meta text-muted whitespace-nowrap")
        avatar(entry.member.name or entry.member.handle, entry.member.avatar_url, size=36)
        with ui.column().classes("flex-1 min-w-0 gap-1"):
            ui.label(entry.member.name or f"@{entry.member.handle}").classes(
                "text-body font-semibold text-ink truncate"
            )
            ui.label(f"{entry.court_name} \u00b7 {entry.venue_name}").classes("text-meta text-muted truncate")
            state_chip(state, state_label(state, hold_expires_at=entry.hold_expires_at, now=now))


def _week_row(week: bookings_s.WeekRevenue, label: str, most: int) -> None:
    with ui.column().classes("w-full gap-1.5").mark(f"week-{week.week_start.isoformat()}"):
        with ui.row().classes("w-full items-baseline justify-between gap-2 flex-nowrap"):
            ui.label(label).classes("text-meta font-semibold text-muted uppercase tracking-wider")
            ui.label(plural(tx.bookings, week.bookings)).classes("text-meta text-muted whitespace-nowrap")
        with ui.row().classes("w-full items-baseline gap-2 flex-nowrap"):
            ui.label(money(week.collected_pkr)).classes("text-title font-bold text-ink whitespace-nowrap")
            ui.label(tx.collected).classes("text-meta text-muted")
            ui.space()
            if week.to_collect_pkr:
                ui.label(tx("to_collect", amount=money(week.to_collect_pkr))).classes(
                    "text-meta font-semibold text-warning whitespace-nowrap"
                )
        with ui.row().classes("w-full h-1.5 rounded-full bg-raised overflow-hidden gap-0 flex-nowrap"):
            collected = round(100 * week.collected_pkr / most)
            owed = round(100 * week.to_collect_pkr / most)
            ui.element("div").classes("h-full bg-accent").style(f"width: {collected}%")
            ui.element("div").classes("h-full bg-warning").style(f"width: {owed}%")


def _venue_card(venue: venues_s.VenueSummary) -> None:
    with (
        ui.column()
        .classes("w-full gap-0 rounded-card bg-surface border border-line overflow-hidden")
        .mark(f"venue-{venue.slug}")
    ):
        with ui.element("div").classes("relative w-full h-28 bg-raised"):
            if venue.cover_url:
                cover = ui.element("img").classes("w-full h-full object-cover")
                cover.props(f'src="{venue.cover_url}" alt="" loading="lazy"')
            else:
                with ui.element("div").classes("w-full h-full flex items-center justify-center"):
                    ui.icon("sports_tennis").classes("text-5xl text-line")
        with ui.column().classes("w-full gap-3 p-4"):
            with ui.column().classes("w-full gap-0.5"):
                ui.label(venue.name).classes("text-card font-bold text-ink")
                ui.label(f"{venue.address} \u00b7 {venue.city}").classes("text-meta text-muted")
                if venue.sports:
                    with ui.row().classes("items-center gap-1.5 pt-1 text-accent flex-nowrap"):
                        ui.icon("sports_tennis").classes("text-base")
                        ui.label(" \u00b7 ".join(SPORTS[sport] for sport in venue.sports)).classes(
                            "text-label font-bold uppercase tracking-wider"
                        )
            with ui.row().classes("w-full gap-2 flex-nowrap"):
                link_button(
                    tx.open_calendar, calendar_path(venue.id), primary=True, icon="calendar_month"
                ).classes("flex-1")
                link_button(tx.manage, venue_path(venue.id), icon="tune").classes("flex-1")
