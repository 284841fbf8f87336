"""Urdu at the venue desk and on the ops page: an Urdu venue owner runs the desk, a venue and its
calendar in Urdu, an Urdu admin the ops page; an English owner still reads English."""

from datetime import date, datetime, time, timedelta

from nicegui import ui

from scene_api.db import models as m
from scene_api.i18n import en, ur
from scene_api.lib.timezone import KARACHI
from scene_ui import formats
from tests.ui.desk import book, open_venue, person, report
from tests.venues import next_half_hour

URDU = "ur"
EN, UR = en.MESSAGES, ur.MESSAGES


def at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), KARACHI)


async def owner_signed_in(sign_in, **fields):
    return await sign_in(role=m.UserRole.VENUE_OWNER, handle="bilal_courts", name="Bilal Ahmed", **fields)


def texts_of(user, marker: str) -> list[str]:
    """The labels' words inside the element marked `marker`, in order (a calendar block's lines end in a
    space)."""
    (element,) = user.find(marker=marker).elements
    return [child.text.strip() for child in element.descendants() if isinstance(child, ui.label)]


async def test_an_urdu_owner_runs_the_desk_in_urdu(user, sign_in, runtime):
    me = await owner_signed_in(sign_in, locale=URDU)
    venue = await open_venue(runtime, me)
    ayesha = await person(runtime, 5, "ayesha_runs", "Ayesha Khan")
    await book(runtime, ayesha, venue.courts[0].id, next_half_hour(timedelta(minutes=30)))

    await user.open("/owner")

    owner = UR["owner"]
    await user.should_see(owner["heading"])
    await user.should_see(owner["check_in"])
    await user.should_see(owner["money_caption"])
    await user.should_see(owner["this_week"])
    await user.should_see(owner["venues"])
    await user.should_see(owner["manage"])
    await user.should_see(owner["collected"])
    for sentence in ("check_in", "money_caption", "this_week", "venues", "add_venue"):
        await user.should_not_see(EN["owner"][sentence])

    await user.open(f"/owner/venues/{venue.id}")

    manage = UR["owner_venue"]
    await user.should_see(manage["listed_explain"])
    await user.should_see(manage["hours_hint"])
    await user.should_see(manage["save_prices"])
    await user.should_see(manage["takes"].format(length=manage["length_60"]))
    await user.should_see(UR["formats"]["day_4"])  # Friday's opening hours
    for sentence in ("listed_explain", "hours_hint", "save_prices", "photos_hint", "special_hint"):
        await user.should_not_see(EN["owner_venue"][sentence])
    await user.should_not_see("Friday")


async def test_an_urdu_owner_reads_the_calendar_in_urdu(user, sign_in, runtime):
    me = await owner_signed_in(sign_in, locale=URDU)
    venue = await open_venue(runtime, me)
    ayesha = await person(runtime, 5, "ayesha_runs", "Ayesha Khan")
    danish = await person(runtime, 6, "danish_m", "Danish Malik")
    day = formats.today() + timedelta(days=1)
    held = await book(runtime, danish, venue.courts[1].id, at(day, 18), confirm=False)
    await book(runtime, ayesha, venue.courts[0].id, at(day, 18))

    await user.open(f"/owner/venues/{venue.id}/calendar?day={day.isoformat()}")

    calendar = UR["owner_calendar"]
    await user.should_see(calendar["check_in"])
    await user.should_see(UR["formats"][f"weekday_{day.weekday()}"])
    await user.should_see(calendar["live"], retries=60)
    evening = UR["formats"]["period_evening"]
    lines = texts_of(user, f"entry-{held.id}")
    assert f"{evening} 6\u20137" in lines, lines  # the part of the day said once, before the hours
    assert any(line.startswith(calendar["hold_short"].format(left="")) for line in lines), lines
    await user.should_not_see("6\u20137 pm")
    await user.should_not_see("Hold \u00b7")
    month = UR["formats"][f"month_{(day - timedelta(days=day.weekday()) + timedelta(days=6)).month}"]
    await user.should_see(month)

    user.find(marker=f"entry-{held.id}").click()
    await user.should_see(marker="booking-dialog")
    await user.should_see(calendar["when"])
    await user.should_see(calendar["payment"])
    await user.should_see(calendar["cancel_booking"])
    await user.should_not_see(EN["owner_calendar"]["cancel_booking"])


async def test_an_english_owner_still_reads_english(user, sign_in, runtime):
    me = await owner_signed_in(sign_in)
    await open_venue(runtime, me)

    await user.open("/owner")

    await user.should_see(EN["owner"]["check_in"])
    await user.should_see(EN["owner"]["venues"])
    await user.should_see(EN["owner"]["money_caption"])
    await user.should_not_see(UR["owner"]["venues"])
    await user.should_not_see(UR["owner"]["money_caption"])


async def test_an_urdu_admin_runs_the_ops_page_in_urdu(user, sign_in, runtime):
    await sign_in(role=m.UserRole.ADMIN, handle="hamza_q", name="Hamza Qureshi", locale=URDU)
    fatima = await person(runtime, 5, "fatima_b", "Fatima Butt")
    hamid = await person(runtime, 6, "hamid_s", "Hamid Shah")
    await report(runtime, fatima, hamid, "Asked for a Rs 2,000 deposit on JazzCash.")

    await user.open("/admin")

    ops, members = UR["admin"], UR["admin_members"]
    await user.should_see(ops["heading"])
    await user.should_see(ops["subheading"])
    await user.should_see(ops["tab_audit"])
    await user.should_see(members["everyone"])
    await user.should_not_see(EN["admin"]["subheading"])
    await user.should_not_see(EN["admin_members"]["everyone"])
    await user.should_not_see(EN["admin"]["tab_audit"])

    user.find(marker="member-hamid_s").click()
    await user.should_see(marker="member-sheet")
    await user.should_see(members["can_invite"])
    await user.should_see(members["tree"])
    await user.should_see(members["suspend"])
    await user.should_not_see(EN["admin_members"]["can_invite"])

    await user.open("/admin?tab=reports")

    queues = UR["admin_queues"]
    await user.should_see("Asked for a Rs 2,000 deposit on JazzCash.")  # what the reporter wrote stays
    await user.should_see(queues["subject_user"])
    await user.should_see(queues["act"])
    await user.should_not_see(EN["admin_queues"]["act"])
    user.find(marker="dismiss").click()
    await user.should_see(queues["dismissed"])
    await user.should_see(queues["no_reports_open"])
    await user.should_not_see(EN["admin_queues"]["no_reports_open"])

    await user.open("/admin?tab=money")

    await user.should_see(UR["admin_money"]["waiting_title"])
    await user.should_not_see(EN["admin_money"]["waiting_title"])
    user.find(marker="money-view-payments").click()
    await user.should_see(UR["admin_activity"]["view_bookings"])
    await user.should_see(UR["admin_activity"]["no_payments_stuck"])
    await user.should_not_see(EN["admin_activity"]["no_payments_stuck"])
