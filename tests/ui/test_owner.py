"""The venue desk (/owner) and venue management (/owner/venues/{id}) in the user simulation."""

from datetime import timedelta

import sqlalchemy as sa
from nicegui import ui

from scene_api.db import models as m
from scene_api.lib.timezone import utcnow
from scene_ui.pages import owner
from tests.helpers import english
from tests.ui.desk import book, booking_status, code_of, open_venue, person
from tests.venues import next_half_hour


async def owner_signed_in(sign_in, **fields):
    return await sign_in(role=m.UserRole.VENUE_OWNER, handle="bilal_courts", name="Bilal Ahmed", **fields)


async def test_members_see_a_dead_end_and_no_desk_links(user, sign_in):
    await sign_in()

    await user.open("/owner")
    await user.should_see(english("staff").desk_closed_title)
    await user.open("/admin")
    await user.should_see(english("staff").ops_closed_title)
    links = {element.props.get("href") for element in user.current_layout.descendants()}
    assert "/owner" not in links
    assert "/admin" not in links


async def test_visitors_are_sent_to_welcome(user):
    sent = await user.http_client.get("/owner", follow_redirects=False)

    assert sent.headers["location"] == "/welcome?next=/owner"
    page = (await user.http_client.get(sent.headers["location"])).text  # plain HTML (scene_ui.public)
    assert 'href="/signin?next=/owner"' in page


async def test_the_desk_shows_todays_agenda_money_and_venues(user, sign_in, runtime):
    me = await owner_signed_in(sign_in)
    venue = await open_venue(runtime, me)
    ayesha = await person(runtime, 5, "ayesha_runs", "Ayesha Khan")
    starts_at = next_half_hour()  # the soonest: at 11:10 pm, half an hour on is off today's agenda
    await book(runtime, ayesha, venue.courts[0].id, starts_at)

    await user.open("/owner")

    await user.should_see(english("owner").heading)
    links = {element.props.get("href") for element in user.current_layout.descendants()}
    assert "/owner" in links, "the header links venue owners to their desk"
    await user.should_see("Ayesha Khan")
    await user.should_see("Court 1 \u00b7 Court Nine Padel")
    await user.should_see("Pay at venue \u00b7 unpaid")
    await user.should_see(english("owner").this_week)
    await user.should_see("Court Nine Padel")
    await user.should_see(marker="venue-court-nine-padel")
    assert f"/owner/venues/{venue.id}/calendar" in links


async def test_an_owner_without_venues_adds_one(user, sign_in, runtime):
    me = await owner_signed_in(sign_in)

    await user.open("/owner")
    await user.should_see(english("owner").no_venues_title)
    user.find(marker="add-venue").click()
    user.find(marker="venue-name").type("Smash Point Padel")
    user.find(marker="venue-address").type("Plot 4, Phase 6, DHA")
    user.find(marker="create-venue").click()

    await user.should_see(english("owner_venue").courts, retries=30)
    async with runtime.session_factory() as session:
        venue = (await session.scalars(sa.select(m.Venue))).one()
    assert (venue.name, venue.owner_id, venue.city) == ("Smash Point Padel", me.id, "Lahore")


async def test_checking_in_by_typed_code_from_the_desk(user, sign_in, runtime):
    me = await owner_signed_in(sign_in)
    venue = await open_venue(runtime, me)
    ayesha = await person(runtime, 5, "ayesha_runs", "Ayesha Khan")
    booking = await book(runtime, ayesha, venue.courts[1].id, next_half_hour())
    code = await code_of(runtime, booking.id)

    await user.open("/owner")
    user.find(marker="check-in").click()
    await user.should_see(marker="checkin-dialog")
    user.find(marker="checkin-code").type(code.lower())
    user.find(marker="confirm-checkin").click()

    await user.should_see("Ayesha Khan is checked in: Court 2", retries=20)
    assert await booking_status(runtime, booking.id) is m.BookingStatus.CHECKED_IN


async def test_a_wrong_code_is_refused_in_the_services_words(user, sign_in, runtime):
    me = await owner_signed_in(sign_in)
    await open_venue(runtime, me)

    await user.open("/owner")
    user.find(marker="check-in").click()
    await user.should_see(marker="checkin-dialog")
    user.find(marker="confirm-checkin").click()
    await user.should_see(english("checkin_dialog").code_missing)
    user.find(marker="checkin-code").type("NOPE1234")
    user.find(marker="confirm-checkin").click()
    await user.should_see("No such booking at your venues.")


async def test_managing_a_venue_saves_through_the_services_with_audit_rows(user, sign_in, runtime):
    me = await owner_signed_in(sign_in)
    venue = await open_venue(runtime, me)

    await user.open(f"/owner/venues/{venue.id}")
    await user.should_see(english("owner_venue").hours)
    user.find(marker="new-court").type("Court 3")
    user.find(marker="add-court").click()
    await user.should_see(english("owner_venue").court_added.format(name="Court 3"))
    await user.should_see(marker="court-Court_3")
    user.find(marker="court-active-Court_1").click()
    await user.should_see(english("owner_venue").not_in_use, retries=10)
    user.find(marker="listed").click()
    await user.should_see(english("owner_venue").hidden)
    user.find(marker="save-prices").click()
    await user.should_see(english("owner_venue").saved)

    async with runtime.session_factory() as session:
        courts = dict((await session.execute(sa.select(m.Court.name, m.Court.active))).tuples().all())
        status = await session.scalar(sa.select(m.Venue.status))
        actions = list(
            await session.scalars(
                sa.select(m.AuditLog.action).where(m.AuditLog.actor_id == me.id).order_by(m.AuditLog.id)
            )
        )
    assert courts == {"Court 1": False, "Court 2": True, "Court 3": True}
    assert status is m.VenueStatus.HIDDEN
    assert actions[-4:] == ["venue.court_add", "venue.court_update", "venue.update", "venue.prices"]


async def test_someone_elses_venue_is_not_found(user, sign_in, runtime):
    await owner_signed_in(sign_in)
    other = await person(runtime, 6, "zainab_padel", "Zainab Ali", role=m.UserRole.VENUE_OWNER)
    theirs = await open_venue(runtime, other, name="Seaview Padel")

    await user.open(f"/owner/venues/{theirs.id}")
    await user.should_see(english("owner_venue").not_found_title)
    await user.should_not_see("Seaview Padel")
    await user.open(f"/owner/venues/{theirs.id}/calendar")
    await user.should_see(english("owner_venue").not_found_title)
    await user.open("/owner/venues/not-a-uuid/calendar")
    await user.should_see(english("owner_venue").not_found_title)


async def test_the_revenue_rows_count_cash_to_collect(user, sign_in, runtime):
    me = await owner_signed_in(sign_in)
    venue = await open_venue(runtime, me)
    ayesha = await person(runtime, 5, "ayesha_runs", "Ayesha Khan")
    booking = await book(runtime, ayesha, venue.courts[0].id, next_half_hour(timedelta(hours=1)))
    async with runtime.session_factory() as session:
        row = await session.get_one(m.Booking, booking.id)
        start = utcnow().replace(second=0, microsecond=0)
        from sqlalchemy.dialects.postgresql import Range

        row.period = Range(start, start + timedelta(hours=1))
        await session.commit()

    await user.open("/owner")

    await user.should_see(english("owner").to_collect.format(amount=owner.money(booking.price_pkr)))
    labels = [label.text for label in user.find(kind=ui.label).elements]
    assert owner.plural(english("owner").bookings, 1) in labels
