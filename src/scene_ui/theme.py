"""Scene's dark design tokens, the one place raw colour values live; `apply()` installs them once."""

from __future__ import annotations

from nicegui import app, ui

from scene_ui import stylesheet
from scene_ui.components import near
from scene_ui.i18n import URDU_FONTS

WORDMARK = "scene"
"""The name as the header writes it, lower case, with the accent dot after it."""

# Colours: near-black surfaces and one accent, the volt of a padel ball.
BACKGROUND = "#0B0B0F"
SURFACE = "#15151C"
RAISED = "#1F1F29"
LINE = "#272732"
TEXT = "#F4F4F6"
MUTED = "#9E9EAD"
ACCENT = "#D4F53C"
ON_ACCENT = "#0B0B0F"
DANGER = "#FF6B6B"
WARNING = "#FFB547"
ACCENT_SOFT = "rgba(212, 245, 60, 0.12)"
"""The accent at low strength: selected rows, the dev hint box, badges on dark."""
SCRIM = "rgba(0, 0, 0, 0.5)"
MAP_BACKGROUND = "#101017"
"""What the map shows where tiles could not load (offline): markers still sit on it."""

GUTTER = "1rem"
"""Space between the screen edge and content."""

TAILWIND_THEME = f"""
@theme {{
  --color-page: {BACKGROUND};
  --color-surface: {SURFACE};
  --color-raised: {RAISED};
  --color-line: {LINE};
  --color-ink: {TEXT};
  --color-muted: {MUTED};
  --color-accent: {ACCENT};
  --color-on-accent: {ON_ACCENT};
  --color-danger: {DANGER};
  --color-warning: {WARNING};
  --color-accent-soft: {ACCENT_SOFT};

  --radius-card: 18px;
  --container-content: 480px;

  --spacing-gutter: {GUTTER};
  --spacing-section: 1.75rem;
  --spacing-touch: 2.75rem;

  --text-display: 1.75rem;
  --text-display--line-height: 2.125rem;
  --text-display--letter-spacing: -0.02em;
  --text-title: 1.125rem;
  --text-title--line-height: 1.5rem;
  --text-title--letter-spacing: -0.01em;
  --text-card: 1.0625rem;
  --text-card--line-height: 1.375rem;
  --text-body: 0.9375rem;
  --text-body--line-height: 1.375rem;
  --text-meta: 0.8125rem;
  --text-meta--line-height: 1.125rem;
  --text-label: 0.6875rem;
  --text-label--line-height: 0.875rem;
  --text-wordmark: 1.625rem;
  --text-wordmark--line-height: 1;
  --text-wordmark--letter-spacing: -0.04em;
}}
"""
"""Tailwind tokens (compiled into `static/app.css` by scripts/build_css.py): `bg-surface`, `text-muted`,
`rounded-card`, `max-w-content`, `px-gutter`, `min-h-touch` (44px, the smallest touch target),
`text-display` ... `text-label`."""

GLOBAL_CSS = f"""
@layer components {{
  html, body {{ background: {BACKGROUND}; color: {TEXT}; -webkit-tap-highlight-color: transparent; }}
  body {{ -webkit-font-smoothing: antialiased; text-rendering: optimizeLegibility; }}
  .nicegui-content {{ padding: 0; gap: 0; }}
  .q-skeleton--dark {{ background: {RAISED}; }}
  .q-footer {{ padding-bottom: env(safe-area-inset-bottom); }}
  .scene-scroller {{
    scrollbar-width: none; overscroll-behavior-x: contain;
    scroll-snap-type: x proximity; scroll-padding-inline: {GUTTER};
  }}
  .scene-scroller::-webkit-scrollbar {{ display: none; }}
  .scene-scroller > * {{ scroll-snap-align: start; flex-shrink: 0; }}
  .scene-code input {{ letter-spacing: 0.5em; font-size: 1.5rem; font-weight: 700; text-align: center; }}
  .q-field--outlined .q-field__control {{ border-radius: 14px; }}
  .q-field--outlined .q-field__control:before {{ border-color: {LINE}; }}
  html[lang="ur"] body, html[lang="ur"] .q-btn, html[lang="ur"] input, html[lang="ur"] textarea {{
    font-family: {URDU_FONTS};
  }}
  html[lang="ur"] body {{ line-height: 1.8; }}
  html[lang="ur"] .scene-wordmark, html[lang="ur"] .scene-latin {{
    font-family: ui-sans-serif, system-ui, sans-serif;
  }}
  html[dir="rtl"] .scene-mirror {{ transform: scaleX(-1); }}
  html[dir="rtl"] .nicegui-content div, html[dir="rtl"] .q-header div, html[dir="rtl"] .q-footer div {{
    unicode-bidi: plaintext; text-align: right;
  }}
  html[dir="rtl"] .q-field__label {{ right: 0; left: auto; transform-origin: right top; }}
  html[dir="rtl"] .scene-scroller {{ overscroll-behavior-x: contain; }}
}}
"""

URDU_CSS = """
html[lang="ur"] {
  --text-display--line-height: 1.75; --text-title--line-height: 1.8; --text-card--line-height: 1.8;
  --text-body--line-height: 2.1; --text-meta--line-height: 2; --text-label--line-height: 1.8;
  --text-display--letter-spacing: 0; --text-title--letter-spacing: 0;
}
html[lang="ur"] .uppercase { text-transform: none; letter-spacing: 0; }
html[lang="ur"] [role="heading"] { padding-bottom: 0.3em; }
html[lang="ur"] .q-field__native, html[lang="ur"] .q-field__native span { line-height: 2.2; }
"""
"""Nastaliq stacks its letters diagonally and needs much taller lines than Latin (a dropdown's chosen value
too, which is clipped to its line); no capitals either. Not in a cascade layer, so it wins over the
Tailwind tokens."""

MAP_CSS = f"""
.scene-map.leaflet-container, .scene-map .leaflet-container {{ background: {MAP_BACKGROUND}; font: inherit; }}
.scene-map .leaflet-tile-pane {{ filter: brightness(0.7) saturate(0.6); }}
.scene-map .leaflet-bar a {{ background: {RAISED}; color: {TEXT}; border-color: {LINE}; }}
.scene-map .leaflet-bar {{ border: 1px solid {LINE}; border-radius: 12px; overflow: hidden; }}
.scene-map.leaflet-container .leaflet-control-attribution {{ background: {SCRIM}; color: {MUTED}; }}
.scene-map.leaflet-container .leaflet-control-attribution a {{ color: {MUTED}; }}
.scene-map .leaflet-popup-content-wrapper, .scene-map .leaflet-popup-tip {{
  background: {RAISED}; color: {TEXT}; border-radius: 14px;
}}
.scene-map .leaflet-popup-content a {{ color: {ACCENT}; font-weight: 600; }}
"""
"""Leaflet's own stylesheet is not in a cascade layer, so these overrides cannot be either."""

FAVICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
    f'<rect width="64" height="64" rx="16" fill="{BACKGROUND}"/>'
    f'<circle cx="32" cy="32" r="13" fill="{ACCENT}"/></svg>'
)
"""The wordmark's accent dot on black."""

ESM_NOTICE_HIDDEN = (
    "<style>html:not(.scene-no-esm) #esm-fallback { display: none; }</style>\n"
    "<script nomodule>document.documentElement.classList.add('scene-no-esm')</script>"
)
"""NiceGUI's "Your browser does not support ES modules" notice shows after a second of waiting for the
page's modules, which on a slow network is every first visit: only a browser without modules (the one
that runs `nomodule` scripts) gets to see it."""

VIEWPORT = "width=device-width, initial-scale=1, viewport-fit=cover"
"""`viewport-fit=cover` lets the bottom navigation sit above the phone's home indicator."""


def apply() -> None:
    """Quasar brand colours for the whole app; the compiled stylesheet and base CSS in every page's head."""
    app.colors(
        primary=ACCENT,
        secondary=RAISED,
        accent=ACCENT,
        dark=SURFACE,
        dark_page=BACKGROUND,
        positive=ACCENT,
        negative=DANGER,
        info=MUTED,
        warning=WARNING,
    )
    ui.add_head_html(
        f'<meta name="theme-color" content="{BACKGROUND}">\n'
        f"{stylesheet.head_html()}\n"
        f"{ESM_NOTICE_HIDDEN}\n"
        f"{near.SCRIPT}\n"
        f"<style>{GLOBAL_CSS}</style>\n"
        f"<style>{MAP_CSS}</style>\n"
        f"<style>{URDU_CSS}</style>",
        shared=True,
    )
