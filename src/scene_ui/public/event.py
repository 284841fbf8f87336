"""`/e/{slug}`: an event's share link as plain server HTML, with the tags WhatsApp reads."""

from __future__ import annotations

from fastapi import Request, Response

from scene_api.domain.events import schemas as s
from scene_ui import formats
from scene_ui.components.event_card import price_label, tickets_left_label
from scene_ui.i18n import shared_link, texts
from scene_ui.pages.event import whatsapp_link
from scene_ui.public import layout, links, parts
from scene_ui.public.layout import esc
from scene_ui.public.preview import preview_tags

tx = texts("event_share")
details = texts("event")
PATH = "/e/{slug}"
APP_PATH = "/events"
"""The app's event page; it takes the slug as well as the id."""


async def event_share(request: Request, slug: str) -> Response:
    if redirect := links.member_redirect(APP_PATH, slug):
        return redirect
    language = layout.choose_language(request)
    event = await links.find(lambda services: services.events.get_public(slug))
    public_url = await links.public_url()
    with layout.speaking(language):
        if event is None:
            return layout.not_found(language, tx.not_found_title, tx.not_found_message)
        back_to = f"/e/{event.slug}"
        url = shared_link(f"{public_url}{back_to}")
        tags = preview_tags(
            title=event.title,
            description=description(event),
            url=url,
            public_url=public_url,
            picture=event.cover_url or event.host_avatar_url,
            wide=event.cover_url is not None,
        )
        return layout.page(
            language,
            title=event.title,
            description=description(event),
            body=body(event, back_to, url),
            head=tags,
            back_to=back_to,
        )


def place_of(event: s.PublicEvent) -> str:
    return " \u00b7 ".join(part for part in (event.place_name, event.city) if part)


def description(event: s.PublicEvent) -> str:
    return tx.description.format(
        when=formats.when(event.starts_at),
        place=place_of(event) or tx.pakistan,
        price=price_label(event.price_from_pkr) or tickets_left_label(0),
        left=tickets_left_label(event.tickets_left),
        host=event.host_name,
    )


def body(event: s.PublicEvent, back_to: str, url: str) -> str:
    message = tx.cta_message_approval if event.approval_required else tx.cta_message
    return (
        hero(event)
        + facts(event)
        + parts.call_to_action(
            tx.cta_title, message.format(host=event.host_name), tx.cta_sign_in, back_to, icon_name="ticket"
        )
        + tiers(event)
        + parts.description_block(event.description)
        + (parts.going(tx.going, event.attendees) if event.attendees else "")
        + parts.whatsapp_share(tx.share, whatsapp_link(event, url))
    )


def hero(event: s.PublicEvent) -> str:
    """The cover (the largest paint: loaded first, never lazily), the date, and the title."""
    cover = (
        f'<div class="cover"><img src="{esc(event.cover_url)}" alt="" width="448" height="252" '
        'fetchpriority="high"></div>'
        if event.cover_url
        else ""
    )
    approval = parts.chip(details.approval) if event.approval_required else ""
    when = f"{formats.long_day(event.starts_at)} \u00b7 {formats.clock(event.starts_at)}"
    return (
        f'<div class="stack">{cover}<div class="row">{parts.date_tile(event.starts_at)}'
        f'<div class="stack"><div class="chips">{approval}</div>'
        f'<span class="meta muted strong">{esc(when)}</span></div></div>'
        f"<h1>{esc(event.title)}</h1>{parts.host_line(event.host_name, event.host_avatar_url)}</div>"
    )


def facts(event: s.PublicEvent) -> str:
    minutes = int((event.ends_at - event.starts_at).total_seconds() // 60)
    lines = parts.fact(
        "event",
        details.when,
        formats.long_day(event.starts_at),
        f"{formats.time_range(event.starts_at, event.ends_at)} \u00b7 {formats.duration(minutes)}",
    )
    lines += parts.fact("place", details.where, place_of(event) or "\u2013")
    lines += parts.fact("ticket", details.tickets, tickets_left_label(event.tickets_left))
    if event.price_from_pkr is not None:
        price = price_label(event.price_from_pkr)
        lines += parts.fact("payments", details.price, price[:1].upper() + price[1:])
    return parts.panel(f'<div class="facts">{lines}</div>')


def tiers(event: s.PublicEvent) -> str:
    if not event.tiers:
        return ""
    rows = "".join(
        f'<div class="line"><div><div class="strong">{esc(tier.name)}</div>'
        f'<div class="meta muted">{esc(tickets_left_label(tier.available))}</div></div>'
        f'<span class="price">{esc(formats.rupees(tier.price_pkr))}</span></div>'
        for tier in event.tiers
    )
    return parts.section(tx.tickets, parts.panel(rows, classes="lines"))
