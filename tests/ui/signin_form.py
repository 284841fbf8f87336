"""The first sign-in step as a browser without JavaScript uses it: GET the form, POST it back."""

from __future__ import annotations

import re

import httpx
from nicegui.testing import User

TOKEN = re.compile(r'name="token" value="([^"]+)"')


def form_token(page: str) -> str:
    found = TOKEN.search(page)
    assert found is not None, "the form carries no token"
    return found.group(1)


async def post_form(
    user: User,
    path: str,
    *,
    phone: str,
    invite_code: str | None = None,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    """Open `path` (`/signin?next=…`, `/join/CODE`), then send its form as the browser would (to the
    form's own action), without following the answer."""
    page = await user.http_client.get(path)
    assert page.status_code == 200, page.text
    action = re.search(r'<form[^>]* action="([^"]+)"', page.text)
    assert action is not None
    fields = {"token": form_token(page.text), "phone": phone}
    if invite_code is not None:
        fields["invite_code"] = invite_code
    return await user.http_client.post(
        action.group(1).replace("&amp;", "&"), data=fields, headers=headers or {}, follow_redirects=False
    )
