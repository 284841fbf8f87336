from datetime import UTC, datetime, timedelta

import pytest

from scene_ui import formats, i18n

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
"""Thursday 26 November 2026, 3:00 pm in Karachi."""


@pytest.mark.parametrize(
    ("amount", "shown"), [(0, "Free"), (500, "Rs 500"), (2500, "Rs 2,500"), (1250000, "Rs 1,250,000")]
)
def test_rupees(amount, shown):
    assert formats.rupees(amount) == shown


@pytest.mark.parametrize(
    ("moment", "shown"),
    [
        (datetime(2026, 11, 26, 15, 0, tzinfo=UTC), "Today, 8:00 pm"),
        (datetime(2026, 11, 26, 19, 30, tzinfo=UTC), "Tomorrow, 12:30 am"),
        (datetime(2026, 11, 27, 7, 5, tzinfo=UTC), "Tomorrow, 12:05 pm"),
        (datetime(2026, 11, 28, 15, 0, tzinfo=UTC), "Sat 28 Nov, 8:00 pm"),
        (datetime(2026, 12, 5, 4, 0, tzinfo=UTC), "Sat 5 Dec, 9:00 am"),
    ],
)
def test_when_is_pakistan_time(moment, shown):
    assert formats.when(moment, now=NOW) == shown


@pytest.mark.parametrize(
    ("day", "shown"),
    [
        (datetime(2026, 11, 25).date(), "Today"),
        (datetime(2026, 11, 26).date(), "Today"),
        (datetime(2026, 11, 27).date(), "Tomorrow"),
        (datetime(2026, 11, 28).date(), "Saturday"),
        (datetime(2026, 12, 2).date(), "Wednesday"),
        (datetime(2026, 12, 3).date(), "Thu 3 Dec"),
    ],
)
def test_day_heading(day, shown):
    assert formats.day_heading(day, now=NOW) == shown


def test_today_turns_at_karachi_midnight():
    assert formats.today(datetime(2026, 11, 26, 18, 59, tzinfo=UTC)).day == 26
    assert formats.today(datetime(2026, 11, 26, 19, 0, tzinfo=UTC)).day == 27


@pytest.mark.parametrize(
    ("before", "english", "urdu"),
    [
        (timedelta(seconds=20), "just now", "ابھی ابھی"),
        (timedelta(minutes=5), "5 min ago", "5 منٹ پہلے"),
        (timedelta(hours=3), "3 hr ago", "3 گھنٹے پہلے"),
        (timedelta(days=1), "1 day ago", "1 دن پہلے"),
        (timedelta(days=2), "2 days ago", "2 دن پہلے"),
        (timedelta(days=9), "Tue 17 Nov", "منگل 17 نومبر"),
    ],
)
def test_how_long_ago_reads_in_the_readers_language(monkeypatch, before, english, urdu):
    assert formats.ago(NOW - before, now=NOW) == english
    for module in (i18n, formats):
        monkeypatch.setattr(module, "locale", lambda: "ur")
    assert formats.ago(NOW - before, now=NOW) == urdu


def test_a_countdown_reads_minutes_and_seconds_and_stops_at_zero():
    assert formats.countdown(599.7) == "9:59"
    assert formats.countdown(65) == "1:05"
    assert formats.countdown(-3) == "0:00"
    assert formats.countdown(2 * 3600 + 9 * 60 + 5) == "2 hr 9 min", "a court held for hours"
    assert formats.countdown(38 * 3600 + 50 * 60) == "38 hr 50 min"
