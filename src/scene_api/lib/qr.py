"""QR codes for court bookings and event tickets: a token signed with the QR key naming one booking
or ticket and its code, drawn with segno.

The token proves Scene issued it without a database lookup; using it once is enforced by the
booking's or ticket's state (-> checked_in happens once).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from uuid import UUID

import segno

TOKEN_PREFIX = "SCN1"  # noqa: S105  (a format marker, not a secret)


def _signature(key: str, kind: str, thing_id: UUID, code: str) -> str:
    digest = hmac.new(key.encode(), f"{kind}:{thing_id}:{code}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:18]).decode()


def _token(key: str, kind: str, thing_id: UUID, code: str) -> str:
    return f"{TOKEN_PREFIX}.{thing_id.hex}.{code}.{_signature(key, kind, thing_id, code)}"


def _read(key: str, kind: str, token: str) -> tuple[UUID, str] | None:
    parts = token.strip().split(".")
    if len(parts) != 4 or parts[0] != TOKEN_PREFIX:
        return None
    try:
        thing_id = UUID(hex=parts[1])
    except ValueError:
        return None
    if not hmac.compare_digest(parts[3], _signature(key, kind, thing_id, parts[2])):
        return None
    return thing_id, parts[2]


def booking_token(key: str, booking_id: UUID, code: str) -> str:
    """`SCN1.<booking id>.<code>.<signature>`: short enough for a QR code a phone reads at a glance."""
    return _token(key, "booking", booking_id, code)


def read_booking_token(key: str, token: str) -> tuple[UUID, str] | None:
    """The booking id and code a genuine token carries; None for anything forged or mangled."""
    return _read(key, "booking", token)


def ticket_token(key: str, ticket_id: UUID, code: str) -> str:
    """`SCN1.<ticket id>.<code>.<signature>`; signed apart from bookings, so neither passes for the other."""
    return _token(key, "ticket", ticket_id, code)


def read_ticket_token(key: str, token: str) -> tuple[UUID, str] | None:
    """The ticket id and code a genuine ticket token carries; None for anything else."""
    return _read(key, "ticket", token)


def svg_data_uri(text: str) -> str:
    """A QR code as an SVG data URI, dark on white with a quiet zone (scanners need the contrast)."""
    return str(segno.make(text, error="m", micro=False).svg_data_uri(scale=6, border=4))
