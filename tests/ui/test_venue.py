from datetime import date, datetime, time, timedelta

from nicegui import ui
from nicegui.testing import User

from scene_api.db import models as m
from scene_api.lib.timezone import KARACHI, to_local, utcnow
from scene_ui.pages import venue as page
from tests.helpers import english
from tests.ui.desk import book, booking_status, open_venue, person
from tests.ui.slot_picker import pick_slot
from tests.venues import next_half_hour


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), KARACHI)


async def set_hold_deadline(runtime, booking_id, deadline: datetime) -> None:
    async with runtime.session_factory() as session:
        booking = await session.get_one(m.Booking, booking_id)
        booking.hold_expires_at = deadline
        await session.commit()


async def test_the_venue_page_shows_what_the_place_offers(user, runtime, sign_in):
    owner = await person(runtime, 20, "bilal_courts", "Bilal Ahmed", role=m.UserRole.VENUE_OWNER)
    venue = await open_venue(runtime, owner)
    await sign_in()

    await user.open(f"/venues/{venue.slug}")

    await user.should_see("Court Nine Padel")
    await user.should_see("Gulberg III \u00b7 Lahore")
    with user.scope(marker="amenities"):
        await user.should_see("Parking")
        await user.should_see("Cafe")
    with user.scope(marker="prices"):
        await user.should_see("Rs 6,000")
        await user.should_see("Rs 11,500")
    with user.scope(marker="hours"):
        await user.should_see("Monday")
        await user.should_see("24 hours")
    await user.should_see(marker="days")
    await user.should_see(marker="periods")
    await user.should_see(marker="map")


async def test_late_at_night_the_page_opens_on_tomorrow_and_today_says_the_day_is_over(
    user, runtime, sign_in
):
    """A venue open from midnight to 1 am only: whatever the hour, no game starts today any more (as at
    11:45 pm at any venue), so the page opens on tomorrow, and today says so rather than that every
    court is taken."""
    owner = await person(runtime, 20, "bilal_courts", "Bilal Ahmed", role=m.UserRole.VENUE_OWNER)
    first_hour = [{"weekday": weekday, "opens_minute": 0, "closes_minute": 60} for weekday in range(7)]
    venue = await open_venue(runtime, owner, hours=first_hour)
    await sign_in()
    today = to_local(utcnow()).date()
    tomorrow = today + timedelta(days=1)

    await user.open(f"/venues/{venue.slug}")

    await user.should_see(marker=f"slots-{tomorrow.isoformat()}-90")
    assert user.find(marker=f"day-{tomorrow.isoformat()}").elements.pop().props["aria-pressed"] == "true"
    user.find(marker="length-60").click()
    await user.should_see(marker="time-0000")
    user.find(marker=f"day-{today.isoformat()}").click()
    await user.should_see(marker=f"slots-{today.isoformat()}-60")
    with user.scope(marker="slots"):
        await user.should_see(english("venue").day_over)
        await user.should_not_see(english("venue").no_slots)


async def test_each_day_chip_is_named_beginning_with_the_words_it_shows(user, runtime, sign_in):
    """WCAG 2.5.3 (label in name): "TODAY 7" was named "Mon 7 Dec" only."""
    owner = await person(runtime, 20, "bilal_courts", "Bilal Ahmed", role=m.UserRole.VENUE_OWNER)
    venue = await open_venue(runtime, owner)
    await sign_in()

    await user.open(f"/venues/{venue.slug}")

    await user.should_see(marker="days")
    strip = user.find(marker="days").elements.pop()
    chips = [element for element in strip.descendants() if isinstance(element, ui.button)]
    assert len(chips) == page.DAYS_SHOWN
    for chip in chips:
        shown = " ".join(label.text.strip() for label in chip.descendants() if isinstance(label, ui.label))
        assert chip.props["aria-label"].lower().startswith(shown.lower()), chip.props["aria-label"]


async def test_the_same_page_opens_by_id_and_an_unknown_venue_says_so(user, runtime, sign_in):
    owner = await person(runtime, 20, "bilal_courts", "Bilal Ahmed", role=m.UserRole.VENUE_OWNER)
    venue = await open_venue(runtime, owner)
    await sign_in()

    await user.open(f"/venues/{venue.id}")
    await user.should_see("Court Nine Padel")

    await user.open("/venues/no-such-place")
    await user.should_see(english("venue").not_found_title)


async def test_picking_a_slot_holds_it_then_pay_at_the_venue_shows_the_qr(user, runtime, sign_in):
    owner = await person(runtime, 20, "bilal_courts", "Bilal Ahmed", role=m.UserRole.VENUE_OWNER)
    venue = await open_venue(runtime, owner)
    await sign_in()
    tomorrow = to_local(next_half_hour(timedelta(days=1))).date()
    await user.open(f"/venues/{venue.slug}")

    user.find(marker=f"day-{tomorrow.isoformat()}").click()
    await user.should_see(marker=f"slots-{tomorrow.isoformat()}-90", retries=20)
    user.find(marker="length-60").click()
    await user.should_see(marker=f"slots-{tomorrow.isoformat()}-60", retries=20)
    await pick_slot(user, "court-2", at(tomorrow, 20))
    with user.scope(marker="hold-bar"):
        await user.should_see("Court 2")
        await user.should_see("Rs 8,000")
    user.find(marker="hold").click()

    await user.should_see(english("booking").held_title, retries=30)
    await user.should_see(marker="countdown-clock")
    await user.should_see("JazzCash")
    await user.should_see("Easypaisa")
    await user.should_see("PayFast")
    user.find(marker="pay-at-venue").click()

    await user.should_see(english("booking").confirmed_at_venue, retries=20)
    await user.should_see(marker="qr")
    await user.should_see(marker="qr-code")
    await user.should_see(english("booking").share)
    links = {el.props.get("href") for el in user.current_layout.descendants()}
    assert any(str(link).startswith("https://wa.me/?text=") for link in links)


async def test_a_hold_can_be_released(user, runtime, sign_in):
    owner = await person(runtime, 20, "bilal_courts", "Bilal Ahmed", role=m.UserRole.VENUE_OWNER)
    venue = await open_venue(runtime, owner)
    await sign_in()
    starts = next_half_hour(timedelta(days=1))
    await user.open(f"/venues/{venue.slug}")
    user.find(marker=f"day-{to_local(starts).date().isoformat()}").click()
    await user.should_see(marker=f"slots-{to_local(starts).date().isoformat()}-90", retries=20)
    await pick_slot(user, "court-1", starts)
    user.find(marker="hold").click()
    await user.should_see(english("booking").held_title, retries=30)

    user.find(marker="release").click()

    await user.should_see(english("booking").ended_cancelled, retries=20)
    await user.should_see(english("booking").pick_again)


async def test_a_slot_taken_before_the_tap_is_said_and_the_free_slots_are_read_again(user, runtime, sign_in):
    owner = await person(runtime, 20, "bilal_courts", "Bilal Ahmed", role=m.UserRole.VENUE_OWNER)
    venue = await open_venue(runtime, owner)
    other = await person(runtime, 21, "sara_plays", "Sara Khan")
    await sign_in()
    starts = next_half_hour(timedelta(days=1))
    day = to_local(starts).date().isoformat()
    await user.open(f"/venues/{venue.slug}")
    user.find(marker=f"day-{day}").click()
    await user.should_see(marker=f"slots-{day}-90", retries=20)
    await pick_slot(user, "court-1", starts)
    court_1 = next(court for court in venue.courts if court.name == "Court 1")
    await book(runtime, other, court_1.id, starts, duration=90)

    user.find(marker="hold").click()

    await user.should_see(english("venue").hold_taken, retries=20)
    await user.should_not_see(marker="hold-bar")
    await user.should_see(marker=f"slots-{day}-90")


async def test_someone_elses_booking_is_not_found(user, runtime, sign_in):
    owner = await person(runtime, 20, "bilal_courts", "Bilal Ahmed", role=m.UserRole.VENUE_OWNER)
    venue = await open_venue(runtime, owner)
    other = await person(runtime, 21, "usman_k", "Usman Khan")
    theirs = await book(runtime, other, venue.courts[0].id, next_half_hour(timedelta(days=1)))
    await sign_in()

    await user.open(f"/bookings/{theirs.id}")

    await user.should_see(english("booking").not_found_title)
    assert await booking_status(runtime, theirs.id) is m.BookingStatus.CONFIRMED


async def test_the_venue_owner_opening_a_booking_sees_who_booked_it_without_the_qr(user, runtime, sign_in):
    owner = await person(runtime, 20, "bilal_courts", "Bilal Ahmed", role=m.UserRole.VENUE_OWNER)
    venue = await open_venue(runtime, owner)
    other = await person(runtime, 21, "usman_k", "Usman Khan")
    theirs = await book(runtime, other, venue.courts[0].id, next_half_hour(timedelta(days=1)))
    await sign_in(owner)

    await user.open(f"/bookings/{theirs.id}")

    await user.should_see("Usman Khan")
    await user.should_see(english("booking").booked_by)
    await user.should_not_see(marker="qr")
    await user.should_not_see(marker="cancel-booking")


# --- the time-first picker ----------------------------------------------------------------------


def pressed(user: User, marker: str) -> bool:
    return all(element.props.get("aria-pressed") == "true" for element in user.find(marker=marker).elements)


async def test_the_evening_times_show_first(user, runtime, sign_in):
    owner = await person(runtime, 20, "bilal_courts", "Bilal Ahmed", role=m.UserRole.VENUE_OWNER)
    venue = await open_venue(runtime, owner)
    await sign_in()
    tomorrow = to_local(utcnow()).date() + timedelta(days=1)
    await user.open(f"/venues/{venue.slug}")

    user.find(marker=f"day-{tomorrow.isoformat()}").click()
    await user.should_see(marker=f"slots-{tomorrow.isoformat()}-90", retries=20)

    assert pressed(user, "period-evening")
    await user.should_see(marker="time-1700")
    await user.should_see(marker="time-2230")
    await user.should_not_see(marker="time-0800")
    await user.should_see(marker="pick-time")
    await user.should_not_see(marker="soon")

    user.find(marker="period-morning").click()
    await user.should_see(marker="time-0800")
    await user.should_not_see(marker="time-2000")


async def test_picking_a_time_shows_the_courts_free_then_with_their_prices(user, runtime, sign_in):
    owner = await person(runtime, 20, "bilal_courts", "Bilal Ahmed", role=m.UserRole.VENUE_OWNER)
    venue = await open_venue(runtime, owner)
    other = await person(runtime, 21, "usman_k", "Usman Khan")
    tomorrow = to_local(utcnow()).date() + timedelta(days=1)
    await book(runtime, other, venue.courts[0].id, at(tomorrow, 20))
    await sign_in()
    await user.open(f"/venues/{venue.slug}")
    user.find(marker=f"day-{tomorrow.isoformat()}").click()
    await user.should_see(marker=f"slots-{tomorrow.isoformat()}-90", retries=20)

    user.find(marker="time-2000").click()

    await user.should_see(marker="free-courts")
    with user.scope(marker="free-courts"):
        await user.should_see("Court 2")
        await user.should_see("Rs 11,500")
        await user.should_not_see("Court 1")
    assert pressed(user, "time-2000")
    user.find(marker="slot-court-2-2000").click()
    await user.should_see(marker="hold-bar")
    with user.scope(marker="hold-bar"):
        await user.should_see("Court 2 \u00b7 8:00 pm")
        await user.should_see("Rs 11,500")
    await user.should_see(marker="bar-room")

    user.find(marker="time-1800").click()
    await user.should_see(marker="slot-court-1-1800")
    await user.should_not_see(marker="hold-bar")


async def test_the_court_by_court_view_is_one_tap_away(user, runtime, sign_in):
    owner = await person(runtime, 20, "bilal_courts", "Bilal Ahmed", role=m.UserRole.VENUE_OWNER)
    venue = await open_venue(runtime, owner)
    await sign_in()
    tomorrow = to_local(utcnow()).date() + timedelta(days=1)
    await user.open(f"/venues/{venue.slug}")
    user.find(marker=f"day-{tomorrow.isoformat()}").click()
    await user.should_see(marker=f"slots-{tomorrow.isoformat()}-90", retries=20)
    user.find(marker="time-2000").click()
    await user.should_see(marker="slot-court-2-2000")
    user.find(marker="slot-court-2-2000").click()
    await user.should_see(marker="hold-bar")

    user.find(marker="view-courts").click()

    await user.should_see(marker="court-court-1")
    await user.should_see(marker="court-court-2")
    await user.should_not_see(marker="periods")
    assert pressed(user, "slot-court-2-2000"), "the slot picked stays picked"
    with user.scope(marker="hold-bar"):
        await user.should_see("Rs 11,500")

    user.find(marker="view-times").click()
    await user.should_see(marker="periods")
    await user.should_not_see(marker="court-court-1")


async def test_back_from_a_hold_the_venue_page_shows_it_with_the_time_left(user, runtime, sign_in):
    owner = await person(runtime, 20, "bilal_courts", "Bilal Ahmed", role=m.UserRole.VENUE_OWNER)
    venue = await open_venue(runtime, owner)
    me = await sign_in()
    tomorrow = to_local(utcnow()).date() + timedelta(days=1)
    held = await book(runtime, me, venue.courts[1].id, at(tomorrow, 20), confirm=False)

    await user.open(f"/venues/{venue.slug}")

    with user.scope(marker="live-hold"):
        await user.should_see("You're holding Court 2 at 8:00 pm")
        await user.should_see(english("venue").pay_within)
    clock = user.find(marker="live-hold-clock").elements.pop()
    assert clock.props["initial"] in {"10:00", *(f"9:{second:02d}" for second in range(60))}
    assert held.hold_expires_at is not None
    assert clock.props["deadline"] == int(held.hold_expires_at.timestamp() * 1000), "the browser counts down"
    links = {element.props.get("href") for element in user.find(marker="live-hold").elements}
    assert links == {f"/bookings/{held.id}"}
    assert pressed(user, f"day-{tomorrow.isoformat()}"), "the page opens on the hold's day"

    await user.open(f"/venues/{venue.slug}?day={(tomorrow + timedelta(days=1)).isoformat()}")
    assert pressed(user, f"day-{(tomorrow + timedelta(days=1)).isoformat()}"), (
        "the day kept in the address wins"
    )
    await user.should_see(marker="live-hold")


async def test_when_the_held_time_runs_out_the_page_says_so_and_the_slot_is_free_again(
    user, runtime, sign_in
):
    owner = await person(runtime, 20, "bilal_courts", "Bilal Ahmed", role=m.UserRole.VENUE_OWNER)
    venue = await open_venue(runtime, owner)
    me = await sign_in()
    tomorrow = to_local(utcnow()).date() + timedelta(days=1)
    held = await book(runtime, me, venue.courts[1].id, at(tomorrow, 20), confirm=False)
    await user.open(f"/venues/{venue.slug}")
    await user.should_see(marker="live-hold")
    await set_hold_deadline(runtime, held.id, utcnow() - timedelta(seconds=1))

    user.find(marker="live-hold-clock").trigger("end")  # what the browser sends at 0:00

    await user.should_see("Your hold on Court 2 at 8:00 pm ran out and the slot went back on sale.")
    await user.should_not_see(marker="live-hold")
    user.find(marker="time-2000").click()
    await user.should_see(marker="slot-court-2-2000")
