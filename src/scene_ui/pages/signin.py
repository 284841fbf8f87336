"""Signing in and joining, second step: the code sent to the phone.

The first step (invite code, phone number) is plain HTML (`scene_ui.public.signin`): it asks for the
code and hands the challenge over in this browser's storage, then sends the visitor here."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from fastapi.responses import RedirectResponse
from nicegui import ui

from scene_api.domain.auth import schemas as auth_s
from scene_api.lib.errors import DomainError, InvalidInput
from scene_api.lib.timezone import utcnow
from scene_ui import feedback, session, state
from scene_ui.components.buttons import ghost_button, primary_button, spinning_while
from scene_ui.components.frame import frame
from scene_ui.components.section import page_heading
from scene_ui.i18n import texts
from scene_ui.public.signin import CODE_PATH, SIGN_IN_PATH, Handoff, send_code, with_next

tx = texts("signin")


CODE_LENGTH = 6
OUTBOX_POLL_SECONDS = 1.0
OUTBOX_SLACK = timedelta(seconds=5)
"""Outbox messages a little older than our request still count: the worker's clock may differ from ours."""


def create() -> None:
    ui.page(CODE_PATH)(enter_code)


async def enter_code(next: str | None = None) -> RedirectResponse | None:
    next_path = session.safe_next(next)
    if await session.current_member() is not None:
        return RedirectResponse(next_path, status_code=303)
    handoff = Handoff.pending()
    if handoff is None:
        return RedirectResponse(with_next(SIGN_IN_PATH, next_path), status_code=303)
    production = (await state.runtime()).settings.is_production
    flow = _SignIn(handoff, next_path=next_path, dev_hint=not production)
    back = with_next(handoff.first_step, next_path)
    with frame(tx.title_join if handoff.joining else tx.title_sign_in, back=back, sign_in_link=False):
        flow.step()
    return None


class _SignIn:
    """The code step: the code, resending it, or going back to change the number."""

    def __init__(self, handoff: Handoff, *, next_path: str, dev_hint: bool) -> None:
        self.handoff = handoff
        self.next_path = next_path
        self.dev_hint = dev_hint
        self.busy = False

    @ui.refreshable_method
    def step(self) -> None:
        self._code_step(self.handoff)

    # Step 2: the code -------------------------------------------------------------------------

    def _code_step(self, handoff: Handoff) -> None:
        page_heading(tx.heading_code, tx.subheading_code.format(phone=handoff.phone_masked))
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
                ghost_button(tx.change_number, self.change_number, icon="edit").classes("-ml-3").mark(
                    "change-number"
                )
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
        return max(int((self.handoff.resend_at - utcnow()).total_seconds() + 0.999), 0)

    async def resend(self) -> None:
        try:
            self.handoff = await send_code(
                self.handoff.phone, self.handoff.invite_code, ip=session.client_ip()
            )
        except DomainError as error:
            feedback.failed(error)
            return
        feedback.done(tx.code_sent)
        self.step.refresh()

    def change_number(self) -> None:
        ui.navigate.to(with_next(self.handoff.first_step, self.next_path))

    async def verify(self, code: ui.input, button: ui.button) -> None:
        entered = digits(code.value)
        code.error = None
        if len(entered) != CODE_LENGTH or self.busy:
            if not self.busy:
                code.error = tx("digits_missing", length=CODE_LENGTH)
            return
        async with spinning_while(self, button):
            try:
                async with state.page_services() as services:
                    signed_in = await services.auth.verify_otp(
                        auth_s.OtpVerify(challenge_id=self.handoff.challenge_id, code=entered),
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
        session.remember(signed_in)
        Handoff.forget()
        if signed_in.new_member or not signed_in.account.profile_complete:
            feedback.done(tx.welcome_new)
            ui.navigate.to(with_next(session.SETUP, self.next_path))
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
            hint = _DevHint(self.handoff.phone, self.handoff.requested_at, code)
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
