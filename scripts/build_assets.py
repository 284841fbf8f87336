"""Build NiceGUI's scripts as one file, with Quasar cut to the pages, and its stylesheets as one layered
file (see `scene_ui.assets`); run after using a NiceGUI element or Quasar component the pages did not use
before, or after upgrading NiceGUI, and commit what it writes:

    uv run python scripts/build_assets.py

Needs node and npm (Quasar, at the version NiceGUI ships, and esbuild, installed once under
~/.cache/scene-quasar from the npm registry); the app and CI use the committed files and need neither.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

from scene_ui import assets

ESBUILD_VERSION = "0.28.2"
TOOLS = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "scene-quasar"
BUNDLER = Path(__file__).with_name("assets") / "bundle.mjs"
IMPORT = re.compile(r"import (\w+) from '\./([\w./-]+)'")
EXPORT_ALL = re.compile(r"export \* from '\./([\w./-]+)'")


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} is needed to build Quasar (Node 20 and npm)")
    return found


def install(version: str) -> Path:
    """Quasar at `version` and esbuild under TOOLS; returns Quasar's source folder."""
    source = TOOLS / "node_modules" / "quasar" / "src"
    package = TOOLS / "node_modules" / "quasar" / "package.json"
    installed = json.loads(package.read_text(encoding="utf-8"))["version"] if package.exists() else None
    if installed != version or not (TOOLS / "node_modules" / "esbuild").is_dir():
        TOOLS.mkdir(parents=True, exist_ok=True)
        subprocess.run(  # noqa: S603  (our own fixed command)
            [
                tool("npm"),
                "install",
                "--no-audit",
                "--no-fund",
                f"quasar@{version}",
                f"esbuild@{ESBUILD_VERSION}",
            ],
            cwd=TOOLS,
            check=True,
        )
    return source


def modules(source: Path, listing: str) -> dict[str, str]:
    """Name -> module path (from Quasar's src) for every export of one of Quasar's lists; components are
    listed per folder (`export * from './components/btn/index.js'`), directives and plugins directly."""
    text = (source / listing).read_text(encoding="utf-8")
    found = {name: f"quasar/src/{path}" for name, path in IMPORT.findall(text)}
    for folder_index in EXPORT_ALL.findall(text):
        index = source / folder_index
        folder = index.parent.relative_to(source).as_posix()
        for name, path in IMPORT.findall(index.read_text(encoding="utf-8")):
            found[name] = f"quasar/src/{folder}/{path}"
    return found


def entry(version: str, kept: dict[str, list[str]], paths: dict[str, str]) -> str:
    """The bundle's source: Quasar's UMD entry (src/index.umd.js) with only the kept parts."""
    names = [name for part in ("components", "directives", "plugins") for name in kept[part]]
    imports = "\n".join(f'import {name} from "{paths[name]}";' for name in names)
    listed = {part: ", ".join(kept[part]) for part in ("components", "directives", "plugins")}
    return f"""{imports}
import installQuasar from "quasar/src/install-quasar.js";
const components = {{ {listed["components"]} }};
const directives = {{ {listed["directives"]} }};
const plugins = {{ {listed["plugins"]} }};
window.Quasar = {{
  version: {json.dumps(version)},
  install(app, opts) {{ installQuasar(app, {{ components, directives, plugins, ...opts }}); }},
  lang: Lang,
  iconSet: IconSet,
  ...components,
  ...directives,
  ...plugins,
}};
"""


def bundle(source: str, version: str) -> str:
    built = subprocess.run(  # noqa: S603  (our own fixed command)
        [tool("node"), str(BUNDLER)],
        input=json.dumps({"entry": source, "version": version}),
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "NODE_PATH": str(TOOLS / "node_modules")},
    )
    return built.stdout


def main() -> None:
    version = assets.shipped_version()
    source = install(version)
    available = {part: modules(source, f"{part}.js") for part in ("components", "directives", "plugins")}
    kept = assets.wanted({part: sorted(names) for part, names in available.items()})
    paths = {name: path for names in available.values() for name, path in names.items()}
    quasar = bundle(entry(version, kept, paths), version)
    assets.SCRIPT.write_text(assets.script(quasar), encoding="utf-8")
    assets.STYLESHEET.write_text(assets.stylesheet(), encoding="utf-8")
    record = {
        "quasar": version,
        "esbuild": ESBUILD_VERSION,
        **kept,
        "available": {part: sorted(names) for part, names in available.items()},
        "quasar_sha256": hashlib.sha256(quasar.encode()).hexdigest(),
        "nicegui_scripts_sha256": assets.nicegui_digests(),
        "script_sha256": assets.digest(assets.SCRIPT),
        "stylesheet_sha256": assets.digest(assets.STYLESHEET),
    }
    assets.SOURCES.write_text(json.dumps(record, indent=0) + "\n", encoding="utf-8")
    whole = assets.NICEGUI_UMD.stat().st_size
    print(
        f"Quasar cut to the pages: {len(quasar) / 1024:.1f} KB (NiceGUI's whole build: {whole / 1024:.1f} KB)"
    )
    for path in (assets.SCRIPT, assets.STYLESHEET):
        print(f"{path.relative_to(Path.cwd())}: {path.stat().st_size / 1024:.1f} KB")
    print(", ".join(f"{len(kept[part])} {part}" for part in ("components", "directives", "plugins")))


if __name__ == "__main__":
    main()
