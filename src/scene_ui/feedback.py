"""Toasts: what a page says after an action, and how a refusal from a service reaches the person."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Mapping
from enum import Enum
from typing import Any, Final, TypeVar

import msgspec
from nicegui import ui

from scene_api.domain.auth.services import Principal
from scene_api.lib.errors import DomainError, InvalidInput, NotAuthenticated
from scene_api.lib.validation import refused_value
from scene_api.services import Services
from scene_ui import theme
from scene_ui.i18n import URDU_FONTS, locale
from scene_ui.session import WELCOME, current_path, member_services

T = TypeVar("T")
Request = TypeVar("Request")

TOAST_CLASS = "scene-toast"
DONE_SECONDS = 3.5
FAILED_SECONDS = 6.0
"""A refusal stays longer: it says what to do next, and Urdu reads slower on a small screen."""

STYLE = f"""
.q-notifications .q-notifications__list--top {{ top: calc(env(safe-area-inset-top) + 3.5rem); }}
.q-notification.{TOAST_CLASS} {{ width: min(456px, calc(100vw - 1.5rem)); max-width: none;
margin: 0.5rem auto 0; padding: 0.375rem 0.875rem; border-radius: 14px; background: {theme.RAISED};
border: 1px solid {theme.LINE}; border-inline-start: 4px solid var(--scene-toast-tone);
font-size: 0.9375rem; line-height: 1.375rem; font-weight: 500; box-shadow: 0 8px 24px rgba(0, 0, 0, 0.55);
transition: transform 0.3s, opacity 0.3s; }}
.{TOAST_CLASS}--done {{ --scene-toast-tone: {theme.ACCENT}; }}
.{TOAST_CLASS}--failed {{ --scene-toast-tone: {theme.DANGER}; }}
.q-notification.{TOAST_CLASS} .q-notification__icon {{ color: var(--scene-toast-tone); font-size: 1.375rem;
margin-inline: 0 0.75rem; }}
.{TOAST_CLASS} .q-notification__badge {{ display: none; }}
html[lang="ur"] .{TOAST_CLASS} {{ font-family: {URDU_FONTS}; line-height: 2; }}
"""
"""Toasts sit just under the 56px header (clear of it and of the bottom navigation), opaque on the raised
dark surface, with a stripe and icon in the tone of what happened, on the reading side in Urdu
(`border-inline-start`, `margin-inline`). They slide in in 0.3 s (Quasar's 1 s feels slow). A toast said
again replaces the one shown, so Quasar's count badge goes. Not in a cascade layer: Quasar's
`.q-notification` is not in one either."""


def create() -> None:
    """The toasts' style in every page's head."""
    ui.add_head_html(f"<style>{STYLE}</style>", shared=True)


def _toast(message: str, kind: str, icon: str, seconds: float) -> None:
    """The one way a page says something: at the top, in the page's language, one toast per `kind`
    at a time (Quasar's `group` replaces the shown toast of the same group instead of stacking)."""
    ui.notify(
        message,
        position="top",
        timeout=int(seconds * 1000),
        progress=False,
        group=kind,
        icon=icon,
        classes=f"{TOAST_CLASS} {TOAST_CLASS}--{kind}",
    )


def done(message: str) -> None:
    """A quiet success: dark toast, accent tick."""
    _toast(message, "done", "check_circle", DONE_SECONDS)


def said(error: DomainError) -> str:
    """A service's refusal in the reader's language."""
    return error.message_in(locale())


def failed(error: DomainError | str) -> None:
    """A refusal, in the service's own words. A sign-in that ended sends the person to /welcome."""
    message = error if isinstance(error, str) else said(error)
    _toast(message, "failed", "error_outline", FAILED_SECONDS)
    if isinstance(error, NotAuthenticated):
        ui.navigate.to(f"{WELCOME}?next={current_path()}")


class Refused(Enum):
    """What `attempt` answers when the service said no (a one-member enum, so `is REFUSED` narrows the
    type, and a call whose own answer is None still reads as having gone through)."""

    REFUSED = "refused"


REFUSED: Final = Refused.REFUSED


async def attempt(
    call: Callable[[Services, Principal], Awaitable[T]], *, success: str | None = None
) -> T | Refused:
    """`await attempt(lambda services, me: services.joins.withdraw(me.user, ask), success=tx.withdrawn)`:
    one service call in a unit of work as the signed-in member. A refusal is said in a toast (a sign-in
    that ended goes to /welcome) and answered as `REFUSED`; otherwise the `success` toast, if any, and
    the call's own answer. What the page does next (a spinner off, a reload, a dialog closed) stays
    with the page."""
    try:
        async with member_services() as (services, me):
            answer = await call(services, me)
    except DomainError as error:
        failed(error)
        return REFUSED
    if success is not None:
        done(success)
    return answer


async def attempt_checked(
    payload: dict[str, Any],
    schema: type[Request],
    call: Callable[[Services, Principal, Request], Awaitable[T]],
    *,
    success: str | None = None,
) -> T | Refused:
    """`attempt` for a call that takes what the member typed: `payload` is first built into `schema`
    (`checked`; a value outside its limits is refused in a toast before anything else, as before the
    sign-in is looked at), then handed to `call(services, me, request)`."""
    try:
        request = checked(payload, schema)
    except DomainError as error:
        failed(error)
        return REFUSED
    return await attempt(lambda services, me: call(services, me, request), success=success)


async def reread(load: Callable[[], Awaitable[object]]) -> bool:
    """`if await reread(self.load): self.body.refresh()`: a page reads its data again (after a change, a
    tap, live news). A refusal is said in a toast and answered False, so the page can keep what it
    shows; True once read. Whether to redraw after a refusal stays with the page."""
    try:
        await load()
    except DomainError as error:
        failed(error)
        return False
    return True


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
