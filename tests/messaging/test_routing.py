"""The routing rules on their own: channel order and fallback, quiet hours across midnight."""

from __future__ import annotations

from datetime import UTC, datetime, time

from scene_api.db.models import Channel
from scene_api.domain.messaging import routing
from scene_api.domain.messaging.routing import Category, QuietHours
from scene_api.lib.timezone import KARACHI

PUSH, WHATSAPP, SMS = Channel.PUSH, Channel.WHATSAPP, Channel.SMS


def test_a_message_goes_on_the_first_chosen_channel_that_reaches_the_member():
    chosen = routing.ordered({SMS, WHATSAPP, PUSH})
    assert chosen == [PUSH, WHATSAPP, SMS]
    assert routing.next_channel(chosen, {WHATSAPP, SMS, PUSH}, None) == PUSH
    assert routing.next_channel(chosen, {WHATSAPP, SMS}, None) == WHATSAPP
    assert routing.next_channel(chosen, {SMS}, None) == SMS
    assert routing.next_channel([PUSH], {WHATSAPP, SMS}, None) is None


def test_a_failed_channel_falls_to_the_next_one_in_order():
    chosen = [PUSH, WHATSAPP, SMS]
    assert routing.next_channel(chosen, {PUSH, WHATSAPP, SMS}, PUSH) == WHATSAPP
    assert routing.next_channel(chosen, {PUSH, SMS}, PUSH) == SMS
    assert routing.next_channel(chosen, {PUSH, WHATSAPP, SMS}, SMS) is None
    assert routing.next_channel([WHATSAPP], {WHATSAPP, SMS}, WHATSAPP) is None


def test_codes_never_go_by_push_and_are_essential():
    assert PUSH not in routing.ALLOWED[Category.CODES]
    assert routing.ordered(routing.DEFAULT_CHANNELS[Category.CODES]) == [WHATSAPP, SMS]
    assert routing.is_essential("code")
    assert routing.is_essential("hold_lapsing")
    assert not routing.is_essential("booking_reminder")
    assert routing.category_of("host_pending") == Category.UPDATES


def karachi(hour: int, minute: int = 0, day: int = 7) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=KARACHI).astimezone(UTC)


def test_quiet_hours_across_midnight_release_at_their_end_on_the_right_day():
    quiet = QuietHours(time(23), time(8), KARACHI)
    assert quiet.release_at(karachi(22, 59)) is None
    assert quiet.release_at(karachi(23, 30)) == karachi(8, day=8)
    assert quiet.release_at(karachi(2)) == karachi(8)
    assert quiet.release_at(karachi(8)) is None


def test_quiet_hours_within_a_day():
    quiet = QuietHours(time(13), time(15), KARACHI)
    assert quiet.release_at(karachi(12, 59)) is None
    assert quiet.release_at(karachi(14)) == karachi(15)


def test_quiet_hours_follow_the_members_own_clock():
    dubai = routing.zone_of("Asia/Dubai")
    quiet = QuietHours(time(23), time(8), dubai)
    # 23:30 in Karachi is 22:30 in Dubai: not yet quiet there.
    assert quiet.release_at(karachi(23, 30)) is None
    assert routing.zone_of("Not/AZone") == KARACHI
