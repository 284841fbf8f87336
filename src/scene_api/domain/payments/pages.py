"""The one HTML page payments need: a form that submits itself, handing the payer's browser on with
POST fields (a provider's last step on the way back)."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping
from html import escape

from litestar import MediaType, Response

STYLE = (
    "body{font-family:system-ui,sans-serif;background:#0d0f14;color:#f2f3f5;margin:0;padding:24px;}"
    "main{max-width:420px;margin:auto}h1{font-size:20px}p{color:#a8adb8}"
    "button{width:100%;padding:14px;margin:6px 0;border:0;border-radius:12px;font-size:16px}"
)
SUBMIT_SCRIPT = "document.getElementById('next').submit()"


def source_hash(source: str) -> str:
    return f"'sha256-{base64.b64encode(hashlib.sha256(source.encode()).digest()).decode()}'"


CSP = (
    f"default-src 'none'; script-src {source_hash(SUBMIT_SCRIPT)}; style-src {source_hash(STYLE)}; "
    "frame-ancestors 'none'; base-uri 'none'"
)
"""These pages run their own inline script and style and nothing else (the API's policy allows none)."""


def html_response(content: str, status_code: int = 200) -> Response[str]:
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


def hidden_fields(fields: Mapping[str, str]) -> str:
    return "".join(
        f'<input type="hidden" name="{escape(name)}" value="{escape(value)}">'
        for name, value in fields.items()
    )


def auto_submit(action: str, fields: Mapping[str, str]) -> str:
    """A form that posts itself: how hosted checkouts hand the browser over with POST fields."""
    return page(
        "Redirecting",
        f'<form id="next" method="post" action="{escape(action)}">{hidden_fields(fields)}'
        "<noscript><button>Continue</button></noscript></form>"
        f"<script>{SUBMIT_SCRIPT}</script>",
    )
