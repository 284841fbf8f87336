"""The sandboxes' own pages: a hosted checkout, a notice, and the self-submitting form providers use
to hand a browser back with POST fields. Styled as a provider's page, not as Scene."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping
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
SUBMIT_SCRIPT = "document.getElementById('next').submit()"


def source_hash(source: str) -> str:
    return f"'sha256-{base64.b64encode(hashlib.sha256(source.encode()).digest()).decode()}'"


CSP = (
    f"default-src 'none'; script-src {source_hash(SUBMIT_SCRIPT)}; style-src {source_hash(STYLE)}; "
    "frame-ancestors 'none'; base-uri 'none'"
)


def html(content: str, status_code: int = 200) -> Response[str]:
    return Response(
        content, media_type=MediaType.HTML, status_code=status_code, headers={"Content-Security-Policy": CSP}
    )


def page(title: str, body: str) -> str:
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head>"
        f"<body><main>{body}</main></body></html>"
    )


def notice(title: str, message: str, status_code: int = 200) -> Response[str]:
    return html(page(title, f"<h1>{escape(title)}</h1><p>{escape(message)}</p>"), status_code)


def post_back(action: str, fields: Mapping[str, str]) -> Response[str]:
    """A form that posts itself: how a hosted checkout hands the browser back with POST fields."""
    inputs = "".join(
        f'<input type="hidden" name="{escape(name)}" value="{escape(value)}">'
        for name, value in fields.items()
    )
    return html(
        page(
            "Returning to the merchant",
            f'<form id="next" method="post" action="{escape(action)}">{inputs}'
            "<noscript><button>Continue</button></noscript></form>"
            f"<script>{SUBMIT_SCRIPT}</script>",
        )
    )


def checkout(provider: str, reference: str, amount_pkr: int, description: str, decide_url: str) -> str:
    """The hosted checkout: the payer approves (optionally choosing how they pay), declines or leaves."""
    buttons = "".join(
        f'<form method="post" action="{escape(decide_url)}/{decision}">'
        f'<button class="{decision}">{label}</button></form>'
        for decision, label in (("approve", "Approve"), ("decline", "Decline"), ("abandon", "Abandon"))
    )
    return page(
        f"{provider} sandbox",
        f"<h1>{escape(provider)} sandbox</h1><p>{escape(description)}</p>"
        f'<div class="amount">PKR {amount_pkr:,}</div><p>Order {escape(reference)}</p>{buttons}'
        "<p>Local sandbox: no money moves.</p>",
    )
