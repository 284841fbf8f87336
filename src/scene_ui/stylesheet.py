"""The app's stylesheet, compiled ahead of time: Tailwind's utilities for every class the pages use, and
the icon font cut down to the icons the pages show. NiceGUI's browser runtime used to compile Tailwind in
every page load (67 KB of script, then work on a slow CPU); `ui.run(tailwind=False)` turns it off and
`static/app.css` takes its place.

`scripts/build_css.py` writes `static/app.css`, the icon font and the Urdu font under `static/fonts/` and
`SOURCES` (what it was built from); `tests/ui/test_stylesheet.py` fails when a page uses a class or an icon
the build did not see. The classes are found the way Tailwind finds them: every word of every string in the
UI's Python files (docstrings aside) is a candidate, and Tailwind keeps those that name a utility.
"""

from __future__ import annotations

import ast
import hashlib
import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

PACKAGE = Path(__file__).parent
STATIC = PACKAGE / "static"
STYLESHEET = STATIC / "app.css"
ICON_FONT = STATIC / "fonts" / "icons.woff2"
SCRIPT = STATIC / "nicegui.js"
"""NiceGUI's scripts with Quasar, built by `scene_ui.assets`: its components draw icons of their own."""
SOURCES = PACKAGE / "stylesheet_sources.json"
"""What the build saw: a digest of the CSS fed to Tailwind, the candidate words, the icons kept, and every
icon name the full font has (to tell a new icon from any other new word)."""
UNSCANNED = PACKAGE / "public"
"""The public pages: plain HTML with a stylesheet of their own, no Tailwind."""
TAILWIND_VERSION = "4.1.13"
"""The version NiceGUI 3.18's browser runtime carries: the same utilities as before."""

ICON_FAMILY = "Scene Icons"
TEXT_STACK = 'Roboto, system-ui, -apple-system, "Segoe UI", "Helvetica Neue", Arial, sans-serif'
"""The phone's own fonts, nothing downloaded: Android's system font is Roboto (every version ships it, 100 to
900, `font-black` included), so the Android phones Scene is made for show the same Roboto the app used to
send them (21 KB, and a swap of fonts once it arrived); iPhones get San Francisco, computers theirs. Roboto is
named first because some Android makers set another `system-ui` font. No `@font-face` names Roboto: NiceGUI's
(its fonts.css) is left out of `static/nicegui.css` (`scene_ui.assets`). Urdu is drawn in our own Naskh
(`URDU_FACES`), named first in `scene_ui.i18n.URDU_FONTS`."""

URDU_FAMILY = "Scene Urdu"
URDU_FACES = {400: STATIC / "fonts" / "urdu-400.woff2", 700: STATIC / "fonts" / "urdu-700.woff2"}
"""Noto Naskh Arabic (SIL OFL 1.1), cut to `URDU_CODE_POINTS`: about 15 KB a weight, where Noto Nastaliq Urdu
cut the same way weighs 100 KB (its contextual forms are most of its glyphs); see docs/engineering.md. The
bold face draws 600 to 900, so headings and buttons are not smeared by a synthesized bold."""
URDU_WEIGHTS = {400: "100 500", 700: "600 900"}
URDU_FONT_URLS = {weight: f"/static/fonts/{face.name}" for weight, face in URDU_FACES.items()}
URDU_CODE_POINTS = (
    (0x060C, 0x060C),  # comma
    (0x0610, 0x061B),  # honorific signs, semicolon
    (0x061F, 0x061F),  # question mark
    (0x0621, 0x063A),  # hamza to ghain
    (0x0640, 0x0655),  # tatweel, feh to yeh (an Arabic keyboard's kaf, yeh, heh too), the vowel marks
    (0x0660, 0x066C),  # Arabic-Indic digits, percent, decimal and thousands separators
    (0x0670, 0x0670),  # superscript alef (khari zabar)
    (0x0679, 0x0679),  # tteh
    (0x067E, 0x067E),  # peh
    (0x0686, 0x0686),  # tcheh
    (0x0688, 0x0688),  # ddal
    (0x0691, 0x0691),  # rreh
    (0x0698, 0x0698),  # jeh
    (0x06A9, 0x06A9),  # keheh
    (0x06AF, 0x06AF),  # gaf
    (0x06BA, 0x06BA),  # noon ghunna
    (0x06BE, 0x06BE),  # do-chashmi heh
    (0x06C0, 0x06C3),  # heh goal and its hamza forms, teh marbuta goal
    (0x06CC, 0x06CC),  # farsi yeh
    (0x06D2, 0x06D4),  # bari yeh, with hamza, the full stop
    (0x06F0, 0x06F9),  # Urdu digits
    (0x200C, 0x200D),  # zero-width non-joiner and joiner
    (0xFDF2, 0xFDF2),  # the ligature for Allah
    (0xFDFA, 0xFDFA),  # the salawat sign
)
"""What Urdu text needs, the catalogue's and what members write: the Urdu letters, the Arabic ones an Arabic
keyboard types, marks, both kinds of digits, punctuation. Latin (digits and brand names inside Urdu
sentences) falls to the next fonts: the face's `unicode-range` is exactly this, so a page downloads the
font only when it draws one of these in Urdu text (`html[lang="ur"]`), and English pages never do."""


def urdu_code_points() -> list[int]:
    return [code for first, last in URDU_CODE_POINTS for code in range(first, last + 1)]


def _urdu_face(weight: int) -> str:
    ranges = ", ".join(
        f"U+{first:04X}" + (f"-{last:04X}" if last > first else "") for first, last in URDU_CODE_POINTS
    )
    return (
        f'@font-face {{ font-family: "{URDU_FAMILY}"; font-style: normal; '
        f"font-weight: {URDU_WEIGHTS[weight]}; "
        f'font-display: swap; src: url({URDU_FONT_URLS[weight]}) format("woff2"); '
        f"unicode-range: {ranges}; }}"
    )


URDU_FONT_FACES = "\n".join(_urdu_face(weight) for weight in URDU_FACES)
"""The Urdu faces, in `FONTS_CSS` and word for word in the public pages' `public.css` (a test compares):
shown in the phone's font first and swapped in when the file arrives (`font-display: swap`), never blank."""

FONTS_CSS = f"""
@font-face {{
  font-family: "{ICON_FAMILY}"; font-style: normal; font-weight: 400; font-display: block;
  src: url(fonts/icons.woff2) format("woff2");
}}
{URDU_FONT_FACES}
@layer components {{
  body {{ font-family: {TEXT_STACK}; }}
  .material-icons {{ font-family: "{ICON_FAMILY}"; }}
}}
"""
"""Our own name for the icons, so NiceGUI's full icon font is never used and never fetched; they block briefly
rather than show their ligature names. Text in the phone's own fonts (`TEXT_STACK`), Urdu in ours."""

NICEGUI_DARK_VARIANT = "@custom-variant dark (&:where(body.body--dark, body.body--dark *));"
"""What NiceGUI's page template gives the runtime: `dark:` follows Quasar's dark mode."""

WORD = re.compile(r"[^\s\"'`<>=]+")
CANDIDATE = re.compile(r"^[!\-@\[a-z0-9*][\w\-\[\]().:/&%#!,*>~+@']*$")
"""The shape of a Tailwind class (`w-full`, `text-meta`, `rounded-[4px]`, `[&_.q-icon]:text-xl`)."""


def tailwind_input(tokens: str) -> str:
    """The CSS Tailwind compiles: its own layers, NiceGUI's dark variant, the theme's tokens, the fonts."""
    return f'@import "tailwindcss";\n{NICEGUI_DARK_VARIANT}\n{tokens}\n{FONTS_CSS}'


def input_digest(tokens: str) -> str:
    return hashlib.sha256(f"{TAILWIND_VERSION}\n{tailwind_input(tokens)}".encode()).hexdigest()


def _strings(tree: ast.AST) -> Iterator[str]:
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.value


def candidates() -> set[str]:
    """Every word in the strings of the UI's Python files that could be a class name or an icon name, and
    the icons Quasar's components draw themselves (a select's arrow, a chip's remove)."""
    found: set[str] = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.is_relative_to(UNSCANNED):
            continue
        for text in _strings(ast.parse(path.read_text(encoding="utf-8"))):
            found.update(word for word in WORD.findall(text) if CANDIDATE.match(word))
    return found | quasar_icons(SCRIPT.read_text(encoding="utf-8"))


ICON_SET_START = '{name:"material-icons",'
ICON_SET_USE = re.compile(r"iconSet\.([\w.]+)")
UNQUOTED_KEY = re.compile(r"([{,])(\w+):")


def quasar_icons(script: str) -> set[str]:
    """The icons of Quasar's default icon set (Material Icons) that the bundled components ask for
    (`$q.iconSet.arrow.dropdown`, or a whole group such as `iconSet.uploader`). Without them in the cut
    font, a select showed the words "arrow_drop_down", 192 px wide, and the page no longer fit a phone."""
    literal = _balanced(script, script.index(ICON_SET_START))
    icon_set: dict[str, Any] = json.loads(UNQUOTED_KEY.sub(r'\1"\2":', literal))
    names: set[str] = set()
    for use in ICON_SET_USE.findall(script):
        found: Any = icon_set
        for key in use.split("."):
            found = found.get(key) if isinstance(found, dict) else None
        names.update([found] if isinstance(found, str) else _strings_in(found))
    return names


def _balanced(text: str, start: int) -> str:
    """The `{...}` that opens at `start` (the icon set has no braces inside its strings)."""
    depth = 0
    for index in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[index], 0)
        if depth == 0:
            return text[start : index + 1]
    raise ValueError("no closing brace")


def _strings_in(group: Any) -> Iterator[str]:
    if isinstance(group, dict):
        for value in group.values():
            yield from _strings_in(value)
    elif isinstance(group, str):
        yield group


def built_from() -> dict[str, Any]:
    """What the committed stylesheet was built from (`SOURCES`)."""
    recorded: dict[str, Any] = json.loads(SOURCES.read_text(encoding="utf-8"))
    return recorded


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@cache
def version() -> str:
    """Changes with every build, so a phone fetches a new stylesheet after a deploy."""
    return hashlib.sha256(STYLESHEET.read_bytes()).hexdigest()[:12]


def head_html() -> str:
    """Links the stylesheet and preloads the icon font it names (the icons blank until it is in)."""
    return (
        f'<link rel="preload" href="/static/fonts/icons.woff2" as="font" type="font/woff2" crossorigin>\n'
        f'<link rel="stylesheet" href="/static/app.css?v={version()}">'
    )
