"""What goes in and out of the notifications API."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import msgspec


class Notification(msgspec.Struct):
    id: UUID
    kind: str
    title: str
    body: str
    link: str
    created_at: datetime
    read: bool


class UnreadCount(msgspec.Struct):
    unread: int
