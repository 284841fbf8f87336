"""Security for the NiceGUI app: response headers (a CSP NiceGUI can live with) and same-origin
WebSockets, so another site cannot drive a signed-in member's session (cross-site WebSocket
hijacking is the CSRF of a WebSocket UI)."""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from scene_api.config import Settings

NICEGUI_SOCKET_PREFIX = "/_nicegui_ws"
MAP_TILES = "https://*.tile.openstreetmap.org"


def content_security_policy(settings: Settings) -> str:
    """Vue compiles NiceGUI's templates in the browser ('unsafe-eval') and Quasar styles inline;
    checkout forms post to the payment provider (https) or, in development, the API's sandbox."""
    api = settings.api_public_url or f"http://{settings.host}:{settings.api_port}"
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
            "style-src 'self' 'unsafe-inline'",
            f"img-src 'self' data: blob: {MAP_TILES}",
            "font-src 'self' data:",
            "connect-src 'self' ws: wss:",
            "worker-src 'self'",
            "manifest-src 'self'",
            f"form-action 'self' https: {api}",
            "frame-ancestors 'none'",
            "base-uri 'self'",
            "object-src 'none'",
        ]
    )


def security_headers(settings: Settings) -> list[tuple[bytes, bytes]]:
    headers = [
        (b"content-security-policy", content_security_policy(settings).encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"referrer-policy", b"strict-origin-when-cross-origin"),
        (b"permissions-policy", b"camera=(self), geolocation=(self), microphone=()"),
    ]
    if settings.is_production:
        headers.append((b"strict-transport-security", b"max-age=31536000; includeSubDomains"))
    return headers


class SecurityMiddleware:
    """Adds the headers to every HTTP response and refuses socket traffic from another origin."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.headers = security_headers(settings)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        if scope["path"].startswith(NICEGUI_SOCKET_PREFIX) and not same_origin(scope):
            await refuse(scope, receive, send)
            return
        if scope["type"] == "websocket":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(name, value) for name, value in self.headers if name not in present]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def same_origin(scope: Scope) -> bool:
    """No Origin header (not a browser, or same-origin GET) passes; otherwise it must name this host."""
    headers = dict(scope.get("headers", []))
    origin = headers.get(b"origin", b"").decode("latin-1")
    if not origin:
        return True
    host = headers.get(b"x-forwarded-host", headers.get(b"host", b"")).decode("latin-1")
    return bool(urlsplit(origin).netloc == host)


async def refuse(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] == "websocket":
        await send({"type": "websocket.close", "code": 1008})
        return
    await send({"type": "http.response.start", "status": 403, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": b"Cross-origin requests are not allowed."})
