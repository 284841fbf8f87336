"""Pieces the public pages share, as HTML strings: chips, faces, facts, sections, the call to action.

Every argument that is text is escaped here (`esc`); what goes in as `html` is trusted markup built by
these functions or `layout`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from urllib.parse import quote

from scene_api.domain.users.schemas import PersonSummary
from scene_api.lib.timezone import to_local
from scene_ui import formats
from scene_ui.components.avatar import initials
from scene_ui.components.share import SHARE_WHATSAPP
from scene_ui.i18n import texts
from scene_ui.public.icons import SPORT, icon
from scene_ui.public.layout import esc, join_path, link_button, sign_in_path

visitor = texts("visitor")
activity = texts("activity")
WHATSAPP_URL = "https://wa.me/?text={text}"


def chip(text: str, *, tone: str = "", icon_name: str | None = None) -> str:
    """A rounded label; `tone` is `sport` (the accent on raised) or `soft` (the accent, faint)."""
    glyph = icon(icon_name, size=16) if icon_name else ""
    return f'<span class="chip {tone}">{glyph}{esc(text)}</span>'


def sport_chip(name: str) -> str:
    return chip(name, tone="sport", icon_name=SPORT)


def face(name: str, picture: str | None, *, big: bool = False) -> str:
    """A member's picture (with its size, so nothing shifts while it loads) or their initials."""
    size = 40 if big else 36
    inside = (
        f'<img src="{esc(picture)}" alt="" width="{size}" height="{size}" loading="lazy" decoding="async">'
        if picture
        else f'<span aria-hidden="true">{esc(initials(name))}</span>'
    )
    return f'<span class="face{" big" if big else ""}" title="{esc(name)}">{inside}</span>'


def host_line(name: str, picture: str | None) -> str:
    return (
        f'<div class="person">{face(name, picture)}<div><div class="label">{esc(activity.hosted_by)}</div>'
        f'<div class="strong">{esc(name)}</div></div></div>'
    )


def fact(icon_name: str, label: str, value: str, detail: str | None = None) -> str:
    """One line of the facts panel: an icon on a tile, a label, the value and an optional detail."""
    extra = f'<span class="muted">{esc(detail)}</span>' if detail else ""
    return (
        f'<div class="fact">{icon(icon_name)}<div><span class="label">{esc(label)}</span>'
        f'<span class="strong">{esc(value)}</span>{extra}</div></div>'
    )


def panel(html: str, *, classes: str = "") -> str:
    return f'<div class="panel {classes}">{html}</div>'


def section(title: str, html: str, *, aside: str | None = None) -> str:
    """A heading (with a quiet count or note after it) over its content."""
    note = f' <span class="meta muted">{esc(aside)}</span>' if aside else ""
    return f'<section class="stack"><h2>{esc(title)}{note}</h2>{html}</section>'


def date_tile(moment: datetime) -> str:
    """`NOV / 28`: the date reads before the title does (as the app's event pages)."""
    local = to_local(moment)
    month = formats.tx(f"month_{local.month}").upper()
    return f'<div class="tile" aria-hidden="true"><b>{esc(month)}</b><span>{local.day}</span></div>'


def call_to_action(
    title: str, message: str, sign_in_label: str, back_to: str, *, icon_name: str = "login"
) -> str:
    """Scene is invite-only: log in (and come back to `back_to`), or join with an invite."""
    return (
        f'<section class="cta" id="cta"><h2>{esc(title)}</h2><p class="muted">{esc(message)}</p>'
        + link_button(sign_in_label, sign_in_path(back_to), icon_name=icon_name, primary=True)
        + link_button(visitor.invite, join_path(back_to), icon_name="mail")
        + "</section>"
    )


def going(title: str, people: Sequence[PersonSummary]) -> str:
    """A row of faces (the name shows on hover), with a count."""
    faces = "".join(face(person.name or person.handle, person.avatar_url, big=True) for person in people)
    return section(
        title, panel(f'<div class="faces">{faces}</div>'), aside=visitor("going_count", count=len(people))
    )


def description_block(text: str) -> str:
    """What the host wrote, line breaks kept."""
    return f'<p class="prose">{esc(text)}</p>' if text else ""


def whatsapp_share(title: str, href: str) -> str:
    """The share section: the WhatsApp link (`href`); the app's `More` button needs a script, so it stays
    in the app."""
    return section(title, link_button(SHARE_WHATSAPP, href, icon_name="chat"))


def whatsapp_href(message: str) -> str:
    """`https://wa.me/?text=…`: WhatsApp opens with `message` (text, then the link), ready to pick a chat."""
    return WHATSAPP_URL.format(text=quote(message, safe=""))
