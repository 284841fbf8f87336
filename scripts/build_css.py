"""Build the app's stylesheet and fonts (see `scene_ui.stylesheet`); run after changing classes, icons or
the theme, and commit what it writes:

    uv run --with 'fonttools[woff]' python scripts/build_css.py

Needs node and npm (Tailwind's compiler and the Urdu font's source, installed once under ~/.cache/scene-css
from the npm registry) and fontTools for the fonts; the app and CI use the committed files and need neither.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

from fontTools import subset
from fontTools.ttLib import TTFont
from nicegui import __file__ as nicegui_init

from scene_ui import stylesheet, theme

TOOLS = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "scene-css"
COMPILER = Path(__file__).with_name("css") / "tailwind.mjs"
NICEGUI_FONTS = Path(nicegui_init).with_name("static") / "fonts"
MATERIAL_ICONS = NICEGUI_FONTS / "0c19a63c7528cc1a.woff2"
"""NiceGUI's "Material Icons" (filled), the only icon family the pages use."""
URDU_SOURCE = "@fontsource/noto-naskh-arabic@5.3.0"
"""Noto Naskh Arabic (SIL OFL 1.1, its LICENSE in the package), Google Fonts' Arabic cut as Fontsource packs
it."""
URDU_SOURCE_FILE = "noto-naskh-arabic-arabic-{weight}-normal.woff2"
PACKAGES = {
    "tailwindcss": f"tailwindcss@{stylesheet.TAILWIND_VERSION}",
    "@fontsource/noto-naskh-arabic": URDU_SOURCE,
}


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} is needed to build the stylesheet (Node 20 and npm)")
    return found


def install_packages() -> None:
    """The npm packages the build reads, at their pinned versions, once (a changed pin installs again)."""
    for name, spec in PACKAGES.items():
        installed = TOOLS / "node_modules" / name / "package.json"
        version = spec.rsplit("@", 1)[1]
        if installed.is_file() and json.loads(installed.read_text(encoding="utf-8"))["version"] == version:
            continue
        TOOLS.mkdir(parents=True, exist_ok=True)
        subprocess.run(  # noqa: S603  (our own fixed command)
            [tool("npm"), "install", "--no-audit", "--no-fund", spec], cwd=TOOLS, check=True
        )


def compile_tailwind(words: list[str]) -> str:
    request = json.dumps({"css": stylesheet.tailwind_input(theme.TAILWIND_THEME), "candidates": words})
    built = subprocess.run(  # noqa: S603  (our own fixed command)
        [tool("node"), str(COMPILER)],
        input=request,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "NODE_PATH": str(TOOLS / "node_modules")},
    )
    return built.stdout


def ligatures(font: TTFont) -> dict[str, str]:
    """Icon name -> its glyph: Material Icons draws an icon for the letters of its name."""
    glyph_of_char = {chr(code): glyph for code, glyph in font.getBestCmap().items()}
    char_of_glyph = {glyph: char for char, glyph in glyph_of_char.items()}
    names: dict[str, str] = {}
    for lookup in font["GSUB"].table.LookupList.Lookup:
        if lookup.LookupType != 4:
            continue
        for table in lookup.SubTable:
            for first, ligs in table.ligatures.items():
                for lig in ligs:
                    letters = [first, *lig.Component]
                    if all(glyph in char_of_glyph for glyph in letters):
                        names["".join(char_of_glyph[glyph] for glyph in letters)] = lig.LigGlyph
    return names


def subset_icons(words: set[str]) -> tuple[list[str], list[str]]:
    """Keep the letters and the icons whose names appear in the pages; returns those and all names."""
    font = TTFont(MATERIAL_ICONS)
    every_icon = ligatures(font)
    icons = {name: glyph for name, glyph in every_icon.items() if name in words}
    letters = "abcdefghijklmnopqrstuvwxyz0123456789_"
    options = subset.Options(
        flavor="woff2", layout_closure=False, layout_features=["rlig", "liga"], name_IDs=["*"]
    )
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=letters, glyphs=list(icons.values()))
    subsetter.subset(font)
    lost = set(icons) - set(ligatures(font))
    if lost:
        raise SystemExit(f"the subset font lost the ligatures of {sorted(lost)}")
    font.flavor = "woff2"
    font.save(stylesheet.ICON_FONT)
    return sorted(icons), sorted(every_icon)


def subset_urdu() -> dict[str, dict[str, Any]]:
    """Cut each weight of the Urdu font to `stylesheet.URDU_CODE_POINTS`, keeping every layout feature (the
    joining forms, Urdu's own digit shapes, ligatures); returns, per file, its digest and the code points its
    cmap maps (tests read these: fontTools is not among the test dependencies)."""
    wanted = stylesheet.urdu_code_points()
    source = TOOLS / "node_modules" / "@fontsource/noto-naskh-arabic" / "files"
    built: dict[str, dict[str, Any]] = {}
    for weight, target in stylesheet.URDU_FACES.items():
        font = TTFont(source / URDU_SOURCE_FILE.format(weight=weight), recalcTimestamp=False)  # same bytes
        options = subset.Options(flavor="woff2", layout_features=["*"], name_IDs=["*"])
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=wanted)
        subsetter.subset(font)
        cmap = set(font.getBestCmap())
        missing = sorted(set(wanted) - cmap)
        if missing:
            raise SystemExit(f"the Urdu font lacks {[f'U+{code:04X}' for code in missing]}")
        font.flavor = "woff2"
        font.save(target)
        built[target.name] = {"sha256": stylesheet.file_digest(target), "code_points": sorted(cmap)}
    return built


def main() -> None:
    words = stylesheet.candidates()
    stylesheet.ICON_FONT.parent.mkdir(parents=True, exist_ok=True)
    install_packages()
    stylesheet.STYLESHEET.write_text(compile_tailwind(sorted(words)), encoding="utf-8")
    icons, icon_names = subset_icons(words)
    urdu = subset_urdu()
    record = {
        "tailwind": stylesheet.TAILWIND_VERSION,
        "input_digest": stylesheet.input_digest(theme.TAILWIND_THEME),
        "icons": icons,
        "candidates": sorted(words),
        "icon_names": icon_names,
        "urdu_font": {"source": URDU_SOURCE, "files": urdu},
    }
    stylesheet.SOURCES.write_text(json.dumps(record, indent=0) + "\n", encoding="utf-8")
    for path in (stylesheet.STYLESHEET, stylesheet.ICON_FONT, *stylesheet.URDU_FACES.values()):
        print(f"{path.relative_to(Path.cwd())}: {path.stat().st_size / 1024:.1f} KB")
    print(f"{len(icons)} icons, {len(words)} candidate words")


if __name__ == "__main__":
    main()
