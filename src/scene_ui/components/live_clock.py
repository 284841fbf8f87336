"""The time left on a hold, counted down by the browser itself against the hold's deadline.

The server draws the clock once with the deadline and its own time; the phone ticks it every second
from then on (no message per second, and it keeps running while the connection is away). The
phone's clock may be wrong: the difference to the server's, taken when the page was drawn, is
allowed for. The service still decides whether a hold stands; `on_end` lets the page ask it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path

from nicegui.elements.mixins.text_element import TextElement

from scene_api.lib.timezone import utcnow
from scene_ui import formats


class LiveClock(TextElement, component=Path(__file__).with_name("live_clock.js")):
    """`7:52`, then `7:51`... in the browser; its text is what the server saw when drawing it."""

    def __init__(self, deadline: datetime, on_end: Callable[[], Awaitable[None]] | None = None) -> None:
        now = utcnow()
        left = (deadline - now).total_seconds()
        super().__init__(text=formats.countdown(left))
        self._props["initial"] = self.text
        self._props["deadline"] = int(deadline.timestamp() * 1000)
        self._props["server_now"] = int(now.timestamp() * 1000)
        self._props["long_text"] = self.text
        if on_end is not None:
            self.on("end", on_end)
