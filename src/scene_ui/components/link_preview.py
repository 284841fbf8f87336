"""Open Graph and Twitter card tags: what WhatsApp and other link previews show for a share link.

Share pages add them with `ui.add_head_html` while the page function runs, so they are in the
first HTML response: link-preview crawlers do not run JavaScript or open the WebSocket.
"""

from __future__ import annotations

from html import escape

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
