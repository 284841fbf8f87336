"""Signing in and joining, first step, as plain HTML: the mobile number (and the invite code to join)
in a form that POSTs and asks the auth service to send a code. The code itself is entered on the
app's page (`scene_ui.pages.signin`, `/signin/code`).

A code asked for stays enterable while it lives: the form then links to the code step, and asking again
for the same number before "Resend" is allowed goes straight there instead of being refused (a reload,
or a trip to WhatsApp to read the code, must not strand the visitor).

The two steps share the browser's server-side storage (`app.storage.user`, keyed by NiceGUI's signed
session cookie), as tokens do: this step leaves the challenge there with the number and the invite
(for "Resend", "Change number" and the development hint), the code step takes it and forgets it once
signed in. `next` travels in the address of both steps.

Forms are protected like the app's socket: the Origin must be this site, and the form carries a token
bound to the session cookie (SameSite=Lax, so a POST from another site arrives without it)."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote
from uuid import UUID

from fastapi import Request, Response
from fastapi.responses import RedirectResponse
from nicegui import app

from scene_api.domain.auth import schemas as auth_s
from scene_api.lib.crypto import blind_index
from scene_api.lib.errors import DomainError, InvalidInput, RateLimited
from scene_api.lib.phones import parse_phone
from scene_api.lib.timezone import utcnow
from scene_ui import feedback, session, state
from scene_ui.i18n import texts
from scene_ui.public import layout
from scene_ui.public.icons import icon
from scene_ui.public.layout import esc
from scene_ui.security import same_origin
from scene_ui.session import safe_next

SIGN_IN_PATH = "/signin"
JOIN_PATH = "/join"
CODE_PATH = "/signin/code"
HANDOFF_KEY = "signin_handoff"
"""In `app.storage.user`: the challenge waiting for its code."""
INVITE_INPUT = 'autocapitalize="characters" autocomplete="off" spellcheck="false" maxlength="16"'
PHONE_INPUT = 'type="tel" inputmode="tel" autocomplete="tel" maxlength="32"'

tx = texts("signin")


def with_next(path: str, next_path: str) -> str:
    """`path` carrying where to go after signing in (nothing when that is the home page)."""
    if next_path == "/":
        return path
    return f"{path}{'&' if '?' in path else '?'}next={quote(next_path, safe='/')}"


def first_step(invite_code: str) -> str:
    """Where the number (and invite) is asked: joining keeps the invite in the address."""
    return f"{JOIN_PATH}/{quote(invite_code, safe='')}" if invite_code else SIGN_IN_PATH


@dataclass(frozen=True)
class Handoff:
    """A code asked for on this browser, waiting to be entered."""

    challenge_id: UUID
    phone_masked: str
    phone: str
    """As typed; for "Resend" and the development hint."""
    invite_code: str
    """Empty when signing in."""
    requested_at: datetime
    resend_at: datetime
    expires_at: datetime

    @property
    def joining(self) -> bool:
        return bool(self.invite_code)

    def covers(self, phone: str, invite_code: str) -> bool:
        """Asking for this number (however it is written) and invite again is asking for this code: it is
        on its way and "Resend" is not allowed yet."""
        try:
            same = parse_phone(phone) == parse_phone(self.phone) and invite_code == self.invite_code
        except InvalidInput:
            return False
        return same and utcnow() < self.resend_at

    @property
    def first_step(self) -> str:
        return first_step(self.invite_code)

    def keep(self) -> None:
        app.storage.user[HANDOFF_KEY] = {
            "challenge_id": str(self.challenge_id),
            "phone_masked": self.phone_masked,
            "phone": self.phone,
            "invite_code": self.invite_code,
            "requested_at": self.requested_at.isoformat(),
            "resend_at": self.resend_at.isoformat(),
            "expires_at": self.expires_at.isoformat(),
        }

    @staticmethod
    def pending() -> Handoff | None:
        """The challenge this browser asked for last while its code lives (a stored value it cannot read,
        or a code that has expired, is none)."""
        stored: Any = app.storage.user.get(HANDOFF_KEY)
        try:
            handoff = Handoff(
                challenge_id=UUID(stored["challenge_id"]),
                phone_masked=str(stored["phone_masked"]),
                phone=str(stored["phone"]),
                invite_code=str(stored["invite_code"]),
                requested_at=datetime.fromisoformat(stored["requested_at"]),
                resend_at=datetime.fromisoformat(stored["resend_at"]),
                expires_at=datetime.fromisoformat(stored["expires_at"]),
            )
        except (TypeError, KeyError, ValueError, AttributeError):
            return None
        return handoff if utcnow() < handoff.expires_at else None

    @staticmethod
    def forget() -> None:
        app.storage.user.pop(HANDOFF_KEY, None)


async def send_code(phone: str, invite_code: str, *, ip: str) -> Handoff:
    """Ask the auth service for a code (its rate limits and answers as they are) and keep the challenge
    for the code step. The device is this browser's session id, as in the app."""
    request = feedback.checked(
        {"phone": phone.strip(), "invite_code": invite_code.strip().upper() or None}, auth_s.OtpRequest
    )
    requested_at = utcnow()
    async with state.page_services() as services:
        challenge = await services.auth.request_otp(
            request, ip=ip, device=f"browser:{app.storage.browser['id']}"
        )
    handoff = Handoff(
        challenge_id=challenge.challenge_id,
        phone_masked=challenge.phone_masked,
        phone=request.phone,
        invite_code=request.invite_code or "",
        requested_at=requested_at,
        resend_at=requested_at + timedelta(seconds=challenge.resend_in),
        expires_at=requested_at + timedelta(seconds=challenge.expires_in),
    )
    handoff.keep()
    return handoff


async def form_token() -> str:
    """The token this browser's forms carry: an HMAC of its session id."""
    secret = (await state.runtime()).settings.storage_secret
    return blind_index(secret, f"signin-form:{app.storage.browser['id']}")


async def form_token_matches(sent: str) -> bool:
    return hmac.compare_digest(sent, await form_token())


# The form ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Refusal:
    """Why the form comes back: a message, on the field it is about (`phone`, `invite_code`) or above."""

    message: str
    status: int
    field: str | None = None
    retry_after: int | None = None


def create() -> None:
    app.add_api_route(SIGN_IN_PATH, sign_in_form, methods=["GET"], include_in_schema=False)
    app.add_api_route(SIGN_IN_PATH, sign_in_submit, methods=["POST"], include_in_schema=False)
    app.add_api_route(JOIN_PATH, join_form, methods=["GET"], include_in_schema=False)
    app.add_api_route(f"{JOIN_PATH}/{{code}}", join_form, methods=["GET"], include_in_schema=False)
    app.add_api_route(JOIN_PATH, join_submit, methods=["POST"], include_in_schema=False)


async def sign_in_form(request: Request, next: str | None = None) -> Response:
    return await _form(request, joining=False, invite_code="", next_path=safe_next(next))


async def join_form(request: Request, code: str = "", next: str | None = None) -> Response:
    return await _form(request, joining=True, invite_code=code.strip().upper(), next_path=safe_next(next))


async def sign_in_submit(request: Request, next: str | None = None) -> Response:
    return await _submit(request, joining=False, next_path=safe_next(next))


async def join_submit(request: Request, next: str | None = None) -> Response:
    return await _submit(request, joining=True, next_path=safe_next(next))


async def _form(request: Request, *, joining: bool, invite_code: str, next_path: str) -> Response:
    if session.has_tokens():
        return RedirectResponse(next_path, status_code=303)
    return await _render(request, joining=joining, invite_code=invite_code, phone="", next_path=next_path)


async def _submit(request: Request, *, joining: bool, next_path: str) -> Response:
    form = await request.form()
    phone = _text(form.get("phone"))
    invite_code = _text(form.get("invite_code")).upper() if joining else ""
    language = layout.choose_language(request)
    with layout.speaking(language):
        refusal = await _refusal(request, _text(form.get("token")), joining, invite_code, phone)
        waiting = Handoff.pending()
        if refusal is None and waiting is not None and waiting.covers(phone, invite_code):
            return RedirectResponse(with_next(CODE_PATH, next_path), status_code=303)
        if refusal is None:
            try:
                await send_code(phone, invite_code, ip=request.client.host if request.client else "unknown")
            except DomainError as error:
                refusal = _refusal_of(error)
    if refusal is None:
        return RedirectResponse(with_next(CODE_PATH, next_path), status_code=303)
    return await _render(
        request, joining=joining, invite_code=invite_code, phone=phone, next_path=next_path, refusal=refusal
    )


async def _refusal(
    request: Request, token: str, joining: bool, invite_code: str, phone: str
) -> Refusal | None:
    """What is wrong before asking the service: a form from elsewhere (or too old), or an empty field."""
    if not same_origin(request.scope) or not await form_token_matches(token):
        return Refusal(tx.form_expired, 403)
    if joining and not invite_code:
        return Refusal(tx.invite_missing, 422, "invite_code")
    if not phone:
        return Refusal(tx.phone_missing, 422, "phone")
    return None


def _refusal_of(error: DomainError) -> Refusal:
    """The service's refusal in the reader's language: a bad number or invite on its field, a rate limit
    with how long to wait."""
    field = error.field if isinstance(error, InvalidInput) else None
    retry_after = error.retry_after if isinstance(error, RateLimited) else None
    return Refusal(feedback.said(error), error.status_code, field, retry_after)


def _text(value: object) -> str:
    """A form field as text (an uploaded file where text belongs counts as nothing)."""
    return value.strip() if isinstance(value, str) else ""


async def _render(
    request: Request,
    *,
    joining: bool,
    invite_code: str,
    phone: str,
    next_path: str,
    refusal: Refusal | None = None,
) -> Response:
    language = layout.choose_language(request)
    token = await form_token()
    with layout.speaking(language):
        heading, line = (
            (tx.heading_join, tx.subheading_join) if joining else (tx.heading_sign_in, tx.subheading_sign_in)
        )
        on_field = {refusal.field: refusal.message} if refusal is not None and refusal.field else {}
        above = refusal.message if refusal is not None and refusal.field is None else None
        waiting = Handoff.pending()
        resume = (
            f'<p class="notice">{esc(tx.code_waiting.format(phone=waiting.phone_masked))} '
            f'<a href="{esc(with_next(CODE_PATH, next_path))}">{esc(tx.enter_code)}</a></p>'
            if waiting is not None and waiting.joining == joining
            else ""
        )
        fields = _field("phone", "phone", phone, PHONE_INPUT, on_field.get("phone"))
        if joining:
            invite = _field("invite_code", "invite", invite_code, INVITE_INPUT, on_field.get("invite_code"))
            fields = invite + fields
        target, switch_to, switch_label = (
            (JOIN_PATH, SIGN_IN_PATH, tx.switch_to_sign_in)
            if joining
            else (SIGN_IN_PATH, JOIN_PATH, tx.switch_to_join)
        )
        send = (
            f'<button class="button primary" type="submit">{icon("sms")}'
            f"<span>{esc(tx.send_code)}</span></button>"
        )
        body = (
            f'<section class="stack"><h1>{esc(heading)}</h1><p class="muted">{esc(line)}</p></section>'
            f'<form class="stack" method="post" action="{esc(with_next(target, next_path))}">'
            + (f'<p class="alert" role="alert">{esc(above)}</p>' if above else resume)
            + f'<input type="hidden" name="token" value="{esc(token)}">{fields}{send}</form>'
            + f'<a class="switch" href="{esc(with_next(switch_to, next_path))}">{esc(switch_label)}</a>'
        )
        response = layout.page(
            language,
            title=tx.title_join if joining else tx.title_sign_in,
            description=line,
            body=body,
            status=refusal.status if refusal is not None else 200,
            sign_in_link=False,
        )
    if refusal is not None and refusal.retry_after is not None:
        response.headers["Retry-After"] = str(refusal.retry_after)
    return response


def _field(name: str, words: str, value: str, attributes: str, error: str | None) -> str:
    """A labelled input (label and placeholder: the catalogue's `<words>_label`, `<words>_placeholder`);
    its error under it, tied to it for screen readers. Numbers and codes read left to right in a Latin
    font on Urdu pages too."""
    invalid = f' aria-invalid="true" aria-describedby="{name}-error"' if error else ""
    message = f'<p class="field-error" id="{name}-error">{esc(error)}</p>' if error else ""
    label, placeholder = tx(f"{words}_label"), tx(f"{words}_placeholder")
    return (
        f'<div class="field"><label for="{name}">{esc(label)}</label>'
        f'<input id="{name}" name="{name}" value="{esc(value)}" placeholder="{esc(placeholder)}" required '
        f'dir="ltr" class="latin" {attributes}{invalid}>{message}</div>'
    )
