"""The stylesheet compiled ahead of time (scene_ui.stylesheet): built from the current pages and theme, linked
by every NiceGUI page instead of Tailwind's browser runtime. A failure here means: run
`uv run --with 'fonttools[woff]' python scripts/build_css.py` and commit what it writes."""

from __future__ import annotations

import re

from scene_ui import assets, stylesheet, theme

REBUILD = "run `uv run --with 'fonttools[woff]' python scripts/build_css.py` and commit its files"
CLASS_SELECTOR = re.compile(r"^\s*\.((?:\\.|[^\s{,:\\])+)", re.MULTILINE)


def compiled_classes() -> set[str]:
    css = stylesheet.STYLESHEET.read_text(encoding="utf-8")
    return {re.sub(r"\\(.)", r"\1", escaped) for escaped in CLASS_SELECTOR.findall(css)}


def utility_root(name: str) -> str:
    """`md:hover:text-meta` -> `text`, `-mt-2` -> `mt`, `[&_.q-icon]:text-xl` -> `text`."""
    utility = re.split(r":(?![^\[]*\])", name)[-1].lstrip("!-")
    return "[" if utility.startswith("[") else utility.split("-", 1)[0]


def test_the_stylesheet_was_built_from_the_current_theme():
    assert stylesheet.built_from()["input_digest"] == stylesheet.input_digest(theme.TAILWIND_THEME), REBUILD


def test_every_class_the_pages_use_was_compiled():
    """A word the build did not see, shaped like a utility Tailwind made (`text-…`, `gap-…`, `rounded-…`),
    is a class the stylesheet lacks; new markers and props (`court-…`, `outlined`) are not."""
    compiled = compiled_classes()
    roots = {utility_root(name) for name in compiled}
    unseen = stylesheet.candidates() - set(stylesheet.built_from()["candidates"])
    missing = sorted(word for word in unseen if word in compiled or utility_root(word) in roots)
    assert not missing, f"classes missing from static/app.css: {missing}; {REBUILD}"


def test_the_check_knows_a_utility_from_a_marker():
    roots = {utility_root(name) for name in compiled_classes()}
    assert {"text", "bg", "gap", "rounded", "w"} <= roots
    assert {utility_root(word) for word in ("ticket-ABC", "outlined", "length-closing")}.isdisjoint(roots)
    assert {"w-full", "text-meta", "rounded-card", "[&_.q-icon]:text-xl"} <= compiled_classes()


def test_every_icon_the_pages_use_is_in_the_font():
    built = stylesheet.built_from()
    used = stylesheet.candidates() & set(built["icon_names"])
    missing = sorted(used - set(built["icons"]))
    assert not missing, f"icons missing from static/fonts/icons.woff2: {missing}; {REBUILD}"
    assert {"arrow_back", "home", "explore"} <= set(built["icons"])


def test_the_icons_quasar_draws_itself_are_kept():
    """A select's arrow, a chip's remove, a field's clear: named by Quasar's icon set, not by our code."""
    drawn = stylesheet.quasar_icons(stylesheet.SCRIPT.read_text(encoding="utf-8"))
    assert {"arrow_drop_down", "cancel", "error"} <= drawn
    assert "format_bold" not in drawn  # the editor's icons: no editor is bundled
    assert drawn <= set(stylesheet.built_from()["icons"])


def test_the_icon_font_is_small_and_the_only_font_sent_besides_urdu():
    css = stylesheet.STYLESHEET.read_text(encoding="utf-8")
    assert f"url(fonts/{stylesheet.ICON_FONT.name})" in css
    assert stylesheet.ICON_FONT.stat().st_size < 25_000
    assert css.count("@font-face") == 1 + len(stylesheet.URDU_FACES)  # tests/ui/test_urdu_font.py
    fonts = [stylesheet.ICON_FONT, *stylesheet.URDU_FACES.values()]
    assert {path.name for path in stylesheet.ICON_FONT.parent.iterdir()} == {path.name for path in fonts}
    assert f"font-family: {stylesheet.TEXT_STACK}" in css


async def test_pages_link_the_compiled_stylesheet_not_the_tailwind_runtime(user):
    page = (await user.http_client.get("/")).text
    assert f'href="/static/app.css?v={stylesheet.version()}"' in page
    assert 'rel="preload" href="/static/fonts/icons.woff2" as="font"' in page
    assert "tailwindcss.min.js" not in page
    assert 'type="text/tailwindcss"' not in page
    assert theme.ESM_NOTICE_HIDDEN in page
    for path in ("/static/app.css", "/static/fonts/icons.woff2"):
        assert (await user.http_client.get(path)).status_code == 200, path
    assert assets.url(assets.SCRIPT) in page  # NiceGUI's scripts, built ahead of time too
