"""Toasts: what a page says after an action, and how a refusal from a service reaches the person."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, TypeVar

import msgspec
from nicegui import ui

from scene_api.lib.errors import DomainError, InvalidInput, NotAuthenticated
from scene_api.lib.validation import refused_value
from scene_ui.i18n import locale
from scene_ui.session import WELCOME, current_path

T = TypeVar("T")

TOAST_OPTIONS: dict[str, Any] = {"position": "top", "timeout": 3500, "progress": False}


def done(message: str) -> None:
    """A quiet success: dark toast, accent tick."""
    ui.notify(message, color="secondary", icon="check_circle", **TOAST_OPTIONS, iconColor="primary")


def said(error: DomainError) -> str:
    """A service's refusal in the reader's language."""
    return error.message_in(locale())


def failed(error: DomainError | str) -> None:
    """A refusal, in the service's own words. A sign-in that ended sends the person to /welcome."""
    message = error if isinstance(error, str) else said(error)
    ui.notify(message, type="negative", icon="error_outline", **TOAST_OPTIONS)
    if isinstance(error, NotAuthenticated):
        ui.navigate.to(f"{WELCOME}?next={current_path()}")


def field_errors(error: DomainError) -> Mapping[str, str]:
    """`{"phone": "Enter a valid mobile number..."}` from an InvalidInput naming its field."""
    details = error.details_in(locale())
    fields = details.get("fields") if isinstance(details, dict) else None
    return fields if isinstance(fields, dict) else {}


def checked(payload: dict[str, Any], schema: type[T]) -> T:
    """Build a service's input struct with the schema's own limits checked (lengths, ranges, enums);
    a value outside them becomes an `InvalidInput` naming the field, like the service's own refusals."""
    try:
        return msgspec.convert(payload, schema)
    except msgspec.ValidationError as error:
        text = str(error)
        found = re.search(r"at `\$\.(\w+)", text)
        raise InvalidInput(refused_value(text), field=found.group(1) if found else None) from error
