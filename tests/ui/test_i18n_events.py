"""Urdu on the event pages: an event, my tickets, an order and a payment speak the member's language,
toasts too; English members keep English; unknown paths get Scene's own page in the reader's language."""

import re
from string import Formatter

from nicegui import ui
from nicegui.testing import User

from scene_api.db import models as m
from scene_api.i18n import en, render, ur
from scene_api.lib.validation import refused_value
from tests.ui.happenings import buy, checkout, host_event, provider_says
from tests.ui.people import member

URDU = "ur"
PAGE_SECTIONS = (
    "event",
    "tickets",
    "order",
    "payment",
    "checkout",
    "ticket_passes",
    "qr_pass",
    "countdown",
    "facts",
    "frame",
    "event_card",
    "share_buttons",
)
"""The catalogue sections these pages draw from: none of their English may show for an Urdu member."""
PAID_TIER = [{"name": "Player", "price_pkr": 3500, "quantity": 32}]


def visible_texts(user: User) -> list[str]:
    """Every text on the page a person reads or hears: labels, button texts, placeholders, aria labels."""
    found = []
    for element in user.current_layout.descendants():
        if isinstance(element, ui.label | ui.link | ui.button) and element.text:
            found.append(element.text)
        for prop in ("label", "placeholder", "aria-label", "title", "alt"):
            value = element.props.get(prop)
            if isinstance(value, str) and value:
                found.append(value)
    return found


def english_fragments(sections: tuple[str, ...]) -> dict[str, str]:
    """`{fragment: "page.key"}`: each English string's literal parts worth looking for, where Urdu differs
    (single words only as a whole text, sentences anywhere inside one)."""
    fragments = {}
    for page in sections:
        for key, text in en.MESSAGES[page].items():
            if text == ur.MESSAGES[page][key]:
                continue
            for part, *_ in Formatter().parse(text):
                literal = part.strip(" \u00b7.,:")
                if re.search(r"[A-Za-z]{3}", literal):
                    fragments[literal] = f"{page}.{key}"
    return fragments


def english_left(user: User, sections: tuple[str, ...] = PAGE_SECTIONS) -> list[str]:
    fragments = english_fragments(sections)
    left = []
    for text in visible_texts(user):
        for fragment, key in fragments.items():
            if text == fragment or (" " in fragment and len(fragment) >= 12 and fragment in text):
                left.append(f"{key}: {text!r}")
    return left


async def test_an_urdu_member_reads_the_event_page_in_urdu(user, runtime, sign_in):
    host = await member(runtime, 10, "noor_h", "Noor Hassan")
    event = await host_event(runtime, host, tiers=PAID_TIER, allow_pay_at_venue=True)
    await sign_in(locale=URDU)

    await user.open(f"/events/{event.id}")

    await user.should_see(event.title)
    await user.should_see(ur.MESSAGES["event"]["when"])
    await user.should_see(ur.MESSAGES["event"]["choose_tier"])
    await user.should_see(ur.MESSAGES["event"]["pay_online"].format(amount="3,500 روپے"))
    await user.should_see(ur.MESSAGES["event"]["pay_at_door"])
    await user.should_see(ur.MESSAGES["event"]["hold_hint"].format(minutes=10))
    await user.should_see(ur.MESSAGES["facts"]["directions"])
    assert not english_left(user)


async def test_an_urdu_member_gets_urdu_toasts(user, runtime, sign_in):
    host = await member(runtime, 10, "noor_h", "Noor Hassan")
    event = await host_event(runtime, host, approval_required=True)
    await sign_in(locale=URDU)
    await user.open(f"/events/{event.id}")
    await user.should_see(ur.MESSAGES["event"]["request_hint"])

    user.find(marker="request").click()

    await user.should_see(ur.MESSAGES["event"]["requested"], retries=20)
    await user.should_see(ur.MESSAGES["event"]["state_pending"])
    assert not english_left(user)


def test_a_refused_value_is_worded_in_the_readers_language():
    too_long = "Expected `str` of length <= 80 - at `$.name`"
    assert render(refused_value(too_long), "en") == "Use at most 80 characters."
    assert render(refused_value(too_long), URDU) == ur.MESSAGES["validation"]["at_most_characters"].format(
        count=80
    )
    not_a_number = refused_value("Expected `int`, got `str`")
    assert render(not_a_number, URDU) == ur.MESSAGES["validation"]["whole_number"]


async def test_an_urdu_member_sees_their_tickets_in_urdu(user, runtime, sign_in):
    host = await member(runtime, 10, "noor_h", "Noor Hassan")
    event = await host_event(runtime, host)
    me = await sign_in(locale=URDU)
    await buy(runtime, me, event, quantity=2)

    await user.open("/me/tickets")

    await user.should_see(ur.MESSAGES["tickets"]["subheading"])
    await user.should_see(ur.MESSAGES["tickets"]["upcoming"])
    await user.should_see(ur.MESSAGES["ticket_passes"]["paid"])
    caption = ur.MESSAGES["ticket_passes"]["ticket_caption"].format(tier="General", number=2, count=2)
    await user.should_see(caption)
    await user.should_see(ur.MESSAGES["ticket_passes"]["show_at_door"])
    assert not english_left(user)
    chevrons = [el for el in user.current_layout.descendants() if el.props.get("name") == "chevron_right"]
    assert chevrons
    assert all("scene-mirror" in el.classes for el in chevrons)  # "open this" points the reading way


async def test_an_urdu_member_pays_for_an_order_in_urdu(user, runtime, sign_in):
    host = await member(runtime, 10, "noor_h", "Noor Hassan")
    event = await host_event(runtime, host, tiers=PAID_TIER)
    me = await sign_in(locale=URDU)
    order = await buy(runtime, me, event)

    await user.open(f"/orders/{order.id}")

    await user.should_see(ur.MESSAGES["order"]["held_title"])
    await user.should_see(ur.MESSAGES["order"]["pay_title"].format(amount="3,500 روپے"))
    await user.should_see(ur.MESSAGES["checkout"]["choose"])
    await user.should_see(ur.MESSAGES["checkout"]["hint_wallet"])
    await user.should_see(ur.MESSAGES["checkout"]["pay"].format(amount="3,500 روپے", provider="JazzCash"))
    await user.should_see(ur.MESSAGES["countdown"]["left_label"])
    await user.should_see(ur.MESSAGES["order"]["let_go"])
    assert not english_left(user)

    paying = await checkout(runtime, me, m.PaymentPurpose.ORDER, order.id)
    await provider_says(runtime, paying.payment, paid=True)
    await user.open(f"/payments/{paying.payment.id}")

    await user.should_see(ur.MESSAGES["payment"]["succeeded"])
    await user.should_see(f"3,500 روپے · JazzCash · حوالہ {paying.payment.merchant_reference}")
    await user.should_see(ur.MESSAGES["payment"]["my_tickets"])
    await user.should_see(ur.MESSAGES["ticket_passes"]["show_at_door"])
    assert not english_left(user)


async def test_a_declined_payment_says_so_in_urdu_and_quotes_the_provider(user, runtime, sign_in):
    host = await member(runtime, 10, "noor_h", "Noor Hassan")
    event = await host_event(runtime, host, tiers=PAID_TIER)
    me = await sign_in(locale=URDU)
    order = await buy(runtime, me, event)
    paying = await checkout(runtime, me, m.PaymentPurpose.ORDER, order.id)
    await provider_says(runtime, paying.payment, paid=False)

    await user.open(f"/payments/{paying.payment.id}")

    await user.should_see(ur.MESSAGES["payment"]["failed"])
    await user.should_see(ur.MESSAGES["payment"]["failed_order_hint"])
    await user.should_see(ur.MESSAGES["payment"]["try_again"])
    await user.should_see(marker="provider-reason")
    assert not english_left(user)


async def test_an_english_member_still_reads_english(user, runtime, sign_in):
    host = await member(runtime, 10, "noor_h", "Noor Hassan")
    event = await host_event(runtime, host, tiers=PAID_TIER)
    me = await sign_in()
    order = await buy(runtime, me, event)

    await user.open(f"/events/{event.id}")
    await user.should_see(en.MESSAGES["event"]["when"])
    await user.should_not_see(ur.MESSAGES["event"]["when"])
    assert len(english_left(user)) > 10  # the check the Urdu tests rely on does find English

    await user.open(f"/orders/{order.id}")
    await user.should_see(en.MESSAGES["order"]["held_title"])
    await user.should_see(en.MESSAGES["checkout"]["pay"].format(amount="Rs 3,500", provider="JazzCash"))

    await user.open("/me/tickets")
    await user.should_see(en.MESSAGES["tickets"]["subheading"])
    await user.should_see(en.MESSAGES["tickets"]["finish_paying"])


async def test_an_unknown_path_gets_scenes_own_page_in_the_readers_language(user):
    english = await user.http_client.get("/no/such/page")
    urdu = await user.http_client.get("/no/such/page?lang=ur")

    assert english.status_code == urdu.status_code == 404
    assert en.MESSAGES["errors"]["not_found_title"] in english.text
    assert ur.MESSAGES["errors"]["not_found_title"] in urdu.text
    assert '<html lang="ur" dir="rtl">' in urdu.text
    media = await user.http_client.get("/media/no-such-file.png")
    assert media.status_code == 404
    assert media.headers["content-type"].startswith("application/json")


async def test_a_page_that_fails_says_so_in_the_readers_language(user, caplog):
    @ui.page("/test-only/broken")
    def broken() -> None:
        raise RuntimeError("a page that fails while it is built")

    await user.http_client.get("/welcome?lang=ur")  # this browser reads Urdu
    response = await user.http_client.get("/test-only/broken")

    assert response.status_code == 500
    assert ur.MESSAGES["errors"]["server_title"] in response.text
    assert ur.MESSAGES["errors"]["go_home"] in response.text
    assert "a page that fails" not in response.text  # nothing of the exception reaches the reader
    caplog.clear()  # the failure is logged, as it should be; the fixture fails a test on logged errors
