"""Paying online: pick PayFast, JazzCash or Easypaisa, then the browser goes to the provider's checkout.

The payments service records the payment and answers where the payer goes next: a URL, or a form
the browser posts (all three providers hand over with POST fields). Whatever the provider says
comes back to the API, which sends the browser to `/payments/{id}`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from uuid import UUID

from nicegui import ui

from scene_api.db import models as m
from scene_api.domain.bookings import schemas as bookings_s
from scene_api.domain.payments import schemas as payments_s
from scene_ui import feedback, formats
from scene_ui.components.buttons import primary_button, secondary_button, spin, unspin
from scene_ui.i18n import Texts, texts

tx = texts("checkout")


@dataclass(frozen=True)
class Provider:
    name: m.PaymentProviderName
    label: str
    """The brand's own name, the same in every language."""
    hint_key: str
    """Catalogue key under `checkout` of the line under the name."""
    icon: str

    @property
    def hint(self) -> str:
        return tx(self.hint_key)


PROVIDERS = (
    Provider(m.PaymentProviderName.JAZZCASH, "JazzCash", "hint_wallet", "account_balance_wallet"),
    Provider(m.PaymentProviderName.EASYPAISA, "Easypaisa", "hint_wallet", "smartphone"),
    Provider(m.PaymentProviderName.PAYFAST, "PayFast", "hint_card", "credit_card"),
)
LABELS = {provider.name: provider.label for provider in PROVIDERS}

SUBMIT_JS = """
(() => {
  const form = document.createElement('form');
  form.method = 'post';
  form.action = %(action)s;
  for (const [name, value] of Object.entries(%(fields)s)) {
    const input = document.createElement('input');
    input.type = 'hidden';
    input.name = name;
    input.value = value;
    form.appendChild(input);
  }
  document.body.appendChild(form);
  form.submit();
})()
"""


class ProviderChoice:
    """Three tiles (one chosen), and the button that starts the checkout for `purpose` / `target_id`."""

    def __init__(self, purpose: m.PaymentPurpose, target_id: UUID, amount_pkr: int) -> None:
        self.purpose = purpose
        self.target_id = target_id
        self.amount_pkr = amount_pkr
        self.chosen = PROVIDERS[0]
        self.busy = False

    def render(self) -> None:
        self.body()

    @ui.refreshable_method
    def body(self) -> None:
        with ui.column().classes("w-full gap-2").mark("providers"):
            ui.label(tx.choose).classes("text-label font-bold uppercase tracking-wider text-muted")
            with ui.column().classes("w-full gap-2").props(f'role="radiogroup" aria-label="{tx.choose}"'):
                for provider in PROVIDERS:
                    self._tile(provider)
            pay = (
                primary_button(
                    tx("pay", amount=formats.rupees(self.amount_pkr), provider=self.chosen.label),
                    icon="lock",
                )
                .classes("w-full mt-1")
                .mark("pay-online")
            )
            pay.on_click(lambda: self.pay(pay))
            ui.label(tx("sandbox_note", provider=self.chosen.label)).classes("text-meta text-muted")

    def _tile(self, provider: Provider) -> None:
        picked = provider is self.chosen
        tone = "border-accent bg-accent-soft" if picked else "border-line bg-page"
        with (
            ui.button(color=None, on_click=lambda: self.choose(provider))
            .props(f'unelevated no-caps align="left" role="radio" aria-checked="{str(picked).lower()}"')
            .classes(f"w-full min-h-14 px-3 rounded-2xl border {tone}")
            .mark(f"provider-{provider.name.value}"),
            ui.row().classes("w-full items-center gap-3 flex-nowrap"),
        ):
            with ui.element("div").classes(
                "w-9 h-9 shrink-0 rounded-xl bg-raised flex items-center justify-center"
            ):
                ui.icon(provider.icon).classes("text-accent text-lg")
            with ui.column().classes("flex-1 min-w-0 gap-0 items-start"):
                ui.label(provider.label).classes("text-body font-bold text-ink scene-latin")
                ui.label(provider.hint).classes("text-meta text-muted truncate")
            ui.icon("radio_button_checked" if picked else "radio_button_unchecked").classes(
                f"text-xl {'text-accent' if picked else 'text-muted'}"
            )

    def choose(self, provider: Provider) -> None:
        self.chosen = provider
        self.body.refresh()

    async def pay(self, button: ui.button) -> None:
        if self.busy:
            return
        spin(self, button)
        purpose, target_id, provider = self.purpose, self.target_id, self.chosen.name
        checkout = await feedback.attempt(
            lambda services, me: services.payments.start_checkout(
                me.user, purpose=purpose, target_id=target_id, provider=provider
            )
        )
        if checkout is feedback.REFUSED:
            unspin(self, button)
            return
        feedback.done(tx("going", provider=self.chosen.label))
        go_to_provider(checkout)


def online_or_at_venue(
    purpose: m.PaymentPurpose,
    target_id: UUID,
    amount_pkr: int,
    *,
    at_venue: str,
    hint: str | None = None,
    marker: str,
) -> ui.button:
    """The provider tiles, an "or" line, then the pay-at-the-venue button (returned: the page decides
    what its click does) with its `hint` under it."""
    ProviderChoice(purpose, target_id, amount_pkr).render()
    with ui.row().classes("w-full items-center gap-3 flex-nowrap"):
        ui.element("div").classes("flex-1 h-px bg-line")
        ui.label(tx("or")).classes("text-meta text-muted")
        ui.element("div").classes("flex-1 h-px bg-line")
    button = secondary_button(at_venue, icon="storefront").classes("w-full").mark(marker)
    if hint:
        ui.label(hint).classes("text-meta text-muted -mt-2")
    return button


def hold_checkout(
    booking: bookings_s.Booking, words: Texts, *, at_venue: str, hint: str, marker: str
) -> ui.button:
    """How a held court is confirmed: with a price, the page's `pay_title` (its `{amount}` the booking's
    price), the providers, "or" and pay at the venue; free, one button saying the page's `confirm_free`.
    `words` is the page's catalogue. Returns that button: the page decides what its click does."""
    if booking.price_pkr == 0:
        return secondary_button(words.confirm_free, icon="check").classes("w-full").mark(marker)
    ui.label(words("pay_title", amount=formats.rupees(booking.price_pkr))).classes(
        "text-title font-bold text-ink"
    )
    return online_or_at_venue(
        m.PaymentPurpose.BOOKING, booking.id, booking.price_pkr, at_venue=at_venue, hint=hint, marker=marker
    )


def go_to_provider(checkout: payments_s.Checkout) -> None:
    """Send this browser to the provider's hosted checkout: a redirect, or a form it posts itself."""
    if checkout.form is not None:
        form = {"action": json.dumps(checkout.form.action), "fields": json.dumps(checkout.form.fields)}
        ui.run_javascript(SUBMIT_JS % form)
    elif checkout.redirect_url:
        ui.navigate.to(checkout.redirect_url)
