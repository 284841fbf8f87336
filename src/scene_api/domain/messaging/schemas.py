"""What goes in and out of the messaging API: channel choices per category, quiet hours, time zone."""

from __future__ import annotations

from datetime import time
from typing import Annotated

import msgspec

from scene_api.db import models as m
from scene_api.domain.messaging.routing import Category

TimeZoneName = Annotated[str, msgspec.Meta(min_length=1, max_length=40, description="e.g. Asia/Karachi")]


class CategoryChannels(msgspec.Struct):
    category: Category
    channels: list[m.Channel]
    """What the member chose (or the default), in sending order."""
    allowed: list[m.Channel]
    essential: bool
    """Codes and lapsing holds: they ignore quiet hours and the daily cap."""


class QuietHours(msgspec.Struct, forbid_unknown_fields=True):
    start: time
    end: time
    """May be earlier than `start`: the window then runs past midnight."""


class MessagePreferences(msgspec.Struct):
    categories: list[CategoryChannels]
    quiet_hours: QuietHours | None
    """None: quiet hours are off."""
    quiet_window: QuietHours
    """The window kept while quiet hours are off, so turning them on again brings it back."""
    time_zone: str


class CategoryChoice(msgspec.Struct, forbid_unknown_fields=True):
    category: Category
    channels: Annotated[list[m.Channel], msgspec.Meta(max_length=3)]


class MessagePreferencesUpdate(msgspec.Struct, forbid_unknown_fields=True):
    """Only what is given changes. `quiet_hours: null` turns quiet hours off."""

    categories: (
        Annotated[list[CategoryChoice], msgspec.Meta(max_length=len(Category))] | msgspec.UnsetType
    ) = msgspec.UNSET
    quiet_hours: QuietHours | msgspec.UnsetType | None = msgspec.UNSET
    time_zone: TimeZoneName | msgspec.UnsetType = msgspec.UNSET
