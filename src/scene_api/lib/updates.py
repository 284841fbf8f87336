"""Partial updates (PATCH): an update schema lists what may change, and a field left out keeps its value."""

from __future__ import annotations

from typing import Any

import msgspec


def fields_set(update: msgspec.Struct) -> dict[str, Any]:
    """The fields the client sent: those not left `msgspec.UNSET`."""
    return {
        name: value for name, value in msgspec.structs.asdict(update).items() if value is not msgspec.UNSET
    }


def apply_changes(row: object, changes: dict[str, Any]) -> None:
    """Set the sent fields on `row`, text trimmed (a name sent as " Court 1 " is stored "Court 1")."""
    for name, value in changes.items():
        setattr(row, name, value.strip() if isinstance(value, str) else value)
