"""Public URLs of stored files: every process serves `/media/{key}` from the bucket."""

from __future__ import annotations

from scene_api.lib.boundary import clean_text

MEDIA_PREFIX = "/media/"


def media_url(key: str | None) -> str | None:
    return f"{MEDIA_PREFIX}{key}" if key else None


def stored_key(path: str) -> str | None:
    """The bucket key a `/media/{path}` request names, or None when no stored file can have it: an
    empty, `.` or `..` segment (a path escape, which the S3 client refuses with an exception), a
    backslash or a control character. Such a request is a 404 without asking the bucket."""
    key = path.lstrip("/")
    segments = key.split("/")
    if any(segment in ("", ".", "..") for segment in segments) or "\\" in key or not clean_text(key):
        return None
    return key
