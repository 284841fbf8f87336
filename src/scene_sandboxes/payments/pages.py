"""The sandboxes' own pages: a hosted checkout, a notice, and the self-submitting form providers use
to hand a browser back with POST fields. Styled as a provider's page, not as Scene; each response
allows only its own inline style and script, by a nonce made for it."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from html import escape

from litestar import MediaType, Response

STYLE = (
    "body{font-family:Arial,sans-serif;background:#f4f5f7;color:#1d2433;margin:0;padding:20px}"
    "main{max-width:400px;margin:auto;background:#fff;border-radius:8px;padding:20px;"
    "box-shadow:0 1px 3px #0002}h1{font-size:18px;margin:0 0 8px}p{color:#5b6474;font-size:14px}"
    "button{width:100%;padding:12px;margin:5px 0;border:1px solid #ccd;border-radius:6px;font-size:15px}"
    ".approve{background:#0a7f3f;color:#fff}.decline{background:#b42318;color:#fff}.abandon{background:#fff}"
    ".amount{font-size:28px;font-weight:700;margin:10px 0}"
)
DECISIONS = (("approve", "Approve"), ("decline", "Decline"), ("abandon", "Abandon"))


def respond(title: str, body: Callable[[str], str], status_code: int = 200) -> Response[str]:
    """A page whose `body(nonce)` may carry inline scripts marked with the response's nonce."""
    nonce = secrets.token_urlsafe(16)
    policy = (
        f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; "
        "frame-ancestors 'none'; base-uri 'none'"
    )
    document = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{escape(title)}</title><style nonce="{nonce}">{STYLE}</style></head>'
        f"<body><main>{body(nonce)}</main></body></html>"
    )
    return Response(
        document,
        media_type=MediaType.HTML,
        status_code=status_code,
        headers={"Content-Security-Policy": policy},
    )


def notice(title: str, message: str, status_code: int = 200) -> Response[str]:
    return respond(title, lambda _nonce: f"<h1>{escape(title)}</h1><p>{escape(message)}</p>", status_code)


def post_back(action: str, fields: Mapping[str, str]) -> Response[str]:
    """A form that posts itself: how a hosted checkout hands the browser back with POST fields."""
    inputs = "".join(
        f'<input type="hidden" name="{escape(name)}" value="{escape(value)}">'
        for name, value in fields.items()
    )
    return respond(
        "Returning to the merchant",
        lambda nonce: (
            f'<form id="next" method="post" action="{escape(action)}">{inputs}'
            "<noscript><button>Continue</button></noscript></form>"
            f"<script nonce=\"{nonce}\">document.getElementById('next').submit()</script>"
        ),
    )


def checkout(
    provider: str, reference: str, amount_pkr: int, description: str, decide_url: str
) -> Response[str]:
    """The hosted checkout: the payer approves, declines or leaves."""
    buttons = "".join(
        f'<form method="post" action="{escape(decide_url)}/{decision}">'
        f'<button class="{decision}">{label}</button></form>'
        for decision, label in DECISIONS
    )
    return respond(
        f"{provider} sandbox",
        lambda _nonce: (
            f"<h1>{escape(provider)} sandbox</h1><p>{escape(description)}</p>"
            f'<div class="amount">PKR {amount_pkr:,}</div><p>Order {escape(reference)}</p>{buttons}'
            "<p>Local sandbox: no money moves.</p>"
        ),
    )
