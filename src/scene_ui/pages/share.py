"""The share link `/a/{slug}`: a preview anyone can open, with the tags WhatsApp reads for a rich preview.

The Open Graph and Twitter tags go in with `ui.add_head_html` while the page function runs, so they
are in the first HTML response: link-preview crawlers do not run JavaScript or open the WebSocket.
Signed-in members get the full activity page at the same address.
"""

from __future__ import annotations

from urllib.parse import quote

from nicegui import ui

from scene_api.domain.activities import schemas as s
from scene_api.lib.errors import NotFound
from scene_ui import formats, session, state
from scene_ui.components.activity_card import spots_label
from scene_ui.components.empty_state import empty_state
from scene_ui.components.frame import frame
from scene_ui.components.link_preview import preview_tags
from scene_ui.components.section import section_header
from scene_ui.components.share import share_buttons
from scene_ui.components.visitor import going, join_call
from scene_ui.pages.activity import ActivityDetail, facts, hero, host_line

TITLE = "Activity"
NOT_FOUND_TITLE = "This link doesn't lead anywhere"
NOT_FOUND_MESSAGE = "The activity may have been removed, or it's only for members of a circle."
DESCRIPTION = "{when} \u00b7 {place} \u00b7 {spots} \u00b7 {cost}. Hosted by {host} on Scene."
CTA_TITLE = "Want to play?"
CTA_MESSAGE = "Scene is invite-only. Log in to ask {host} for a spot, or join with an invite from a friend."
CTA_SIGN_IN = "Log in to join"
GOING = "Who's coming"
SHARE = "Share"
SHARE_TEXT = "{title} \u00b7 {when} \u00b7 {place}"
WHATSAPP_URL = "https://wa.me/?text={text}"


def create() -> None:
    ui.page("/a/{slug}")(share_page)


async def share_page(slug: str) -> None:
    runtime = await state.runtime()
    public_url = runtime.settings.public_url.rstrip("/")
    try:
        async with state.page_services() as services:
            preview: s.PublicActivity | None = await services.activities.get_public(slug)
    except NotFound:
        preview = None
    if preview is not None:
        ui.add_head_html(meta_tags(preview, public_url))
    member = await session.current_member()
    if member is not None and member.profile_complete:
        detail = await ActivityDetail.load(member, slug=slug)
        with frame(detail.title, member=member, back="/"):
            detail.render()
        return
    with frame(preview.title if preview else TITLE):
        if preview is None:
            empty_state("link_off", NOT_FOUND_TITLE, NOT_FOUND_MESSAGE)
            return
        _preview(preview, slug, public_url)


def meta_tags(activity: s.PublicActivity, public_url: str) -> str:
    """Open Graph and Twitter card tags for the activity, with absolute URLs as crawlers need them."""
    return preview_tags(
        title=activity.title,
        description=description(activity),
        url=f"{public_url}/a/{activity.slug}",
        public_url=public_url,
        picture=activity.host_avatar_url,
    )


def description(activity: s.PublicActivity) -> str:
    place = " \u00b7 ".join(part for part in (activity.place_name, activity.city) if part) or "Pakistan"
    return DESCRIPTION.format(
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
    join_call(CTA_TITLE, CTA_MESSAGE.format(host=activity.host_name), CTA_SIGN_IN, f"/a/{slug}")
    if activity.description:
        ui.label(activity.description).classes("text-body text-ink whitespace-pre-line")
    if activity.participants:
        going(GOING, activity.participants)
    url = f"{public_url}/a/{slug}"
    place = " \u00b7 ".join(part for part in (activity.place_name, activity.city) if part)
    text = SHARE_TEXT.format(title=activity.title, when=formats.when(activity.starts_at), place=place)
    with ui.column().classes("w-full gap-2"):
        section_header(SHARE)
        share_buttons(activity.title, text, url, WHATSAPP_URL.format(text=quote(f"{text}\n{url}", safe="")))
