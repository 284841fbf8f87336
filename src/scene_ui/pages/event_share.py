"""The event share link `/e/{slug}`: a preview anyone can open, link-preview tags in the first response.

Signed-in members get the full event page at the same address (the share link is what WhatsApp carries).
"""

from __future__ import annotations

from nicegui import ui

from scene_api.domain.events import schemas as s
from scene_ui import formats
from scene_ui.components.event_card import price_label, tickets_left_label
from scene_ui.components.link_preview import preview_tags, shared_page
from scene_ui.components.section import panel, section_header
from scene_ui.components.share import share_buttons
from scene_ui.components.visitor import going, join_call
from scene_ui.i18n import english, shared_link, texts
from scene_ui.pages.activity import host_line
from scene_ui.pages.event import EventDetail, facts, hero, share_text, whatsapp_link

tx = texts("event_share")


def create() -> None:
    ui.page("/e/{slug}")(event_share_page)


async def event_share_page(slug: str) -> None:
    await shared_page(
        lambda services: services.events.get_public(slug),
        meta_tags,
        lambda member: EventDetail.load(member, slug=slug),
        _preview,
        title=tx.title,
        not_found=(tx.not_found_title, tx.not_found_message),
    )


def meta_tags(event: s.PublicEvent, public_url: str) -> str:
    """Open Graph and Twitter tags: the cover when the event has one, else the host's picture."""
    return preview_tags(
        title=event.title,
        description=description(event),
        url=shared_link(f"{public_url}/e/{event.slug}"),
        public_url=public_url,
        picture=event.cover_url or event.host_avatar_url,
        wide=event.cover_url is not None,
    )


def description(event: s.PublicEvent) -> str:
    place = " \u00b7 ".join(part for part in (event.place_name, event.city) if part) or tx.pakistan
    return tx.description.format(
        when=formats.when(event.starts_at),
        place=place,
        price=price_label(event.price_from_pkr) or tickets_left_label(0),
        left=tickets_left_label(event.tickets_left),
        host=event.host_name,
    )


def _preview(event: s.PublicEvent, public_url: str) -> None:
    hero(event)
    host_line(event.host_name, None, event.host_avatar_url)
    facts(event)
    message = tx.cta_message_approval if event.approval_required else tx.cta_message
    join_call(tx.cta_title, message.format(host=event.host_name), tx.cta_sign_in, f"/e/{event.slug}")
    if event.tiers:
        with ui.column().classes("w-full gap-2").mark("tiers"):
            section_header(tx.tickets)
            with panel(classes="gap-0 px-4 py-1"):
                for index, tier in enumerate(event.tiers):
                    with ui.row().classes(
                        "w-full items-center gap-3 py-3 flex-nowrap "
                        + ("border-t border-line" if index else "")
                    ):
                        with ui.column().classes("flex-1 min-w-0 gap-0"):
                            ui.label(tier.name).classes("text-body font-semibold text-ink")
                            ui.label(tickets_left_label(tier.available)).classes("text-meta text-muted")
                        ui.label(formats.rupees(tier.price_pkr)).classes(
                            "text-body font-bold text-ink whitespace-nowrap"
                        )
    if event.description:
        ui.label(event.description).classes("text-body text-ink whitespace-pre-line")
    if event.attendees:
        going(tx.going, event.attendees)
    url = shared_link(f"{public_url}/e/{event.slug}")
    with ui.column().classes("w-full gap-2"):
        section_header(tx.share)
        share_buttons(event.title, share_text(event), url, whatsapp_link(event, url))


def __getattr__(name: str) -> str:
    """The strings that used to be constants here (`event_share.TITLE`), in English."""
    return english("event_share", name)
