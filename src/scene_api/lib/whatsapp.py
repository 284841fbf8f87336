"""One-tap WhatsApp shares of confirmations: `https://wa.me/?text=<message>`.

Every confirmation the API returns (a booking confirmed, tickets issued, a join approved) carries a
`whatsapp_url` built here, and only here, so that every message reads the same way: what it is,
when in Pakistan time, where, and the link that opens it (the share page or the QR code).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from urllib.parse import quote

from scene_api.lib.timezone import clock, short_date, to_local

WHATSAPP_SHARE = "https://wa.me/?text="


def when(starts_at: datetime, ends_at: datetime | None = None) -> str:
    """`Fri 27 Nov, 8:00 pm - 9:30 pm` in Asia/Karachi time."""
    day = f"{short_date(to_local(starts_at).date())}, {clock(starts_at)}"
    return f"{day} - {clock(ends_at)}" if ends_at is not None else day


def whatsapp_url(
    headline: str,
    *,
    starts_at: datetime,
    ends_at: datetime | None = None,
    place: str = "",
    link: str,
    details: Sequence[str] = (),
) -> str:
    """The share link for one confirmation: headline, local time, place, details, then the link."""
    lines = [headline, when(starts_at, ends_at), place, *details, link]
    return WHATSAPP_SHARE + quote("\n".join(line for line in lines if line), safe="")
