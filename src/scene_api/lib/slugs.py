"""URL slugs from names: lowercase ASCII words joined by dashes."""

from __future__ import annotations

import re
import secrets
import unicodedata

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str, *, max_length: int) -> str:
    """`Lahore Padel Crew!` -> `lahore-padel-crew`; empty when nothing Latin is left (e.g. Urdu script)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")[:max_length].rstrip("-")


_SUFFIX_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def share_slug(title: str, *, max_length: int = 24) -> str:
    """`padel-doubles-k7m2qx`: a readable head from the title and a random tail for uniqueness."""
    tail = "".join(secrets.choice(_SUFFIX_ALPHABET) for _ in range(6))
    head = slugify(title, max_length=max_length - len(tail) - 1)
    return f"{head}-{tail}" if head else tail
