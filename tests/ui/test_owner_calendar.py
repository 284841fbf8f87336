"""The owner's week calendar in the user simulation: what it shows, blocking, the booking desk, live news."""

from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import Range

from scene_api.db import models as m
from scene_api.lib.timezone import KARACHI, to_local, utcnow
from scene_ui import formats
from scene_ui.pages import owner_calendar as calendar
from tests.helpers import english
from tests.ui.desk import book, booking_status, open_venue, person
from tests.venues import next_half_hour


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), KARACHI)


def tomorrow() -> date:
    return formats.today() + timedelta(days=1)


async def arrange(sign_in, runtime, **venue):
    me = await sign_in(role=m.UserRole.VENUE_OWNER, handle="bilal_courts", name="Bilal Ahmed")
    court9 = await open_venue(runtime, me, **venue)
    ayesha = await person(runtime, 5, "ayesha_runs", "Ayesha Khan")
    return me, court9, ayesha


def path(venue, day: date) -> str:
    return f"/owner/venues/{venue.id}/calendar?day={day.isoformat()}"


async def blackouts(runtime):
    async with runtime.session_factory() as session:
        return (await session.scalars(sa.select(m.Blackout))).all()


async def test_the_day_shows_each_courts_bookings_in_their_states(user, sign_in, runtime):
    _, court9, ayesha = await arrange(sign_in, runtime)
    danish = await person(runtime, 6, "danish_m", "Danish Malik")
    day = tomorrow()
    await book(runtime, ayesha, court9.courts[0].id, at(day, 18))
    await book(runtime, danish, court9.courts[1].id, at(day, 19), confirm=False)

    await user.open(path(court9, day))

    await user.should_see("Court Nine Padel")
    await user.should_see(marker="court-Court_1")
    await user.should_see(marker="court-Court_2")
    await user.should_see("Ayesha")
    await user.should_see("6\u20137 pm")
    await user.should_see("Pay at venue")
    await user.should_see("Danish")
    await user.should_see("Hold \u00b7 9m")
    await user.should_see(calendar.week_label(calendar.week_of(day)))
    await user.should_see(english("owner_calendar").live, retries=60)


async def test_blocking_a_slot_and_unblocking_it(user, sign_in, runtime):
    me, court9, _ = await arrange(sign_in, runtime)
    day = tomorrow()

    await user.open(path(court9, day))
    user.find(marker="cell-Court_2-1000").click()
    await user.should_see(marker="block-dialog")
    await user.should_see(english("owner_calendar").block_title.format(court="Court 2"))
    user.find(marker="length-120").click()
    user.find(marker="block-reason").type("Coaching clinic")
    user.find(marker="confirm-block").click()

    await user.should_see(
        english("owner_calendar").blocked_done.format(court="Court 2", time="10 am\u201312 pm")
    )
    (blackout,) = await blackouts(runtime)
    assert (blackout.court_id, blackout.reason, blackout.created_by_id) == (
        court9.courts[1].id,
        "Coaching clinic",
        me.id,
    )
    assert (blackout.period.lower, blackout.period.upper) == (at(day, 10), at(day, 12))

    user.find(marker=f"entry-{blackout.id}").click()
    await user.should_see(marker="blackout-dialog")
    user.find(marker="unblock").click()
    await user.should_see(english("owner_calendar").unblocked)
    assert await blackouts(runtime) == []
    await user.should_not_see(marker=f"entry-{blackout.id}")


async def test_a_booked_slot_cannot_be_blocked_for_the_whole_venue(user, sign_in, runtime):
    _, court9, ayesha = await arrange(sign_in, runtime)
    day = tomorrow()
    await book(runtime, ayesha, court9.courts[0].id, at(day, 11))

    await user.open(path(court9, day))
    user.find(marker="cell-Court_2-1000").click()
    await user.should_see(marker="block-dialog")
    user.find(marker="length-120").click()
    user.find(marker="block-scope").click()
    scope = user.find(marker="block-scope").elements.pop()
    scope.value = True
    user.find(marker="confirm-block").click()

    await user.should_see("is booked; cancel that booking first.")
    assert await blackouts(runtime) == []


async def test_the_booking_desk_marks_cash_paid_and_checks_in(user, sign_in, runtime):
    _, court9, ayesha = await arrange(sign_in, runtime)
    starts_at = next_half_hour()
    booking = await book(runtime, ayesha, court9.courts[0].id, starts_at)
    day = to_local(starts_at).date()

    await user.open(path(court9, day))
    user.find(marker=f"entry-{booking.id}").click()
    await user.should_see(marker="booking-dialog")
    await user.should_see("@ayesha_runs")
    await user.should_see(english("owner_calendar").pay_at_venue_due)
    user.find(marker="mark-paid").click()
    await user.should_see(
        english("owner_calendar").marked_paid.format(amount=formats.rupees(booking.price_pkr))
    )

    user.find(marker=f"entry-{booking.id}").click()
    await user.should_see(english("owner_calendar").paid_at_desk)
    user.find(marker="booking-check-in").click()
    await user.should_see(english("owner_calendar").checked_in.format(name="Ayesha Khan"))
    assert await booking_status(runtime, booking.id) is m.BookingStatus.CHECKED_IN
    async with runtime.session_factory() as session:
        actions = list(await session.scalars(sa.select(m.AuditLog.action).order_by(m.AuditLog.id)))
    assert actions[-2:] == ["booking.mark_paid", "booking.check_in"]


async def test_checking_in_too_early_is_refused_and_a_no_show_once_started(user, sign_in, runtime):
    _, court9, ayesha = await arrange(sign_in, runtime)
    day = tomorrow()
    later = await book(runtime, ayesha, court9.courts[0].id, at(day, 20))
    started = await book(runtime, ayesha, court9.courts[1].id, at(day, 21))
    async with runtime.session_factory() as session:
        row = await session.get_one(m.Booking, started.id)
        begun = utcnow() - timedelta(minutes=20)
        row.period = Range(begun, begun + timedelta(hours=1))
        await session.commit()

    await user.open(path(court9, day))
    user.find(marker=f"entry-{later.id}").click()
    await user.should_see(marker="booking-dialog")
    user.find(marker="booking-check-in").click()
    await user.should_see("Check-in opens at")
    assert await booking_status(runtime, later.id) is m.BookingStatus.CONFIRMED

    await user.open(path(court9, to_local(begun).date()))
    user.find(marker=f"entry-{started.id}").click()
    await user.should_see(marker="booking-dialog")
    user.find(marker="no-show").click()
    await user.should_see(english("owner_calendar").marked_no_show)
    assert await booking_status(runtime, started.id) is m.BookingStatus.NO_SHOW


async def test_the_owner_cancels_a_booking_after_confirming(user, sign_in, runtime):
    _, court9, ayesha = await arrange(sign_in, runtime)
    day = tomorrow()
    booking = await book(runtime, ayesha, court9.courts[0].id, at(day, 20))

    await user.open(path(court9, day))
    user.find(marker=f"entry-{booking.id}").click()
    await user.should_see(marker="booking-dialog")
    user.find(marker="cancel-booking").click()
    await user.should_see(english("owner_calendar").cancel_confirm)
    user.find(marker="confirm-cancel").click()

    await user.should_see(english("owner_calendar").cancelled)
    assert await booking_status(runtime, booking.id) is m.BookingStatus.CANCELLED
    await user.should_not_see(marker=f"entry-{booking.id}")


async def test_a_new_booking_appears_without_reloading(user, sign_in, runtime):
    _, court9, ayesha = await arrange(sign_in, runtime)
    day = tomorrow()

    await user.open(path(court9, day))
    await user.should_see(english("owner_calendar").live, retries=60)
    await user.should_not_see("Ayesha")
    booking = await book(runtime, ayesha, court9.courts[1].id, at(day, 21))

    await user.should_see(marker=f"entry-{booking.id}", retries=40)
    await user.should_see("Ayesha")
    await user.should_see(
        english("owner_calendar").new_booking.format(court="Court 2", time="Tomorrow 9:00 pm")
    )


async def test_weeks_and_days_move_and_a_closed_day_says_so(user, sign_in, runtime):
    hours = [{"weekday": weekday, "opens_minute": 7 * 60, "closes_minute": 23 * 60} for weekday in range(6)]
    _, court9, ayesha = await arrange(sign_in, runtime, hours=hours)
    monday = calendar.week_of(formats.today()) + timedelta(days=7)
    booking = await book(runtime, ayesha, court9.courts[0].id, at(monday + timedelta(days=1), 9))

    await user.open(path(court9, monday - timedelta(days=7)))
    user.find(marker="next-week").click()
    await user.should_see(calendar.week_label(monday))
    user.find(marker=f"day-{(monday + timedelta(days=1)).isoformat()}").click()
    await user.should_see(marker=f"entry-{booking.id}")
    user.find(marker=f"day-{(monday + timedelta(days=6)).isoformat()}").click()
    await user.should_see(english("owner_calendar").closed_day.format(day="Sunday"))
    user.find(marker="go-today").click()
    await user.should_see(calendar.week_label(calendar.week_of(formats.today())))


def _coming(weekday: int) -> date:
    """The next date (after tomorrow) falling on `weekday`, 0 = Monday."""
    day = formats.today() + timedelta(days=2)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


async def test_after_midnight_the_calendar_opens_on_the_evening_before(user, sign_in, runtime, monkeypatch):
    late = [{"weekday": weekday, "opens_minute": 16 * 60, "closes_minute": 27 * 60} for weekday in range(7)]
    _, court9, _ = await arrange(sign_in, runtime, hours=late)
    for weekday, evening_before in ((5, 4), (0, 6)):  # 1 am Saturday -> Friday; 1 am Monday -> Sunday
        night = _coming(weekday)
        one_am = at(night, 1)
        monkeypatch.setattr(calendar, "utcnow", lambda moment=one_am: moment)
        monkeypatch.setattr(formats, "utcnow", lambda moment=one_am: moment)

        await user.open(f"/owner/venues/{court9.id}/calendar")

        shown = night - timedelta(days=1)
        assert shown.weekday() == evening_before
        await user.should_see(calendar.week_label(calendar.week_of(shown)))
        day_button = user.find(marker=f"day-{shown.isoformat()}").elements.pop()
        assert day_button.props["aria-pressed"] == "true"
        await user.should_see(marker="now")
