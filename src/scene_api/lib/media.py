"""Public URLs of stored files: every process serves `/media/{key}` from the bucket."""

from __future__ import annotations

MEDIA_PREFIX = "/media/"


def media_url(key: str | None) -> str | None:
    return f"{MEDIA_PREFIX}{key}" if key else None
