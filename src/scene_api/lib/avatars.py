"""Deterministic SVG artwork drawn locally: member avatars and venue cover illustrations."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import TypeVar
from xml.sax.saxutils import escape, quoteattr

T = TypeVar("T")

SVG_CONTENT_TYPE = "image/svg+xml"

GRADIENTS: tuple[tuple[str, str], ...] = (
    ("#6366F1", "#A855F7"),
    ("#0EA5E9", "#6366F1"),
    ("#14B8A6", "#0EA5E9"),
    ("#059669", "#14B8A6"),
    ("#F59E0B", "#EF4444"),
    ("#EC4899", "#F43F5E"),
    ("#F97316", "#EC4899"),
    ("#8B5CF6", "#EC4899"),
    ("#E11D48", "#9333EA"),
    ("#2563EB", "#06B6D4"),
)
"""Avatar backgrounds, all dark enough for white initials."""

COURT_SURFACES: tuple[str, ...] = ("#2563EB", "#0F766E", "#15803D", "#C2410C", "#7C3AED", "#0369A1")
"""The artificial-turf colours padel clubs actually lay."""

SCENE_DROP = 110
"""How far the court is drawn below the cover's top: centred, now that no name is written under it."""
FONT_STACK = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"


def avatar_key(handle: str) -> str:
    return f"avatars/{handle}.svg"


def venue_cover_key(slug: str) -> str:
    return f"venues/{slug}/cover.svg"


def _pick(choices: Sequence[T], seed: str, salt: str) -> T:
    """A stable choice from a hash: Python's own `hash()` changes between runs."""
    digest = hashlib.sha256(f"{salt}:{seed}".encode()).digest()
    return choices[int.from_bytes(digest[:4], "big") % len(choices)]


def initials(name: str, handle: str) -> str:
    words = name.split()
    if len(words) >= 2:
        return (words[0][0] + words[-1][0]).upper()
    if words:
        return words[0][:2].upper()
    return handle[:2].upper()


def avatar_svg(handle: str, name: str) -> bytes:
    """Initials on a gradient picked from the handle, in a rounded square the UI may crop to a circle."""
    start, end = _pick(GRADIENTS, handle, "avatar")
    ident = f"avatar-{handle}"
    svg = f"""<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128" \
role="img" aria-label={quoteattr(name or handle)}>
  <defs>
    <linearGradient id="{ident}-bg" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="{start}"/>
      <stop offset="1" stop-color="{end}"/>
    </linearGradient>
    <clipPath id="{ident}-clip"><rect width="128" height="128" rx="32"/></clipPath>
  </defs>
  <g clip-path="url(#{ident}-clip)">
    <rect width="128" height="128" fill="url(#{ident}-bg)"/>
    <circle cx="112" cy="8" r="56" fill="#FFFFFF" fill-opacity="0.12"/>
    <circle cx="8" cy="132" r="40" fill="#000000" fill-opacity="0.10"/>
  </g>
  <text x="64" y="64" dy="0.35em" text-anchor="middle" font-family="{FONT_STACK}" font-size="50" \
font-weight="700" letter-spacing="1" fill="#FFFFFF">{escape(initials(name, handle))}</text>
</svg>
"""
    return svg.encode()


COVER_WIDTH = 1200
COVER_HEIGHT = 630
"""The size WhatsApp and other link previews expect."""

COURT_WIDTH_M = 10.0
COURT_LENGTH_M = 20.0
SERVICE_LINE_M = 3.05
"""Distance of each service line from its back wall."""
NET_HEIGHT_M = 0.88
GLASS_HEIGHT_M = 3.0


def _project(across: float, along: float, height: float = 0.0) -> tuple[float, float]:
    """Where a point of the court (in metres) lands, seen from behind and above the near baseline."""
    depth = 1 + 0.9 * along / COURT_LENGTH_M
    return (600 + (across - COURT_WIDTH_M / 2) * 64 / depth, -30 + (410 - height * 64) / depth)


def _points(*corners: tuple[float, float, float]) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in (_project(*corner) for corner in corners))


def _ground_line(start: tuple[float, float], end: tuple[float, float]) -> str:
    (x1, y1), (x2, y2) = _project(*start), _project(*end)
    return f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}"/>'


def _side_wall(across: float, from_along: float, to_along: float, height: float) -> str:
    return _points(
        (across, from_along, 0),
        (across, to_along, 0),
        (across, to_along, height),
        (across, from_along, height),
    )


def _cross_wall(along: float, height: float) -> str:
    return _points(
        (0, along, 0), (COURT_WIDTH_M, along, 0), (COURT_WIDTH_M, along, height), (0, along, height)
    )


def venue_cover_svg(slug: str, name: str, area: str, city: str) -> bytes:
    """A stylised padel court under floodlights, coloured from its slug. The venue's name and area are
    only in its label: every page and link preview writes them beside the picture, so drawn in they
    showed twice."""
    surface = _pick(COURT_SURFACES, slug, "court")
    accent, _ = _pick(GRADIENTS, slug, "accent")
    ident = f"cover-{slug}"
    far, mid = COURT_LENGTH_M, COURT_LENGTH_M / 2
    court = _points((0, 0, 0), (COURT_WIDTH_M, 0, 0), (COURT_WIDTH_M, far, 0), (0, far, 0))
    lines = "\n    ".join(
        (
            _ground_line((0, SERVICE_LINE_M), (COURT_WIDTH_M, SERVICE_LINE_M)),
            _ground_line((0, far - SERVICE_LINE_M), (COURT_WIDTH_M, far - SERVICE_LINE_M)),
            _ground_line((COURT_WIDTH_M / 2, SERVICE_LINE_M), (COURT_WIDTH_M / 2, far - SERVICE_LINE_M)),
        )
    )
    glass = "\n    ".join(
        f'<polygon points="{wall}"/>'
        for wall in (
            _cross_wall(far, GLASS_HEIGHT_M),
            _side_wall(0, far - 4, far, GLASS_HEIGHT_M),
            _side_wall(COURT_WIDTH_M, far - 4, far, GLASS_HEIGHT_M),
            _side_wall(0, 0, 4, GLASS_HEIGHT_M),
            _side_wall(COURT_WIDTH_M, 0, 4, GLASS_HEIGHT_M),
        )
    )
    mesh = "\n    ".join(
        f'<polygon points="{_side_wall(side, 4, far - 4, GLASS_HEIGHT_M)}"/>' for side in (0, COURT_WIDTH_M)
    )
    ball_x, ball_y = _project(6.8, 6.5, 1.4)
    shadow_x, shadow_y = _project(6.8, 6.5)
    svg = f"""<svg xmlns="http://www.w3.org/2000/svg" width="{COVER_WIDTH}" height="{COVER_HEIGHT}" \
viewBox="0 0 {COVER_WIDTH} {COVER_HEIGHT}" role="img" aria-label={quoteattr(f"{name}, {area}, {city}")}>
  <defs>
    <linearGradient id="{ident}-night" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#070B16"/>
      <stop offset="1" stop-color="#111827"/>
    </linearGradient>
    <radialGradient id="{ident}-glow" cx="0.5" cy="0.15" r="0.65">
      <stop offset="0" stop-color="{accent}" stop-opacity="0.5"/>
      <stop offset="1" stop-color="{accent}" stop-opacity="0"/>
    </radialGradient>
  </defs>
  <rect width="{COVER_WIDTH}" height="{COVER_HEIGHT}" fill="url(#{ident}-night)"/>
  <rect width="{COVER_WIDTH}" height="{COVER_HEIGHT}" fill="url(#{ident}-glow)"/>
  <g transform="translate(0 {SCENE_DROP})">
  <g fill="#FFFFFF">
    <circle cx="200" cy="48" r="7"/>
    <circle cx="1000" cy="48" r="7"/>
    <circle cx="200" cy="48" r="46" fill-opacity="0.08"/>
    <circle cx="1000" cy="48" r="46" fill-opacity="0.08"/>
  </g>
  <g fill="#94A3B8" fill-opacity="0.10" stroke="#CBD5E1" stroke-opacity="0.35" stroke-width="1.5" \
stroke-dasharray="3 5">
    {mesh}
  </g>
  <g fill="#BFDBFE" fill-opacity="0.14" stroke="#E0F2FE" stroke-opacity="0.6" stroke-width="2">
    {glass}
  </g>
  <polygon points="{court}" fill="{surface}"/>
  <g stroke="#FFFFFF" stroke-width="4" stroke-linecap="round" stroke-opacity="0.9">
    {lines}
  </g>
  <polygon points="{court}" fill="none" stroke="#FFFFFF" stroke-width="5" stroke-linejoin="round"/>
  <polygon points="{_cross_wall(mid, NET_HEIGHT_M)}" fill="#0B1020" fill-opacity="0.6" stroke="#FFFFFF" \
stroke-width="3"/>
  <ellipse cx="{shadow_x:.1f}" cy="{shadow_y:.1f}" rx="12" ry="4" fill="#000000" fill-opacity="0.35"/>
  <circle cx="{ball_x:.1f}" cy="{ball_y:.1f}" r="9" fill="#D9F99D"/>
  </g>
</svg>
"""
    return svg.encode()
