"""Pakistan time: store UTC, show Asia/Karachi."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

KARACHI = ZoneInfo("Asia/Karachi")


def utcnow() -> datetime:
    return datetime.now(UTC)


def to_local(moment: datetime) -> datetime:
    return moment.astimezone(KARACHI)
