"""Draw Scene's app icons (the favicon's accent dot on black) into src/scene_ui/static/icons/.

Run once after changing the design or the colours: `uv run python scripts/make_icons.py`; the PNGs are
committed. Drawn four times larger and scaled down, so the dot's edge is smooth.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

from scene_ui.theme import ACCENT, BACKGROUND

ICONS = Path(__file__).resolve().parents[1] / "src" / "scene_ui" / "static" / "icons"
SUPERSAMPLE = 4
DOT = 13 / 64
"""The dot's radius as a share of the side, as in the favicon (theme.FAVICON)."""
CORNER = 16 / 64
"""Rounded corners of the plain icons; maskable and Apple icons are full squares (the system rounds them)."""


def draw(size: int, *, rounded: bool) -> Image.Image:
    big = size * SUPERSAMPLE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    if rounded:
        pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=round(big * CORNER), fill=BACKGROUND)
    else:
        pen.rectangle((0, 0, big, big), fill=BACKGROUND)
    radius = big * DOT
    centre = big / 2
    pen.ellipse((centre - radius, centre - radius, centre + radius, centre + radius), fill=ACCENT)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    """A maskable icon keeps what matters inside the middle 80% (the safe zone); the dot fills 41%."""
    ICONS.mkdir(parents=True, exist_ok=True)
    wanted = {
        "icon-192.png": draw(192, rounded=True),
        "icon-512.png": draw(512, rounded=True),
        "maskable-512.png": draw(512, rounded=False),
        "apple-touch-icon.png": draw(180, rounded=False),
    }
    for name, image in wanted.items():
        flat = image if name.startswith("icon-") else image.convert("RGB")
        flat.save(ICONS / name, optimize=True)
        print(f"{name}: {(ICONS / name).stat().st_size} bytes")


if __name__ == "__main__":
    main()
