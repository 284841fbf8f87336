"""Signing in and joining: invite code (typed, or from a `/join/CODE` link), phone number, the SMS code."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from urllib.parse import quote

from fastapi.responses import RedirectResponse
from nicegui import app, ui

from scene_api.domain.auth import schemas as auth_s
from scene_api.lib.errors import DomainError, InvalidInput
from scene_api.lib.timezone import utcnow
from scene_ui import feedback, session, state
from scene_ui.components.buttons import ghost_button, primary_button
from scene_ui.components.frame import frame
from scene_ui.components.section import page_heading
from scene_ui.i18n import english, texts

tx = texts("signin")


CODE_LENGTH = 6
OUTBOX_POLL_SECONDS = 1.0
OUTBOX_SLACK = timedelta(seconds=5)
"""Outbox messages a little older than our request still count: the worker's clock may differ from ours."""


def create() -> None:
    ui.page("/signin")(sign_in)
    ui.page("/join")(join)
    ui.page("/join/{code}")(join)


async def sign_in(next: str | None = None) -> RedirectResponse | None:
    return await _flow(joining=False, invite_code="", next_path=safe(next))


async def join(code: str = "", next: str | None = None) -> RedirectResponse | None:
    return await _flow(joining=True, invite_code=code.strip().upper(), next_path=safe(next))


def safe(next_path: str | None) -> str:
    return session.safe_next(next_path)


async def _flow(*, joining: bool, invite_code: str, next_path: str) -> RedirectResponse | None:
    if await session.current_member() is not None:
        return RedirectResponse(next_path, status_code=303)
    production = (await state.runtime()).settings.is_production
    flow = _SignIn(joining=joining, invite_code=invite_code, next_path=next_path, dev_hint=not production)
    with frame(tx.title_join if joining else tx.title_sign_in, back="/welcome", sign_in_link=False):
        flow.step()
    return None


class _SignIn:
    """The two steps on one page: where the code goes (phone, invite), then the code itself."""

    def __init__(self, *, joining: bool, invite_code: str, next_path: str, dev_hint: bool) -> None:
        self.joining = joining
        self.invite_code = invite_code
        self.next_path = next_path
        self.dev_hint = dev_hint
        self.phone = ""
        self.challenge: auth_s.OtpChallenge | None = None
        self.requested_at: datetime | None = None
        self.resend_at: datetime | None = None
        self.busy = False

    @ui.refreshable_method
    def step(self) -> None:
        if self.challenge is None:
            self._phone_step()
        else:
            self._code_step(self.challenge)

    # Step 1: where to send the code -----------------------------------------------------------

    def _phone_step(self) -> None:
        if self.joining:
            page_heading(tx.heading_join, tx.subheading_join)
        else:
            page_heading(tx.heading_sign_in, tx.subheading_sign_in)
        with ui.column().classes("w-full gap-4"):
            invite = None
            if self.joining:
                invite = ui.input(tx.invite_label, value=self.invite_code, placeholder=tx.invite_placeholder)
                invite.props('outlined autocapitalize="characters" autocomplete="off" spellcheck="false"')
                invite.classes("w-full").mark("invite")
            phone = ui.input(tx.phone_label, value=self.phone, placeholder=tx.phone_placeholder)
            phone.props('outlined type="tel" inputmode="tel" autocomplete="tel"').classes("w-full").mark(
                "phone"
            )
            send = primary_button(tx.send_code, icon="sms").classes("w-full").mark("send-code")

            async def submit() -> None:
                await self.request_code(phone, invite, send)

            send.on_click(submit)
            phone.on("keydown.enter", submit)
        switch = ("/signin", tx.switch_to_sign_in) if self.joining else ("/join", tx.switch_to_join)
        carry = "" if self.next_path == "/" else f"?next={quote(self.next_path, safe='/')}"
        ui.link(switch[1], switch[0] + carry).classes(
            "w-full text-center text-body font-semibold text-accent no-underline"
        )

    async def request_code(self, phone: ui.input, invite: ui.input | None, button: ui.button) -> None:
        phone.error = None
        if invite is not None:
            invite.error = None
        self.phone = (phone.value or "").strip()
        self.invite_code = (invite.value or "").strip().upper() if invite is not None else ""
        if invite is not None and not self.invite_code:
            invite.error = tx.invite_missing
            return
        if not self.phone:
            phone.error = tx.phone_missing
            return
        if self.busy:
            return
        self.busy = True
        button.props("loading")
        try:
            await self._send()
        except InvalidInput as error:
            fields = feedback.field_errors(error)
            if invite is not None and "invite_code" in fields:
                invite.error = fields["invite_code"]
            elif "phone" in fields:
                phone.error = fields["phone"]
            else:
                feedback.failed(error)
            return
        except DomainError as error:
            feedback.failed(error)
            return
        finally:
            self.busy = False
            button.props(remove="loading")
        self.step.refresh()

    async def _send(self) -> None:
        request = auth_s.OtpRequest(phone=self.phone, invite_code=self.invite_code or None)
        requested_at = utcnow()
        async with state.page_services() as services:
            challenge = await services.auth.request_otp(
                request, ip=session.client_ip(), device=f"browser:{app.storage.browser['id']}"
            )
        self.challenge, self.requested_at = challenge, requested_at
        self.resend_at = requested_at + timedelta(seconds=challenge.resend_in)

    # Step 2: the code -------------------------------------------------------------------------

    def _code_step(self, challenge: auth_s.OtpChallenge) -> None:
        page_heading(tx.heading_code, tx.subheading_code.format(phone=challenge.phone_masked))
        with ui.column().classes("w-full gap-4"):
            code = ui.input(tx.code_label).mark("code").classes("w-full scene-code")
            code.props(
                'outlined type="text" inputmode="numeric" autocomplete="one-time-code" '
                f'maxlength="{CODE_LENGTH}" autofocus'
            )
            verify = primary_button(tx.verify, icon="lock_open").classes("w-full").mark("verify")

            async def submit() -> None:
                await self.verify(code, verify)

            async def typed() -> None:
                if len(digits(code.value)) == CODE_LENGTH:
                    await submit()

            verify.on_click(submit)
            code.on("keydown.enter", submit)
            code.on_value_change(typed)
            with ui.row().classes("w-full items-center justify-between flex-nowrap"):
                ghost_button(tx.change_number, self.change_number, icon="edit").classes("-ml-3")
                self._resend()
            if self.dev_hint:
                self._dev_hint(code)

    @ui.refreshable_method
    def _resend(self) -> None:
        left = self._seconds_to_resend()
        if left > 0:
            ui.label(tx.resend_in.format(seconds=left)).classes("text-meta text-muted").mark("resend-wait")
            ui.timer(1.0, self._resend.refresh, once=True)
        else:
            ghost_button(tx.resend, self.resend, icon="refresh").classes("-mr-3 text-accent").mark("resend")

    def _seconds_to_resend(self) -> int:
        if self.resend_at is None:
            return 0
        return max(int((self.resend_at - utcnow()).total_seconds() + 0.999), 0)

    async def resend(self) -> None:
        try:
            await self._send()
        except DomainError as error:
            feedback.failed(error)
            return
        feedback.done(tx.code_sent)
        self.step.refresh()

    def change_number(self) -> None:
        self.challenge = None
        self.step.refresh()

    async def verify(self, code: ui.input, button: ui.button) -> None:
        assert self.challenge is not None
        entered = digits(code.value)
        code.error = None
        if len(entered) != CODE_LENGTH or self.busy:
            if not self.busy:
                code.error = tx("digits_missing", length=CODE_LENGTH)
            return
        self.busy = True
        button.props("loading")
        try:
            async with state.page_services() as services:
                signed_in = await services.auth.verify_otp(
                    auth_s.OtpVerify(challenge_id=self.challenge.challenge_id, code=entered),
                    user_agent=session.user_agent(),
                )
        except InvalidInput as error:
            left = error.details.get("attempts_left")
            message = feedback.said(error)
            code.error = tx.attempts_left.format(message=message, left=left) if left else message
            return
        except DomainError as error:
            feedback.failed(error)
            return
        finally:
            self.busy = False
            button.props(remove="loading")
        session.remember(signed_in)
        if signed_in.new_member or not signed_in.account.profile_complete:
            feedback.done(tx.welcome_new)
            carry = "" if self.next_path == "/" else f"?next={quote(self.next_path, safe='/')}"
            ui.navigate.to(f"{session.SETUP}{carry}")
        else:
            feedback.done(tx.welcome_back)
            ui.navigate.to(self.next_path)

    # Development: the code that reached the phone (sandbox handset or SMS outbox) -----------------

    def _dev_hint(self, code: ui.input) -> None:
        with (
            ui.column()
            .classes("w-full gap-2 p-4 rounded-card bg-accent-soft border border-dashed border-accent")
            .mark("dev-hint")
        ):
            with ui.row().classes("items-center gap-2"):
                ui.icon("construction").classes("text-accent text-lg")
                ui.label(tx.dev_hint_title).classes(
                    "text-label font-bold uppercase tracking-wider text-accent"
                )
            hint = _DevHint(self.phone, self.requested_at or utcnow(), code)
            hint.show()
            ui.timer(OUTBOX_POLL_SECONDS, hint.poll, immediate=True)


class _DevHint:
    def __init__(self, phone: str, since: datetime, code: ui.input) -> None:
        self.phone = phone
        self.since = since
        self.code_input = code
        self.body: str | None = None

    async def poll(self) -> None:
        if self.body is not None:
            return
        async with state.page_services() as services:
            messages = await services.auth.dev_outbox(self.phone)
        fresh = [message for message in messages if message.created_at >= self.since - OUTBOX_SLACK]
        if fresh:
            self.body = fresh[0].body
            self.show.refresh()

    @ui.refreshable_method
    def show(self) -> None:
        if self.body is None:
            with ui.row().classes("items-center gap-2"):
                ui.spinner(size="1rem", color="primary")
                ui.label(tx.dev_hint_waiting).classes("text-meta text-muted")
            return
        ui.label(tx.dev_hint_body).classes("text-meta text-muted")
        ui.label(self.body).classes("text-body text-ink").mark("dev-sms")
        code = sms_code(self.body)
        if code:
            ghost_button(f"{tx.dev_hint_use}: {code}", lambda: self.code_input.set_value(code)).classes(
                "-ml-3 text-accent"
            ).mark("dev-use-code")


def digits(value: str | None) -> str:
    return re.sub(r"\D", "", value or "")


def sms_code(body: str) -> str | None:
    found = re.search(r"\b(\d{6})\b", body)
    return found.group(1) if found else None


def __getattr__(name: str) -> str:
    """The strings that used to be constants here (`signin.TITLE`), in English."""
    return english("signin", name)
