"""Open Graph and Twitter card tags: what WhatsApp and other link previews show for a share link.

Share pages add them with `ui.add_head_html` while the page function runs, so they are in the
first HTML response: link-preview crawlers do not run JavaScript or open the WebSocket.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from html import escape
from typing import Protocol, TypeVar

from nicegui import ui

from scene_api.lib.errors import InvalidInput, NotFound
from scene_api.services import Services
from scene_ui import session, state
from scene_ui.components.empty_state import empty_state
from scene_ui.components.frame import frame


class Titled(Protocol):
    @property
    def title(self) -> str: ...


class Detail(Titled, Protocol):
    def render(self) -> None: ...


Preview = TypeVar("Preview", bound=Titled)

SITE_NAME = "Scene"
DEFAULT_IMAGE = "/static/og-default.png"
"""A branded 1200x630 card for link previews when there is no picture to show."""


def preview_tags(
    *, title: str, description: str, url: str, public_url: str, picture: str | None, wide: bool = False
) -> str:
    """The tags (escaped) with absolute URLs, as crawlers need them. `picture` is a path on this site;
    `wide` says it is a landscape picture (a cover) rather than a square one (an avatar)."""
    if picture and not picture.endswith(".svg"):  # link previews do not show SVG
        image, card = f"{public_url}{picture}", "summary_large_image" if wide else "summary"
    else:
        image, card = f"{public_url}{DEFAULT_IMAGE}", "summary_large_image"
    tags = {
        "og:type": "website",
        "og:site_name": SITE_NAME,
        "og:title": title,
        "og:description": description,
        "og:url": url,
        "og:image": image,
    }
    lines = [f'<meta property="{name}" content="{escape(value)}">' for name, value in tags.items()]
    lines += [
        f'<meta name="twitter:card" content="{card}">',
        f'<meta name="twitter:title" content="{escape(title)}">',
        f'<meta name="twitter:description" content="{escape(description)}">',
        f'<meta name="twitter:image" content="{escape(image)}">',
        f'<meta name="description" content="{escape(description)}">',
        f'<link rel="canonical" href="{escape(url)}">',
    ]
    return "\n".join(lines)


async def shared_page(
    load: Callable[[Services], Awaitable[Preview]],
    tags: Callable[[Preview, str], str],
    member_view: Callable[[session.Member], Awaitable[Detail]],
    visitor_view: Callable[[Preview, str], None],
    *,
    title: str,
    not_found: tuple[str, str],
) -> None:
    """A share link's page: the tags for what `load` finds (a 404 finds nothing), then the full page
    for a signed-in member, or `visitor_view` of the preview for anyone else."""
    public_url = (await state.runtime()).settings.public_url.rstrip("/")
    preview: Preview | None
    try:
        async with state.page_services() as services:
            preview = await load(services)
    except (NotFound, InvalidInput):  # a link the database cannot even look up (a NUL) finds nothing
        preview = None
    if preview is not None:
        ui.add_head_html(tags(preview, public_url))
    member = await session.current_member()
    if member is not None and member.profile_complete:
        detail = await member_view(member)
        with frame(detail.title, member=member, back="/"):
            detail.render()
        return
    with frame(preview.title if preview else title):
        if preview is None:
            empty_state("link_off", *not_found)
            return
        visitor_view(preview, public_url)
