"""Words a refusal names, read in its reader's language: a status, a clock time.

`status(m.ActivityStatus.CANCELLED)` is `Message("errors_lib.status_cancelled")`, English `cancelled`
as the value always read; `clock(moment)` is `8:00 pm` (Pakistan time) in the reader's language,
for the few sentences that name the time without its day (a datetime value names both)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from scene_api.i18n import Message, clock_message


def status(value: StrEnum) -> Message:
    """An enum value (a status, a purpose) as its reader says it: `errors_lib.status_<value>`."""
    return Message(f"errors_lib.status_{value.value}")


def clock(moment: datetime) -> Message:
    """`8:00 pm` in Pakistan time, in its reader's language (`formats.clock`)."""
    return clock_message(moment)


def provider(name: StrEnum) -> Message:
    """A payment provider's name (`payfast`) as its reader spells it (`PayFast` in Urdu)."""
    return Message(f"errors_payments.provider_{name.value}")
