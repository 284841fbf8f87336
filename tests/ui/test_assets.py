"""NiceGUI's scripts as one file with Quasar cut to the pages, and its stylesheets as one layered file
(scene_ui.assets), served in place of NiceGUI's by scene_ui.document. A failure here means: run
`uv run python scripts/build_assets.py` and commit what it writes."""

from __future__ import annotations

import re

from nicegui import __version__ as NICEGUI_VERSION

from scene_ui import assets, static_files
from scene_ui.document import with_assets
from scene_ui.public.layout import IMMUTABLE

REBUILD = "run `uv run python scripts/build_assets.py` and commit its files"


def test_the_bundle_has_every_component_directive_and_plugin_the_pages_use():
    built = assets.built_from()
    wanted = assets.wanted(built["available"])
    for part in ("components", "directives", "plugins"):
        missing = sorted(set(wanted[part]) - set(built[part]))
        assert not missing, f"{part} missing from static/nicegui.js: {missing}; {REBUILD}"
        unused = sorted(set(built[part]) - set(wanted[part]))
        assert not unused, f"{part} no page uses any more, still in static/nicegui.js: {unused}; {REBUILD}"


def test_the_scan_finds_what_scene_and_nicegui_render():
    kept = assets.built_from()
    assert {"QLayout", "QPageContainer", "QPage"} <= set(kept["components"])  # NiceGUI's page layout
    assert {"QBtn", "QDialog", "QInput", "QSelect", "QMenu", "QUploader"} <= set(kept["components"])
    assert {"Notify", "Dark", "Lang", "LoadingBar"} <= set(kept["plugins"])  # nicegui.js, its config
    assert {"QTable", "QDate", "QEditor", "QTree"}.isdisjoint(kept["components"])
    assert "QPaMd" not in kept["available"]["components"]  # `q-pa-md` is a class, not a component


def test_the_files_are_built_from_the_nicegui_installed():
    built = assets.built_from()
    assert built["quasar"] == assets.shipped_version(), REBUILD
    assert built["nicegui_scripts_sha256"] == assets.nicegui_digests(), REBUILD
    assert assets.digest(assets.SCRIPT) == built["script_sha256"], REBUILD
    assert assets.STYLESHEET.read_text(encoding="utf-8") == assets.stylesheet(), REBUILD
    assert assets.digest(assets.STYLESHEET) == built["stylesheet_sha256"], REBUILD


def test_the_script_runs_nicegui_s_scripts_in_their_order_with_quasar_cut():
    script = assets.SCRIPT.read_text(encoding="utf-8")
    order = [
        script.index(marker)
        for marker in ("Socket.IO v", "/*! Quasar Framework v", "function createApp(", "Quasar.Lang.enUS=")
    ]
    assert order == sorted(order)
    assert "globalThis.Vue" in script
    assert "sourceMappingURL" not in script
    assert assets.SCRIPT.stat().st_size < 300_000  # NiceGUI's four: 570 KB, its Quasar alone 503 KB


def test_the_stylesheet_keeps_each_sheet_in_its_layer_and_nicegui_s_card_rule():
    css = assets.STYLESHEET.read_text(encoding="utf-8")
    assert [layer for _, layer in assets.STYLESHEETS] == re.findall(r"^@layer (\w+) \{$", css, re.M)
    assert "@import" not in css
    assert "@font-face" not in css  # the app declares its own fonts (scene_ui.stylesheet)
    assert ".nicegui-card-tight.q-card>div:not(.q--avoid-card-border)" in css
    assert re.search(r"(^|[},])\.q-card>div", css) is None


async def test_pages_load_the_built_files_without_an_import_chain(user):
    page = (await user.http_client.get("/")).text
    head = page.split("</head>")[0]
    assert "@import" not in head
    assert f'<link rel="stylesheet" href="{assets.url(assets.STYLESHEET)}">' in head
    assert head.index("@layer theme, base, quasar") < head.index(assets.url(assets.STYLESHEET))
    assert page.count(f'<script fetchpriority="high" defer src="{assets.url(assets.SCRIPT)}"></script>') == 1
    assert (
        '<script fetchpriority="high" src="/static/pwa.js" defer>' in head
    )  # every script the mount waits for
    assert page.index("globalThis.Vue = Vue") < page.index(assets.url(assets.SCRIPT))
    assert not re.search(rf'<script defer src="/_nicegui/{NICEGUI_VERSION}/static/', page)
    assert 'import DOMPurify from "dompurify"' not in page
    assert 'import("dompurify")' in page


async def test_the_built_files_go_brotli_and_cached(user):
    for path in (assets.SCRIPT, assets.STYLESHEET):
        response = await user.http_client.get(assets.url(path), headers={"Accept-Encoding": "gzip, br"})
        assert response.status_code == 200, path
        assert response.headers["content-encoding"] == "br", path
        assert response.headers["cache-control"] == IMMUTABLE, path  # its address names its digest
        assert response.content == path.read_bytes()


async def test_a_file_asked_for_without_its_digest_is_kept_an_hour_and_a_missing_one_is_404(user):
    unversioned = await user.http_client.get("/static/fonts/icons.woff2")
    assert unversioned.headers["cache-control"] == f"public, max-age={static_files.CHANGEABLE_MAX_AGE}"
    missing = await user.http_client.get("/static/nothing.js?v=1")
    assert missing.status_code == 404
    assert missing.headers.get("cache-control") != IMMUTABLE


def test_a_page_of_another_template_stays_as_it_is():
    other = b'<head><style>@import url("/x.css");</style></head><body><script src="q.js"></script></body>'
    assert with_assets(other) == other
