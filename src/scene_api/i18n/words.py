"""Words a refusal names, read in its reader's language: a status, a payment provider.

`status(m.ActivityStatus.CANCELLED)` is `Message("errors_lib.status_cancelled")`, English `cancelled`
as the value always read. (A clock time without its day is `i18n.clock_message`; a datetime value
names both.)"""

from __future__ import annotations

from enum import StrEnum

from scene_api.i18n import Message


def status(value: StrEnum) -> Message:
    """An enum value (a status, a purpose) as its reader says it: `errors_lib.status_<value>`."""
    return Message(f"errors_lib.status_{value.value}")


def provider(name: StrEnum) -> Message:
    """A payment provider's name (`payfast`) as its reader spells it (`PayFast` in Urdu)."""
    return Message(f"errors_payments.provider_{name.value}")
