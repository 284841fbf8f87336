"""Weekly bookings on the venue page: the preview names the week that is taken and books only the free
weeks ticked; the series page cancels one week and leaves the others; my bookings says which week of
how many each is; an Urdu member reads the venue page in Urdu."""

from datetime import datetime, timedelta
from uuid import UUID

import sqlalchemy as sa

from scene_api.db import models as m
from scene_api.domain.bookings import schemas as bookings_s
from scene_api.domain.venues.availability import interval
from scene_api.i18n import en, ur
from scene_api.lib.timezone import to_local
from scene_api.runtime import Runtime
from scene_api.services import provide_services
from scene_ui import formats
from scene_ui.components import series_planner as planner
from scene_ui.pages import series as series_page
from tests.helpers import english
from tests.ui.desk import book, open_venue, person
from tests.ui.slot_picker import pick_slot
from tests.venues import next_half_hour


async def bookings_of(
    runtime: Runtime, member: m.User
) -> list[tuple[datetime, m.BookingStatus, UUID | None]]:
    """The member's bookings as (start, status, series), in date order."""
    async with runtime.session_factory() as session:
        rows = (
            await session.scalars(
                sa.select(m.Booking).where(m.Booking.user_id == member.id).order_by(m.Booking.period)
            )
        ).all()
        return [(to_local(interval(row.period)[0]), row.status, row.series_id) for row in rows]


async def weekly(runtime: Runtime, member: m.User, court_id: UUID, starts_at: datetime, weeks: int):
    async with provide_services(runtime) as services:
        actor = await services.session.get_one(m.User, member.id)
        return await services.booking_series.book(
            actor,
            bookings_s.SeriesCreate(court_id=court_id, starts_at=starts_at, duration_minutes=60, weeks=weeks),
        )


async def week_prices(
    runtime: Runtime, member: m.User, court_id: UUID, starts_at: datetime, weeks: int
) -> dict[int, int]:
    """What the service prices each free week of the series at (peak or not, by the hour)."""
    async with provide_services(runtime) as services:
        actor = await services.session.get_one(m.User, member.id)
        preview = await services.booking_series.preview(
            actor,
            bookings_s.SeriesAsk(court_id=court_id, starts_at=starts_at, duration_minutes=90, weeks=weeks),
        )
    return {week.week: week.price_pkr or 0 for week in preview.weeks}


async def test_the_preview_names_the_taken_week_and_books_only_the_free_weeks_ticked(user, runtime, sign_in):
    owner = await person(runtime, 20, "bilal_courts", "Bilal Ahmed", role=m.UserRole.VENUE_OWNER)
    venue = await open_venue(runtime, owner)
    usman = await person(runtime, 21, "usman_k", "Usman Khan")
    me = await sign_in()
    starts = next_half_hour(timedelta(days=1))
    court = venue.courts[0]
    await book(runtime, usman, court.id, starts + timedelta(weeks=1))  # week 2 is Usman's
    day = to_local(starts).date().isoformat()
    await user.open(f"/venues/{venue.slug}")
    user.find(marker=f"day-{day}").click()
    await user.should_see(marker=f"slots-{day}-90", retries=20)
    await pick_slot(user, "court-1", starts)

    user.find(marker="repeat-weekly").click()

    await user.should_see(marker="series-planner", retries=20)
    await user.should_see(planner.tx.title)
    await user.should_see(en.MESSAGES["series_planner"]["weeks_count"].format(count=4))
    with user.scope(marker="series-week-2"):
        await user.should_see(en.MESSAGES["series_planner"]["conflict_taken"])
    boxes = {n: user.find(marker=f"week-{n}").elements.pop() for n in range(1, 5)}
    assert [boxes[n].value for n in range(1, 5)] == [True, False, True, True]
    assert not boxes[2].enabled
    await user.should_see(en.MESSAGES["series_planner"]["chosen"].format(count=3, weeks=4))

    user.find(marker="more-weeks").click()  # a fifth week
    await user.should_see(en.MESSAGES["series_planner"]["weeks_count"].format(count=5), retries=20)
    await user.should_see(marker="series-week-5")
    user.find(marker="week-4").click()  # leave the fourth week out
    await user.should_see(en.MESSAGES["series_planner"]["chosen"].format(count=3, weeks=5))
    prices = await week_prices(runtime, me, court.id, starts, 5)
    with user.scope(marker="series-footer"):
        await user.should_see(formats.rupees(prices[1] + prices[3] + prices[5]))
    user.find(marker="book-series").click()

    await user.should_see(marker="series-bookings", retries=30)
    mine = await bookings_of(runtime, me)
    assert [(when, status) for when, status, _ in mine] == [
        (starts, m.BookingStatus.CONFIRMED),
        (starts + timedelta(weeks=2), m.BookingStatus.CONFIRMED),
        (starts + timedelta(weeks=4), m.BookingStatus.CONFIRMED),
    ]
    series_ids = {series for _, _, series in mine}
    assert len(series_ids) == 1
    assert None not in series_ids
    await user.should_see(series_page.tx("week_of", number=3, total=3))


async def test_the_series_page_cancels_one_week_and_keeps_the_others(user, runtime, sign_in):
    owner = await person(runtime, 20, "bilal_courts", "Bilal Ahmed", role=m.UserRole.VENUE_OWNER)
    venue = await open_venue(runtime, owner)
    me = await sign_in()
    starts = next_half_hour(timedelta(days=3))
    series = await weekly(runtime, me, venue.courts[0].id, starts, 3)

    await user.open(f"/bookings/series/{series.id}")

    await user.should_see("Court Nine Padel")
    await user.should_see(english("series").weekly)
    with user.scope(marker="week-2"):
        user.find(marker="cancel-week").click()
    await user.should_see(marker="cancel-policy")
    user.find(marker="confirm-cancel").click()

    await user.should_see(english("booking_card").cancelled, retries=20)
    await user.should_see(series_page.tx("weeks_on", count=2, weeks=3), retries=20)  # the page again
    with user.scope(marker="week-2"):
        await user.should_see(english("booking_card").state_cancelled)
        await user.should_not_see(marker="cancel-week")
    with user.scope(marker="week-3"):
        await user.should_see(english("booking_card").state_confirmed)
    assert [status for _, status, _ in await bookings_of(runtime, me)] == [
        m.BookingStatus.CONFIRMED,
        m.BookingStatus.CANCELLED,
        m.BookingStatus.CONFIRMED,
    ]


async def test_the_series_page_cancels_every_week_still_free_to_cancel(user, runtime, sign_in):
    owner = await person(runtime, 20, "bilal_courts", "Bilal Ahmed", role=m.UserRole.VENUE_OWNER)
    venue = await open_venue(runtime, owner)
    me = await sign_in()
    series = await weekly(runtime, me, venue.courts[0].id, next_half_hour(timedelta(hours=3)), 3)

    await user.open(f"/bookings/series/{series.id}")
    user.find(marker="cancel-rest").click()
    await user.should_see(series_page.tx("cancel_rest_title", count=2))
    user.find(marker="confirm-cancel-rest").click()

    await user.should_see(series_page.tx("cancelled_rest", count=2), retries=20)
    statuses = [status for _, status, _ in await bookings_of(runtime, me)]
    assert statuses == [m.BookingStatus.CONFIRMED, m.BookingStatus.CANCELLED, m.BookingStatus.CANCELLED]
    await user.should_not_see(marker="cancel-rest")


async def test_my_bookings_shows_a_series_by_its_next_week_and_says_which_week_it_is(user, runtime, sign_in):
    owner = await person(runtime, 20, "bilal_courts", "Bilal Ahmed", role=m.UserRole.VENUE_OWNER)
    venue = await open_venue(runtime, owner)
    me = await sign_in()
    series = await weekly(runtime, me, venue.courts[0].id, next_half_hour(timedelta(days=2)), 3)
    first, second, third = series.bookings
    async with provide_services(runtime) as services:  # the first week is called off
        await services.bookings.cancel(await services.session.get_one(m.User, me.id), first.id)

    await user.open("/me/bookings")

    with user.scope(marker="upcoming"):
        note = english("booking_card").series_note.format(number=2, total=3)
        await user.should_see(f"{note} \u00b7 {english('booking_card').series_more.format(count=1)}")
        await user.should_see(marker=f"booking-{second.id}")
        await user.should_not_see(marker=f"booking-{third.id}")  # the series shows its next week only
    with user.scope(marker="past"):
        await user.should_see(english("booking_card").series_note.format(number=1, total=3))
    links = {el.props.get("href") for el in user.current_layout.descendants()}
    assert f"/bookings/series/{series.id}" in links

    await user.open(f"/bookings/{third.id}")  # a week's own page leads back to the series
    await user.should_see(marker="series-link")


async def test_an_urdu_member_reads_the_venue_page_and_the_weeks_in_urdu(user, runtime, sign_in):
    owner = await person(runtime, 20, "bilal_courts", "Bilal Ahmed", role=m.UserRole.VENUE_OWNER)
    venue = await open_venue(runtime, owner)
    await sign_in(locale="ur")
    starts = next_half_hour(timedelta(days=1))
    day = to_local(starts).date().isoformat()

    await user.open(f"/venues/{venue.slug}")

    urdu = ur.MESSAGES["venue"]
    for key in ("book", "hours", "prices", "amenities", "where"):
        await user.should_see(urdu[key])
    await user.should_see(ur.MESSAGES["formats"]["day_0"])  # the week's hours name the days in Urdu
    await user.should_not_see(en.MESSAGES["venue"]["book"])
    await user.should_not_see(en.MESSAGES["venue"]["hours"])
    user.find(marker=f"day-{day}").click()
    await user.should_see(marker=f"slots-{day}-90", retries=20)
    await pick_slot(user, "court-1", starts)
    with user.scope(marker="hold-bar"):
        await user.should_see(urdu["hold"])
        await user.should_see(urdu["repeat_weekly"])
    user.find(marker="repeat-weekly").click()
    await user.should_see(ur.MESSAGES["series_planner"]["book"], retries=20)
    await user.should_see(ur.MESSAGES["series_planner"]["weeks_count"].format(count=4))


async def test_a_week_taken_after_the_preview_books_nothing_and_shows_the_weeks_again(user, runtime, sign_in):
    owner = await person(runtime, 20, "bilal_courts", "Bilal Ahmed", role=m.UserRole.VENUE_OWNER)
    venue = await open_venue(runtime, owner)
    usman = await person(runtime, 21, "usman_k", "Usman Khan")
    me = await sign_in()
    starts = next_half_hour(timedelta(days=1))
    court = venue.courts[0]
    day = to_local(starts).date().isoformat()
    await user.open(f"/venues/{venue.slug}")
    user.find(marker=f"day-{day}").click()
    await user.should_see(marker=f"slots-{day}-90", retries=20)
    await pick_slot(user, "court-1", starts)
    user.find(marker="repeat-weekly").click()
    await user.should_see(en.MESSAGES["series_planner"]["chosen"].format(count=4, weeks=4), retries=20)

    await book(runtime, usman, court.id, starts + timedelta(weeks=2))  # week 3 goes meanwhile
    user.find(marker="book-series").click()

    await user.should_see(en.MESSAGES["series_planner"]["week_gone"].format(number=3), retries=20)
    assert await bookings_of(runtime, me) == []
    await user.should_see(en.MESSAGES["series_planner"]["chosen"].format(count=3, weeks=4), retries=20)
    with user.scope(marker="series-week-3"):
        await user.should_see(en.MESSAGES["series_planner"]["conflict_taken"])


async def test_an_urdu_member_reads_my_bookings_the_series_and_a_booking_in_urdu(user, runtime, sign_in):
    owner = await person(runtime, 20, "bilal_courts", "Bilal Ahmed", role=m.UserRole.VENUE_OWNER)
    venue = await open_venue(runtime, owner)
    me = await sign_in(locale="ur")
    series = await weekly(runtime, me, venue.courts[0].id, next_half_hour(timedelta(days=2)), 2)

    await user.open("/me/bookings")

    await user.should_see(ur.MESSAGES["my_bookings"]["heading"])
    await user.should_see(ur.MESSAGES["booking_card"]["series_note"].format(number=1, total=2))
    await user.should_see(ur.MESSAGES["booking_card"]["series_more"].format(count=1))
    await user.should_see(ur.MESSAGES["booking_card"]["state_confirmed"])
    await user.should_not_see(en.MESSAGES["my_bookings"]["upcoming"])

    await user.open(f"/bookings/series/{series.id}")
    await user.should_see(ur.MESSAGES["series"]["each_week"])
    await user.should_see(ur.MESSAGES["series"]["week_of"].format(number=1, total=2))
    await user.should_see(ur.MESSAGES["series"]["cancel_week"])

    await user.open(f"/bookings/{series.bookings[0].id}")
    await user.should_see(ur.MESSAGES["booking"]["confirmed"])
    await user.should_see(ur.MESSAGES["booking"]["cancelling"])
    await user.should_see(ur.MESSAGES["booking_card"]["cancel"])
    await user.should_not_see(en.MESSAGES["booking"]["cancelling"])
