"""`/welcome`: what Scene is, for someone who is not signed in, and the two ways in (join with an invite,
log in), as plain server HTML. Both carry `next`, so the visitor comes back to what they came for."""

from __future__ import annotations

from fastapi import Request, Response
from fastapi.responses import RedirectResponse

from scene_ui import session
from scene_ui.i18n import texts
from scene_ui.public import layout
from scene_ui.public.icons import icon
from scene_ui.public.layout import esc, link_button
from scene_ui.public.signin import JOIN_PATH, SIGN_IN_PATH, with_next

PATH = "/welcome"
FEATURES = (("racket", "find"), ("add_circle", "host"), ("verified", "trust"))
"""Icon and catalogue key (`feature_<key>_title`, `feature_<key>_line`) of each point."""

tx = texts("welcome")


async def welcome(request: Request, next: str | None = None) -> Response:
    """A browser holding a sign-in goes straight on (the page there checks it, and sends a stale one
    back here with its tokens forgotten)."""
    target = session.safe_next(next)
    if session.has_tokens():
        return RedirectResponse(target, status_code=303)
    language = layout.choose_language(request)
    with layout.speaking(language):
        features = "".join(
            f'<div class="panel feature">{icon(name, size=24)}<div><p class="strong">'
            f"{esc(tx(f'feature_{key}_title'))}</p>"
            f'<p class="meta muted">{esc(tx(f"feature_{key}_line"))}</p></div></div>'
            for name, key in FEATURES
        )
        body = (
            f'<section class="stack"><span class="brand">{icon("bolt", size=36)}</span>'
            f'<h1>{esc(tx.heading)}</h1><p class="muted">{esc(tx.pitch)}</p></section>'
            f'<section class="stack">{features}</section>'
            '<section class="stack">'
            + link_button(tx.have_invite, with_next(JOIN_PATH, target), icon_name="mail", primary=True)
            + link_button(tx.member, with_next(SIGN_IN_PATH, target), icon_name="login")
            + f'<p class="meta muted center">{esc(tx.no_invite)}</p></section>'
        )
        return layout.page(language, title=tx.title, description=tx.pitch, body=body, sign_in_link=False)
