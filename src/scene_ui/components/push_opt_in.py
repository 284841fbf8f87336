"""\"Tell me on this phone\": web push asked for in context, where a member wants to hear back (after a join
request; on the notification settings), never on page load.

The tap asks the browser for notification permission (in the tap itself, as browsers require), then the
page fetches the server's VAPID key, the browser subscribes (`pushManager.subscribe`) and the
subscription is stored by the push subscription service. Nothing is held open while the browser works:
the key and the subscription are two short units of work."""

from __future__ import annotations

from enum import StrEnum

import msgspec
from nicegui import ui
from nicegui.events import GenericEventArguments

from scene_api.lib.errors import DomainError
from scene_ui import feedback, session
from scene_ui.components.buttons import secondary_button
from scene_ui.i18n import texts

tx = texts("pwa")

ASK_PERMISSION = "() => scene.askNotifications().then((answer) => emit(answer))"
"""Runs in the browser during the tap: "granted", "denied", "default" (closed) or "unsupported"."""
SUBSCRIBE_SECONDS = 30.0
"""The browser registers with its push service (Google's, Mozilla's, Apple's) over the network."""


class PushState(StrEnum):
    ASK = "ask"
    DISMISSED = "dismissed"
    DENIED = "denied"
    UNSUPPORTED = "unsupported"
    ON = "on"
    ALREADY_ON = "already_on"


class BrowserKeys(msgspec.Struct):
    p256dh: str
    auth: str


class BrowserSubscription(msgspec.Struct):
    """`PushSubscription.toJSON()` as the browser gives it (other fields, like expirationTime, ignored)."""

    endpoint: str
    keys: BrowserKeys


class Subscribed(msgspec.Struct):
    """What pwa.js `scene.subscribePush` answers when it worked."""

    subscription: BrowserSubscription
    existing: bool
    userAgent: str = ""


def push_opt_in(hint: str) -> PushOptIn:
    """`push_opt_in(tx.push_host_answers)`: the offer with `hint` saying what the member will hear about."""
    offer = PushOptIn(hint)
    offer.render()
    return offer


class PushOptIn:
    def __init__(self, hint: str) -> None:
        self.hint = hint
        self.state = PushState.ASK

    @ui.refreshable_method
    def render(self) -> None:
        with ui.column().classes("w-full gap-2 p-3 rounded-card bg-raised").mark(f"push-{self.state}"):
            if self.state in (PushState.ON, PushState.ALREADY_ON):
                title = tx.push_on if self.state is PushState.ON else tx.push_already_on
                self._line("notifications_active", title, tx.push_on_hint)
                return
            if self.state is PushState.UNSUPPORTED:
                self._line("notifications_off", tx.push_unsupported_title, tx.push_unsupported)
                return
            if self.state is PushState.DENIED:
                self._line("notifications_off", tx.push_denied_title, tx.push_denied)
            else:
                note = tx.push_dismissed if self.state is PushState.DISMISSED else None
                self._line("notifications", self.hint, note)
            label = tx.push_try_again if self.state is PushState.DENIED else tx.push_ask
            button = secondary_button(label, icon="notifications_active").classes("w-full")
            button.on("click", self.answered, js_handler=ASK_PERMISSION).mark("push-ask")

    @staticmethod
    def _line(icon: str, title: str, note: str | None) -> None:
        with ui.row().classes("w-full items-start gap-3 flex-nowrap"):
            ui.icon(icon).classes("text-accent text-xl shrink-0 mt-0.5")
            with ui.column().classes("flex-1 min-w-0 gap-0.5"):
                ui.label(title).classes("text-body font-semibold text-ink")
                if note:
                    ui.label(note).classes("text-meta text-muted")

    async def answered(self, event: GenericEventArguments) -> None:
        """The browser's permission answer; with permission, subscribe this phone."""
        answer = event.args
        if answer == "granted":
            await self.subscribe()
            return
        refused = {"denied": PushState.DENIED, "unsupported": PushState.UNSUPPORTED}
        self.show(refused.get(answer, PushState.DISMISSED))

    async def subscribe(self) -> None:
        try:
            async with session.member_services() as (services, _):
                public_key = services.push_subscriptions.public_key()
        except DomainError as error:
            feedback.failed(error)
            return
        try:
            answer = await ui.run_javascript(
                f"scene.subscribePush({msgspec.json.encode(public_key).decode()})", timeout=SUBSCRIBE_SECONDS
            )
            subscribed = msgspec.convert(answer, Subscribed)
        except (TimeoutError, msgspec.ValidationError):
            feedback.failed(tx.push_failed)
            return
        browser = subscribed.subscription
        kept = await feedback.attempt(
            lambda services, me: services.push_subscriptions.subscribe(
                me.user,
                endpoint=browser.endpoint,
                p256dh=browser.keys.p256dh,
                auth=browser.keys.auth,
                user_agent=subscribed.userAgent,
            )
        )
        if kept is feedback.REFUSED:
            return
        self.show(PushState.ALREADY_ON if subscribed.existing else PushState.ON)

    def show(self, state: PushState) -> None:
        self.state = state
        self.render.refresh()
