"""NiceGUI's scripts and stylesheets, built ahead of time into two files that every page loads in place of
the eight NiceGUI's page template names (`scene_ui.document` rewrites the page).

- `static/nicegui.js`: the scripts NiceGUI's page runs one after the other, in that order, as one file:
  socket.io, Quasar, nicegui.js, Quasar's English. On fast 3G every request waits 562 ms, six at a time per
  host; one file for four saves two rounds of it. Quasar in it is cut to what the pages use: NiceGUI's UMD
  build has every component, directive and plugin (503 KB, 141 KB brotli); `scripts/build_assets.py`
  bundles the same Quasar version (read from that UMD file's header) from its sources with only the
  components the pages can render, the directives their templates name and the plugins NiceGUI calls,
  exposing the same `window.Quasar` API (`install`, `lang`, `Lang`, `iconSet`, `Notify`, `Dark`, the
  components) and taking Vue from the global NiceGUI's page sets.
- `static/nicegui.css`: NiceGUI's four `@import`ed stylesheets, each in the cascade layer its `@import`
  gave it, which the browser finds at once in a `<link>` instead of late, inside an inline style.

What the pages can render is found mechanically, never listed by hand:

- the `ui.*` names the UI's Python code uses (public/ aside: plain HTML), their NiceGUI classes and
  functions, and every `q-*` tag in those classes' modules and Vue component files;
- what NiceGUI renders itself (the page layout in client.py) and calls (`Quasar.X` in nicegui.js and the
  element modules, the plugins its Quasar config names);
- every `q-*` word in the UI's own code (`ui.element("q-…")`, templates, scripts).

Words that name no Quasar component (`q-pa-md` is a class) drop out against Quasar's own list.
`tests/ui/test_assets.py` fails when the pages use a component, directive or plugin the bundle lacks, or
when a file differs from what the build would make of the installed NiceGUI.
"""

from __future__ import annotations

import ast
import hashlib
import inspect
import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import nicegui
from nicegui import core, ui
from nicegui.element import Element

PACKAGE = Path(__file__).parent
STATIC = PACKAGE / "static"
SCRIPT = STATIC / "nicegui.js"
STYLESHEET = STATIC / "nicegui.css"
SOURCES = PACKAGE / "assets_sources.json"
"""What the build used: Quasar's version, its lists of components, directives and plugins, what it kept,
and digests of NiceGUI's files it took and of the two files it wrote."""
UNSCANNED = PACKAGE / "public"
"""The public pages: plain HTML, no Vue or Quasar."""
NICEGUI = Path(nicegui.__file__).parent
NICEGUI_STATIC = NICEGUI / "static"
NICEGUI_UMD = NICEGUI_STATIC / "quasar.umd.prod.js"
NICEGUI_RENDERS = (NICEGUI / "client.py", NICEGUI_STATIC / "nicegui.js", NICEGUI / "app" / "app_config.py")
"""What NiceGUI renders and calls on every page: the layout, the socket's `notify`, `app.use(Quasar)`."""
QUASAR = "quasar.umd.prod.js"
SCRIPTS = ("socket.io.min.js", QUASAR, "nicegui.js", "lang/en-US.umd.prod.js")
"""NiceGUI's page template: `<script defer src=…/static/<file>>`, in this order (Vue's module between the
first two sets the global Quasar needs; the one file sits where Quasar was)."""
STYLESHEETS = (
    ("fonts.css", "base"),
    ("quasar.unimportant.prod.css", "quasar"),
    ("quasar.important.prod.css", "quasar_importants"),
    ("nicegui.css", "nicegui"),
)
"""NiceGUI's page template: `@import url(…/static/<file>) layer(<layer>)`, in this order."""
AUTO_INSTALLED = ("Dark", "IconSet", "Lang", "Platform", "Screen")
"""Plugins Quasar's `install` sets up whatever it is given, which the UMD build also exposes (NiceGUI calls
`Quasar.Dark`, Quasar's language files add themselves to `Quasar.Lang`): always kept, at no cost."""

TAG = re.compile(r"(?<![\w-])q-[a-z]+(?:-[a-z]+)*")
DIRECTIVE = re.compile(r"(?<![\w-])v-([a-z]+(?:-[a-z]+)*)")
PLUGIN_CALL = re.compile(r"\bQuasar\.([A-Z]\w*)")
UMD_HEADER = re.compile(r"Quasar Framework v(\d+\.\d+\.\d+)")
SOURCE_MAP = re.compile(r"\n//# sourceMappingURL=\S+\s*$")


def shipped_version() -> str:
    """The Quasar version NiceGUI ships, from its UMD file's header."""
    found = UMD_HEADER.search(NICEGUI_UMD.read_text(encoding="utf-8")[:200])
    if found is None:
        raise RuntimeError(f"no Quasar version in {NICEGUI_UMD}")
    return found.group(1)


def kebab(name: str) -> str:
    """`QBtnToggle` -> `q-btn-toggle`, `ClosePopup` -> `close-popup`."""
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def _ui_files() -> Iterator[Path]:
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in {".py", ".js"} and not path.is_relative_to(UNSCANNED) and path != SCRIPT:
            yield path


def ui_names() -> set[str]:
    """Every `ui.<name>` the UI's Python code uses."""
    names: set[str] = set()
    for path in _ui_files():
        if path.suffix != ".py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "ui":
                names.add(node.attr)
    return names


def _nicegui_files(thing: object) -> Iterator[Path]:
    """The modules (and Vue component files) of a NiceGUI class and its NiceGUI bases, or a function's."""
    for part in inspect.getmro(thing) if inspect.isclass(thing) else (thing,):
        if not part.__module__.startswith("nicegui"):
            continue
        source = inspect.getsourcefile(part)  # type: ignore[arg-type]
        if source is None:
            continue
        yield Path(source)
        component = getattr(part, "component", None)
        if inspect.isclass(part) and issubclass(part, Element) and component is not None:
            yield Path(component.path)


def scanned_files() -> list[Path]:
    """Every file whose `q-*` tags, `v-*` directives and `Quasar.X` calls can reach a page."""
    files = set(NICEGUI_RENDERS) | set(_ui_files())
    for name in ui_names():
        thing = getattr(ui, name, None)
        if inspect.isclass(thing) or inspect.isfunction(thing):
            files.update(_nicegui_files(thing))
    return sorted(files)


def wanted(available: dict[str, list[str]]) -> dict[str, list[str]]:
    """The components, directives and plugins of `available` (Quasar's lists) that the pages can use."""
    text = "\n".join(path.read_text(encoding="utf-8") for path in scanned_files())
    tags = set(TAG.findall(text))
    directives = set(DIRECTIVE.findall(text))
    configured = {key[0].upper() + key[1:] for key in core.app.config.quasar_config}
    plugins = set(PLUGIN_CALL.findall(text)) | configured | set(AUTO_INSTALLED)
    return {
        "components": sorted(name for name in available["components"] if kebab(name) in tags),
        "directives": sorted(name for name in available["directives"] if kebab(name) in directives),
        "plugins": sorted(name for name in available["plugins"] if name in plugins),
    }


def nicegui_script(name: str) -> str:
    """One of NiceGUI's scripts as it goes into the one file (its source map's address left out)."""
    return SOURCE_MAP.sub("\n", (NICEGUI_STATIC / name).read_text(encoding="utf-8"))


def script(quasar: str) -> str:
    """NiceGUI's scripts in their order, `quasar` in place of its UMD build; each ends its statement."""
    parts = (quasar if name == QUASAR else nicegui_script(name) for name in SCRIPTS)
    return "".join(f"{part.rstrip()}\n;\n" for part in parts)


def stylesheet() -> str:
    """NiceGUI's four stylesheets in one, each in its layer; what nicegui.js does to Quasar's rules once
    they are loaded (`.q-card > div` scoped to `.nicegui-card-tight`) done here, since it only looks into
    `@import`ed sheets; NiceGUI's font faces left out (the app declares its own, `scene_ui.stylesheet`)."""
    parts = []
    for name, layer in STYLESHEETS:
        css = (NICEGUI_STATIC / name).read_text(encoding="utf-8")
        css = re.sub(r"@font-face\s*\{[^}]*\}\s*", "", css)
        if name.startswith("quasar."):
            css = re.sub(r"(^|})([^{}@]*\.q-card\s*>\s*div[^{}]*)\{", r"\1.nicegui-card-tight\2{", css)
        parts.append(f"@layer {layer} {{\n{css}\n}}\n")
    return "".join(parts)


def nicegui_digests() -> dict[str, str]:
    """NiceGUI's scripts that go into the one file as they are, by name."""
    return {name: digest(NICEGUI_STATIC / name) for name in SCRIPTS if name != QUASAR}


def built_from() -> dict[str, Any]:
    recorded: dict[str, Any] = json.loads(SOURCES.read_text(encoding="utf-8"))
    return recorded


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@cache
def url(path: Path) -> str:
    """The file's address under /static, with its digest so a phone fetches it anew after a change."""
    return f"/static/{path.relative_to(STATIC).as_posix()}?v={digest(path)[:12]}"
