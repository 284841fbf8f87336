# ruff: noqa: RUF001  (Urdu sentences end with the Urdu full stop)
"""The notification settings page: channels per kind of message, quiet hours and time zone, push on this
phone; every change saved through the messaging service and read back from it. Members start as they sign
up, with quiet hours on (the test helper turns them off unless asked)."""

import asyncio
from collections.abc import Callable
from datetime import time

from nicegui import ui
from nicegui.testing import User

from scene_api.db import models as m
from scene_api.domain.messaging import schemas as s
from scene_api.i18n import en, ur
from scene_api.runtime import Runtime
from scene_api.services import provide_services

PATH = "/settings/notifications"
EN = en.MESSAGES["notification_settings"]
UR = ur.MESSAGES["notification_settings"]


def pressed(user: User, marker: str) -> bool:
    """Whether a channel chip shows as chosen."""
    (element,) = user.find(marker=marker).elements
    return bool(element.props["aria-pressed"] == "true")


async def stored(runtime: Runtime, member: m.User) -> s.MessagePreferences:
    async with provide_services(runtime) as services:
        return await services.messaging.preferences(await services.session.get_one(m.User, member.id))


async def eventually(
    runtime: Runtime, member: m.User, check: Callable[[s.MessagePreferences], bool]
) -> s.MessagePreferences:
    """The stored preferences once `check` holds (a tap's save runs in the page's own task)."""
    for _ in range(50):
        preferences = await stored(runtime, member)
        if check(preferences):
            return preferences
        await asyncio.sleep(0.1)
    raise AssertionError(f"never stored as expected: {preferences}")


def channels_of(preferences: s.MessagePreferences, category: str) -> list[m.Channel]:
    return next(row.channels for row in preferences.categories if row.category == category)


async def test_a_new_member_sees_every_kind_of_message_with_the_default_channels(user, sign_in):
    await sign_in(quiet_hours=True)

    await user.open(PATH)

    await user.should_see(EN["heading"])
    for category in (
        "codes",
        "holds",
        "approvals",
        "waitlist",
        "bookings",
        "reminders",
        "changes",
        "updates",
    ):
        await user.should_see(EN[f"category_{category}"])
        await user.should_see(EN[f"category_{category}_hint"])
    assert pressed(user, "codes-whatsapp")
    assert pressed(user, "codes-sms")
    await user.should_not_see(marker="codes-push")
    assert pressed(user, "reminders-push")
    assert pressed(user, "reminders-whatsapp")
    assert not pressed(user, "reminders-sms")
    assert pressed(user, "updates-push")
    assert not pressed(user, "updates-sms")
    with user.scope(marker="category-codes"):
        await user.should_see(EN["essential"])
    with user.scope(marker="category-holds"):
        await user.should_see(EN["essential"])
    with user.scope(marker="category-reminders"):
        await user.should_not_see(EN["essential"])
    (switch,) = user.find(marker="quiet-hours").elements
    assert isinstance(switch, ui.switch)
    assert switch.value is True
    (start,) = user.find(marker="quiet-start").elements
    (end,) = user.find(marker="quiet-end").elements
    assert (start.value, end.value) == (time(23), time(8))
    await user.should_see("11:00 pm")
    (zone,) = user.find(marker="time-zone").elements
    assert zone.value == "Asia/Karachi"
    assert next(iter(zone.options)) == "Asia/Karachi"
    await user.should_see(marker="push-ask")


async def test_turning_a_channel_on_is_saved_and_shown(user, runtime, sign_in):
    me = await sign_in(quiet_hours=True)
    await user.open(PATH)

    user.find(marker="reminders-sms").click()

    await user.should_see(EN["saved"])
    saved = await eventually(runtime, me, lambda p: m.Channel.SMS in channels_of(p, "reminders"))
    assert channels_of(saved, "reminders") == [m.Channel.PUSH, m.Channel.WHATSAPP, m.Channel.SMS]
    assert channels_of(saved, "bookings") == [m.Channel.PUSH, m.Channel.WHATSAPP]
    assert pressed(user, "reminders-sms")

    user.find(marker="updates-push").click()

    saved = await eventually(runtime, me, lambda p: not channels_of(p, "updates"))
    with user.scope(marker="category-updates"):
        await user.should_see(EN["in_app_only"])
    await user.open(PATH)
    assert pressed(user, "reminders-sms")
    assert not pressed(user, "updates-push")


async def test_quiet_hours_can_be_moved_turned_off_and_on_again(user, runtime, sign_in):
    me = await sign_in(quiet_hours=True)
    await user.open(PATH)

    user.find(marker="quiet-start").click()
    user.find("10:30 pm").click()
    await eventually(runtime, me, lambda p: p.quiet_hours == s.QuietHours(time(22, 30), time(8)))

    user.find(marker="quiet-hours").click()

    await user.should_see(EN["quiet_off_hint"])
    await eventually(runtime, me, lambda p: p.quiet_hours is None)
    await user.should_not_see(marker="quiet-start")

    user.find(marker="quiet-hours").click()

    saved = await eventually(runtime, me, lambda p: p.quiet_hours is not None)
    assert saved.quiet_hours == s.QuietHours(time(22, 30), time(8))


async def test_the_time_zone_is_chosen_from_a_short_list(user, runtime, sign_in):
    me = await sign_in(quiet_hours=True)
    await user.open(PATH)

    user.find(marker="time-zone").click()
    user.find(EN["zone_london"]).click()

    saved = await eventually(runtime, me, lambda p: p.time_zone != "Asia/Karachi")
    assert saved.time_zone == "Europe/London"
    assert saved.quiet_hours == s.QuietHours(time(23), time(8))


async def test_a_zone_set_elsewhere_stays_on_the_list(user, runtime, sign_in):
    me = await sign_in(quiet_hours=True)
    async with provide_services(runtime) as services:
        member = await services.session.get_one(m.User, me.id)
        await services.messaging.update_preferences(
            member, s.MessagePreferencesUpdate(time_zone="Asia/Tokyo")
        )

    await user.open(PATH)

    (zone,) = user.find(marker="time-zone").elements
    assert zone.value == "Asia/Tokyo"
    assert list(zone.options)[:2] == ["Asia/Tokyo", "Asia/Karachi"]


async def test_leaving_codes_with_no_channel_is_refused_and_changes_nothing(user, runtime, sign_in):
    me = await sign_in(quiet_hours=True)
    await user.open(PATH)
    user.find(marker="codes-whatsapp").click()
    await eventually(runtime, me, lambda p: channels_of(p, "codes") == [m.Channel.SMS])

    user.find(marker="codes-sms").click()

    await user.should_see(en.MESSAGES["errors_messaging"]["codes_need_a_channel"])
    assert pressed(user, "codes-sms")
    await asyncio.sleep(0.3)
    assert channels_of(await stored(runtime, me), "codes") == [m.Channel.SMS]


async def test_quiet_hours_that_start_when_they_end_are_refused(user, runtime, sign_in):
    me = await sign_in(quiet_hours=True)
    await user.open(PATH)

    user.find(marker="quiet-start").click()
    user.find("8:00 am").click()

    await user.should_see(en.MESSAGES["errors_messaging"]["quiet_hours_empty"])
    (start,) = user.find(marker="quiet-start").elements
    assert start.value == time(23)
    assert (await stored(runtime, me)).quiet_hours == s.QuietHours(time(23), time(8))


async def test_an_urdu_member_reads_the_page_and_its_refusals_in_urdu_right_to_left(user, runtime, sign_in):
    me = await sign_in(locale="ur", quiet_hours=True)

    await user.open(PATH)

    await user.should_see(UR["heading"])
    await user.should_see(UR["category_codes"])
    await user.should_see(UR["quiet_hours"])
    await user.should_see(UR["zone_karachi"])
    await user.should_see("رات 11:00")
    await user.should_not_see(EN["heading"])
    assert user.client is not None
    assert '<meta name="scene-document" content="ur rtl">' in user.client.head_html

    user.find(marker="codes-whatsapp").click()
    await eventually(runtime, me, lambda p: channels_of(p, "codes") == [m.Channel.SMS])
    user.find(marker="codes-sms").click()

    await user.should_see("سائن اِن کوڈ کے لیے کم از کم ایک راستہ چاہیے: واٹس ایپ یا ایس ایم ایس۔")


async def test_the_page_is_linked_from_the_profile_and_the_notifications(user, sign_in):
    await sign_in()

    await user.open("/me")
    await user.should_see(en.MESSAGES["profile"]["my_messages_hint"])
    assert any(link.props.get("href") == PATH for link in user.find(kind=ui.link).elements)

    await user.open("/notifications")
    user.find(marker="notification-settings").click()
    await user.should_see(EN["heading"])
