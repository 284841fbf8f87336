"""One-tap WhatsApp shares of confirmations: `https://wa.me/?text=<message>`.

Every confirmation the API returns (a booking confirmed, tickets issued, a join approved) carries a
`whatsapp_url` built here, and only here, so that every message reads the same way: what it is,
when in Pakistan time, where, and the link that opens it (the share page or the QR code). The
message is written in the language of the member it belongs to (catalogue section `whatsapp`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from urllib.parse import quote

from scene_api.i18n import Message, clock, lookup, render, short_date
from scene_api.lib.timezone import to_local

WHATSAPP_SHARE = "https://wa.me/?text="


def when(starts_at: datetime, ends_at: datetime | None = None, language: str = "en") -> str:
    """The day and time (to the end time, if any) in Asia/Karachi time, in `language`."""
    time = clock(starts_at, language)
    if ends_at is not None:
        time = lookup("formats", "time_range", language).format(start=time, end=clock(ends_at, language))
    return lookup("formats", "when", language).format(
        day=short_date(to_local(starts_at).date(), language), time=time
    )


def place(*parts: str | None) -> str:
    """`Alhamra Open Air Theatre, Lahore`: the parts that are known, in order."""
    return ", ".join(part for part in parts if part)


def whatsapp_url(
    headline: Message | str,
    *,
    language: str,
    starts_at: datetime,
    ends_at: datetime | None = None,
    place: str = "",
    link: str,
    details: Sequence[Message | str] = (),
) -> str:
    """The share link for one confirmation: headline, local time, place, details, then the link."""
    lines = [
        render(headline, language),
        when(starts_at, ends_at, language),
        place,
        *(render(detail, language) for detail in details),
        link,
    ]
    return WHATSAPP_SHARE + quote("\n".join(line for line in lines if line), safe="")
