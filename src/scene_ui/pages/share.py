"""The share link `/a/{slug}`: a preview anyone can open, with the tags WhatsApp reads for a rich preview.

The Open Graph and Twitter tags go in with `ui.add_head_html` while the page function runs, so they
are in the first HTML response: link-preview crawlers do not run JavaScript or open the WebSocket.
Signed-in members get the full activity page at the same address.
"""

from __future__ import annotations

from urllib.parse import quote

from nicegui import ui

from scene_api.domain.activities import schemas as s
from scene_ui import formats
from scene_ui.components.activity_card import spots_label
from scene_ui.components.link_preview import preview_tags, shared_page
from scene_ui.components.section import section_header
from scene_ui.components.share import share_buttons
from scene_ui.components.visitor import going, join_call
from scene_ui.i18n import english, shared_link, texts
from scene_ui.pages.activity import ActivityDetail, facts, hero, host_line

tx = texts("share")
WHATSAPP_URL = "https://wa.me/?text={text}"


def create() -> None:
    ui.page("/a/{slug}")(share_page)


async def share_page(slug: str) -> None:
    await shared_page(
        lambda services: services.activities.get_public(slug),
        meta_tags,
        lambda member: ActivityDetail.load(member, slug=slug),
        lambda preview, public_url: _preview(preview, slug, public_url),
        title=tx.title,
        not_found=(tx.not_found_title, tx.not_found_message),
    )


def meta_tags(activity: s.PublicActivity, public_url: str) -> str:
    """Open Graph and Twitter card tags for the activity, with absolute URLs as crawlers need them."""
    return preview_tags(
        title=activity.title,
        description=description(activity),
        url=shared_link(f"{public_url}/a/{activity.slug}"),
        public_url=public_url,
        picture=activity.host_avatar_url,
    )


def description(activity: s.PublicActivity) -> str:
    place = " \u00b7 ".join(part for part in (activity.place_name, activity.city) if part) or tx.pakistan
    return tx.description.format(
        when=formats.when(activity.starts_at),
        place=place,
        spots=spots_label(activity.spots_left),
        cost=formats.rupees(activity.cost_pkr),
        host=activity.host_name,
    )


def _preview(activity: s.PublicActivity, slug: str, public_url: str) -> None:
    hero(activity)
    host_line(activity.host_name, None, activity.host_avatar_url)
    facts(activity)
    join_call(tx.cta_title, tx.cta_message.format(host=activity.host_name), tx.cta_sign_in, f"/a/{slug}")
    if activity.description:
        ui.label(activity.description).classes("text-body text-ink whitespace-pre-line")
    if activity.participants:
        going(tx.going, activity.participants)
    url = shared_link(f"{public_url}/a/{slug}")
    place = " \u00b7 ".join(part for part in (activity.place_name, activity.city) if part)
    text = tx.share_text.format(title=activity.title, when=formats.when(activity.starts_at), place=place)
    with ui.column().classes("w-full gap-2"):
        section_header(tx.share)
        share_buttons(activity.title, text, url, WHATSAPP_URL.format(text=quote(f"{text}\n{url}", safe="")))


def __getattr__(name: str) -> str:
    """The strings that used to be constants here (`share.TITLE`), in English."""
    return english("share", name)
