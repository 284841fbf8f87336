"""Open Graph and Twitter card tags: what WhatsApp and other link previews show for a share link.

They are in the server's HTML: link-preview crawlers run no JavaScript. The meta description is the
layout's (`layout.page`), so it is not repeated here.
"""

from __future__ import annotations

from scene_ui.public.layout import esc

SITE_NAME = "Scene"
DEFAULT_IMAGE = "/static/og-default.png"
"""A branded 1200x630 card for link previews when there is no picture to show."""


def preview_tags(
    *, title: str, description: str, url: str, public_url: str, picture: str | None, wide: bool = False
) -> str:
    """The tags with absolute URLs, as crawlers need them. `picture` is a path on this site; `wide` says
    it is a landscape picture (a cover) rather than a square one (an avatar)."""
    if picture and not picture.endswith(".svg"):  # link previews do not show SVG
        image, card = f"{public_url}{picture}", "summary_large_image" if wide else "summary"
    else:
        image, card = f"{public_url}{DEFAULT_IMAGE}", "summary_large_image"
    properties = {
        "og:type": "website",
        "og:site_name": SITE_NAME,
        "og:title": title,
        "og:description": description,
        "og:url": url,
        "og:image": image,
    }
    names = {
        "twitter:card": card,
        "twitter:title": title,
        "twitter:description": description,
        "twitter:image": image,
    }
    return (
        "".join(f'<meta property="{key}" content="{esc(value)}">' for key, value in properties.items())
        + "".join(f'<meta name="{key}" content="{esc(value)}">' for key, value in names.items())
        + f'<link rel="canonical" href="{esc(url)}">'
    )
