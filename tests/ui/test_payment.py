from datetime import timedelta

from scene_api.db import models as m
from scene_ui.formats import rupees
from tests.helpers import english
from tests.ui.desk import book, open_venue, person
from tests.ui.happenings import buy, checkout, hold, host_event, provider_says
from tests.venues import next_half_hour


async def venue_and_hold(runtime, me):
    owner = await person(runtime, 20, "bilal_courts", "Bilal Ahmed", role=m.UserRole.VENUE_OWNER)
    venue = await open_venue(runtime, owner)
    return await hold(runtime, me, venue.courts[0].id, next_half_hour(timedelta(days=1)))


async def test_back_from_a_payment_that_went_through_shows_the_booking_qr(user, runtime, sign_in):
    me = await sign_in()
    held = await venue_and_hold(runtime, me)
    paying = await checkout(runtime, me, m.PaymentPurpose.BOOKING, held.id)
    await provider_says(runtime, paying.payment, paid=True)

    await user.open(f"/payments/{paying.payment.id}")

    await user.should_see(english("payment").succeeded)
    await user.should_see(f"{rupees(held.price_pkr)} \u00b7 JazzCash")  # off-peak or peak, by the hour run
    await user.should_see(marker="qr")
    await user.should_see(english("payment").view_booking)


async def test_a_pending_payment_is_asked_about_again_until_it_settles(user, runtime, sign_in):
    me = await sign_in()
    held = await venue_and_hold(runtime, me)
    paying = await checkout(runtime, me, m.PaymentPurpose.BOOKING, held.id, "payfast")

    await user.open(f"/payments/{paying.payment.id}")
    await user.should_see(english("payment").pending.format(provider="PayFast"))
    await provider_says(runtime, paying.payment, paid=True)

    await user.should_see(english("payment").succeeded, retries=40)
    await user.should_see(marker="qr")


async def test_a_declined_payment_offers_to_try_again(user, runtime, sign_in):
    me = await sign_in()
    held = await venue_and_hold(runtime, me)
    paying = await checkout(runtime, me, m.PaymentPurpose.BOOKING, held.id)
    await provider_says(runtime, paying.payment, paid=False)

    await user.open(f"/payments/{paying.payment.id}")

    await user.should_see(english("payment").failed)
    links = {el.props.get("href") for el in user.current_layout.descendants()}
    assert f"/bookings/{held.id}" in links


async def test_paid_tickets_show_on_the_return_page(user, runtime, sign_in):
    me = await sign_in()
    host = await person(runtime, 10, "noor_h", "Noor Hassan")
    event = await host_event(runtime, host, tiers=[{"name": "Player", "price_pkr": 3500, "quantity": 32}])
    order = await buy(runtime, me, event, quantity=2)
    paying = await checkout(runtime, me, m.PaymentPurpose.ORDER, order.id)
    await provider_says(runtime, paying.payment, paid=True)

    await user.open(f"/payments/{paying.payment.id}")

    await user.should_see(english("payment").succeeded)
    await user.should_see("Player \u00b7 ticket 2 of 2", retries=5)


async def test_someone_elses_payment_is_not_found(user, runtime, sign_in):
    other = await person(runtime, 21, "usman_k", "Usman Khan")
    held = await venue_and_hold(runtime, other)
    paying = await checkout(runtime, other, m.PaymentPurpose.BOOKING, held.id)
    await sign_in()

    await user.open(f"/payments/{paying.payment.id}")

    await user.should_see(english("payment").not_found_title)


async def test_my_bookings_lists_what_is_ahead_and_cancels_with_the_policy(user, runtime, sign_in):
    me = await sign_in()
    owner = await person(runtime, 20, "bilal_courts", "Bilal Ahmed", role=m.UserRole.VENUE_OWNER)
    venue = await open_venue(runtime, owner)
    await book(runtime, me, venue.courts[0].id, next_half_hour(timedelta(days=3)))

    await user.open("/me/bookings")

    with user.scope(marker="upcoming"):
        await user.should_see("Court Nine Padel")
        await user.should_see("Court 1")
    user.find(marker="cancel-booking").click()
    await user.should_see(marker="cancel-policy")
    await user.should_see(english("booking_card").free_until.split("{")[0])
    user.find(marker="confirm-cancel").click()

    await user.should_see(english("booking_card").cancelled, retries=20)
    await user.should_see(english("my_bookings").past, retries=20)
    with user.scope(marker="past"):
        await user.should_see("Cancelled")


async def test_a_late_cancellation_is_refused_in_the_services_words(user, runtime, sign_in):
    me = await sign_in()
    owner = await person(runtime, 20, "bilal_courts", "Bilal Ahmed", role=m.UserRole.VENUE_OWNER)
    venue = await open_venue(runtime, owner)
    soon = await book(runtime, me, venue.courts[0].id, next_half_hour(timedelta(hours=2)))

    await user.open(f"/bookings/{soon.id}")
    await user.should_see(marker="policy")
    await user.should_see("Free cancellation ended at")
    user.find(marker="cancel-booking").click()
    user.find(marker="confirm-cancel").click()

    await user.should_see("Ask the venue to cancel", retries=20)


async def test_no_bookings_yet_points_to_the_places(user, sign_in):
    await sign_in()

    await user.open("/me/bookings")

    await user.should_see(english("my_bookings").empty_title)
    await user.should_see(english("my_bookings").find_court)
