"""A payer's browser for the payment tests: it posts the checkout form to the local sandbox, clicks
Approve / Decline / Abandon, and follows redirects and self-submitting forms back to our pages."""

from __future__ import annotations

import re
from html import unescape
from typing import Any
from urllib.parse import urlsplit

API_PATHS = ("/sandbox/", "/api/")
"""Where the browser still talks to the API; anything else is a UI page, where the journey ends."""


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def form_in(page: str) -> tuple[str, dict[str, str]]:
    """The action and hidden fields of the self-submitting form in `page`."""
    action = re.search(r'<form[^>]*action="([^"]*)"', page)
    assert action, page
    fields = re.findall(r'<input type="hidden" name="([^"]*)" value="([^"]*)">', page)
    return unescape(action.group(1)), {unescape(name): unescape(value) for name, value in fields}


async def follow(client, response):
    """Follow 303s and self-submitting forms while they lead back into the API; answer the last
    response and the URL the browser ended on (a UI page), if any."""
    landed = None
    while True:
        if response.status_code in (302, 303):
            landed = response.headers["location"]
            if not path_of(landed).startswith(API_PATHS):
                return response, landed
            response = await client.get(path_of(landed), follow_redirects=False)
        elif "text/html" in response.headers.get("content-type", "") and "<script" in response.text:
            action, fields = form_in(response.text)
            response = await client.post(path_of(action), data=fields, follow_redirects=False)
        else:
            return response, landed


async def open_checkout(client, checkout: dict[str, Any]) -> str:
    """Submit the checkout to the provider's hosted page (the sandbox); answers the page."""
    if checkout["form"]:
        page = await client.post(path_of(checkout["form"]["action"]), data=checkout["form"]["fields"])
    else:
        page = await client.get(path_of(checkout["redirect_url"]))
    assert page.status_code == 200, page.text
    text: str = page.text
    return text


async def pay(client, checkout: dict[str, Any], decision: str = "approve"):
    """The whole visit: hosted page, the payer's decision, the way back. Answers the landing URL."""
    page = await open_checkout(client, checkout)
    decide = re.search(rf'action="([^"]*/{decision})"', page)
    assert decide, page
    _, landed = await follow(client, await client.post(unescape(decide.group(1)), follow_redirects=False))
    return landed
