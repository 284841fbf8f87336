"""Uploaded pictures: checked by their content (not their name or header) and re-encoded at fixed sizes."""

from __future__ import annotations

import io
from collections.abc import Sequence

from PIL import Image, ImageOps, UnidentifiedImageError

from scene_api.i18n import Message
from scene_api.lib.errors import InvalidInput

ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
MAX_PIXELS = 40_000_000
"""A 5 MB file can still decode into gigabytes; refuse anything bigger than a phone camera's photo."""
OUTPUT_CONTENT_TYPE = "image/webp"


def _upright(body: bytes, field: str) -> Image.Image:
    """The decoded picture the right way up; anything that is not a real JPEG, PNG or WebP is a 422."""
    try:
        with Image.open(io.BytesIO(body), formats=ACCEPTED_FORMATS) as image:
            if image.width * image.height > MAX_PIXELS:
                raise InvalidInput(Message("errors_lib.picture_too_large"), field=field)
            upright = ImageOps.exif_transpose(image)
            transparent = "A" in upright.getbands() or "transparency" in upright.info
            return upright.convert("RGBA" if transparent else "RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise InvalidInput(Message("errors_lib.picture_format"), field=field) from exc


def _webp(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "WEBP", quality=85)
    return out.getvalue()


def square_webps(body: bytes, sizes: Sequence[int], *, field: str = "file") -> dict[int, bytes]:
    """The picture centre-cropped to a square at each size, as WebP. Re-encoding drops EXIF (GPS)."""
    upright = _upright(body, field)
    return {size: _webp(ImageOps.fit(upright, (size, size), Image.Resampling.LANCZOS)) for size in sizes}


def bounded_webp(body: bytes, longest_side: int, *, field: str = "file") -> bytes:
    """The whole picture (no crop) shrunk so its longest side is at most `longest_side`, as WebP."""
    upright = _upright(body, field)
    upright.thumbnail((longest_side, longest_side), Image.Resampling.LANCZOS)
    return _webp(upright)
