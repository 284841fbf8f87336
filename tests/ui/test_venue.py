from datetime import timedelta

from scene_api.db import models as m
from scene_api.lib.timezone import to_local
from scene_ui.pages import booking as booking_page
from scene_ui.pages import venue as page
from tests.ui.desk import book, booking_status, next_slot, open_venue, person


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
        await user.should_see("12:00 am \u2013 12:00 am")
    await user.should_see(marker="days")
    await user.should_see(marker="court-court-1")
    await user.should_see(marker="map")


async def test_the_same_page_opens_by_id_and_an_unknown_venue_says_so(user, runtime, sign_in):
    owner = await person(runtime, 20, "bilal_courts", "Bilal Ahmed", role=m.UserRole.VENUE_OWNER)
    venue = await open_venue(runtime, owner)
    await sign_in()

    await user.open(f"/venues/{venue.id}")
    await user.should_see("Court Nine Padel")

    await user.open("/venues/no-such-place")
    await user.should_see(page.NOT_FOUND_TITLE)


async def test_picking_a_slot_holds_it_then_pay_at_the_venue_shows_the_qr(user, runtime, sign_in):
    owner = await person(runtime, 20, "bilal_courts", "Bilal Ahmed", role=m.UserRole.VENUE_OWNER)
    venue = await open_venue(runtime, owner)
    await sign_in()
    tomorrow = to_local(next_slot(timedelta(days=1))).date()
    await user.open(f"/venues/{venue.slug}")

    user.find(marker=f"day-{tomorrow.isoformat()}").click()
    await user.should_see(marker=f"slots-{tomorrow.isoformat()}-90", retries=20)
    user.find(marker="length-60").click()
    await user.should_see(marker=f"slots-{tomorrow.isoformat()}-60", retries=20)
    user.find(marker="slot-court-2-2000").click()
    await user.should_see(marker="hold-bar")
    with user.scope(marker="hold-bar"):
        await user.should_see("Court 2")
        await user.should_see("Rs 8,000")
    user.find(marker="hold").click()

    await user.should_see(booking_page.HELD_TITLE, retries=30)
    await user.should_see(marker="countdown-clock")
    await user.should_see("JazzCash")
    await user.should_see("Easypaisa")
    await user.should_see("PayFast")
    user.find(marker="pay-at-venue").click()

    await user.should_see(booking_page.CONFIRMED_AT_VENUE, retries=20)
    await user.should_see(marker="qr")
    await user.should_see(marker="qr-code")
    await user.should_see(booking_page.SHARE)
    links = {el.props.get("href") for el in user.current_layout.descendants()}
    assert any(str(link).startswith("https://wa.me/?text=") for link in links)


async def test_a_hold_can_be_released(user, runtime, sign_in):
    owner = await person(runtime, 20, "bilal_courts", "Bilal Ahmed", role=m.UserRole.VENUE_OWNER)
    venue = await open_venue(runtime, owner)
    await sign_in()
    starts = next_slot(timedelta(days=1))
    await user.open(f"/venues/{venue.slug}")
    user.find(marker=f"day-{to_local(starts).date().isoformat()}").click()
    await user.should_see(marker=f"slots-{to_local(starts).date().isoformat()}-90", retries=20)
    user.find(marker=f"slot-court-1-{to_local(starts):%H%M}").click()
    await user.should_see(marker="hold-bar")
    user.find(marker="hold").click()
    await user.should_see(booking_page.HELD_TITLE, retries=30)

    user.find(marker="release").click()

    await user.should_see(booking_page.ENDED[m.BookingStatus.CANCELLED], retries=20)
    await user.should_see(booking_page.PICK_AGAIN)


async def test_someone_elses_booking_is_not_found(user, runtime, sign_in):
    owner = await person(runtime, 20, "bilal_courts", "Bilal Ahmed", role=m.UserRole.VENUE_OWNER)
    venue = await open_venue(runtime, owner)
    other = await person(runtime, 21, "usman_k", "Usman Khan")
    theirs = await book(runtime, other, venue.courts[0].id, next_slot(timedelta(days=1)))
    await sign_in()

    await user.open(f"/bookings/{theirs.id}")

    await user.should_see(booking_page.NOT_FOUND_TITLE)
    assert await booking_status(runtime, theirs.id) is m.BookingStatus.CONFIRMED


async def test_the_venue_owner_opening_a_booking_sees_who_booked_it_without_the_qr(user, runtime, sign_in):
    owner = await person(runtime, 20, "bilal_courts", "Bilal Ahmed", role=m.UserRole.VENUE_OWNER)
    venue = await open_venue(runtime, owner)
    other = await person(runtime, 21, "usman_k", "Usman Khan")
    theirs = await book(runtime, other, venue.courts[0].id, next_slot(timedelta(days=1)))
    await sign_in(owner)

    await user.open(f"/bookings/{theirs.id}")

    await user.should_see("Usman Khan")
    await user.should_see(booking_page.BOOKED_BY)
    await user.should_not_see(marker="qr")
    await user.should_not_see(marker="cancel-booking")
