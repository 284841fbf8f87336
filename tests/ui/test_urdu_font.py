"""The Urdu web font (scene_ui.stylesheet.URDU_FACES): it draws every letter the Urdu catalogue uses, it is
the file the build recorded, and the app's and the public pages' stylesheets declare it the same way.

fontTools is not a test dependency, so the font's coverage is read from what the build recorded from each
file's cmap (`stylesheet_sources.json`), tied to the committed file by its digest. A failure here means:
run `uv run --with 'fonttools[woff]' python scripts/build_css.py` and commit its files."""

from __future__ import annotations

from typing import Any

from scene_api.i18n import ur
from scene_ui import stylesheet

REBUILD = "run `uv run --with 'fonttools[woff]' python scripts/build_css.py` and commit its files"
PUBLIC_CSS = stylesheet.UNSCANNED / "public.css"
ARABIC_SCRIPT = (range(0x0600, 0x0700), range(0x0750, 0x0780), range(0xFB50, 0xFE00), range(0xFE70, 0xFF00))


def arabic_script(text: str) -> set[int]:
    return {ord(char) for char in text if any(ord(char) in block for block in ARABIC_SCRIPT)}


def catalogue_letters() -> set[int]:
    return {code for page in ur.MESSAGES.values() for text in page.values() for code in arabic_script(text)}


def built_faces() -> dict[str, dict[str, Any]]:
    faces: dict[str, dict[str, Any]] = stylesheet.built_from()["urdu_font"]["files"]
    return faces


def test_the_catalogue_is_read():
    letters = catalogue_letters()
    assert {
        0x0679,
        0x06A9,
        0x06BA,
        0x06C1,
        0x06CC,
        0x06D2,
        0x06D4,
    } <= letters  # Urdu's own letters, its full stop
    assert len(letters) > 40


def test_each_face_is_the_file_the_build_recorded():
    assert set(built_faces()) == {path.name for path in stylesheet.URDU_FACES.values()}, REBUILD
    for path in stylesheet.URDU_FACES.values():
        assert built_faces()[path.name]["sha256"] == stylesheet.file_digest(path), REBUILD
        assert path.stat().st_size < 20_000, "a cut Naskh weighs about 15 KB a weight"


def test_each_face_draws_every_letter_of_the_catalogue():
    needed = catalogue_letters()
    for name, face in built_faces().items():
        covered = set(face["code_points"])
        missing = sorted(f"U+{code:04X} {chr(code)}" for code in needed - covered)
        assert not missing, f"{name} lacks {missing}"


def test_the_faces_are_used_for_every_letter_of_the_catalogue():
    """The browser asks the font only for what its `unicode-range` names: a letter left out of it would be
    drawn by the phone's font in the middle of a word, and the word would not join."""
    declared = set(stylesheet.urdu_code_points())
    assert catalogue_letters() <= declared
    for face in built_faces().values():
        assert declared <= set(face["code_points"])


def test_the_app_and_the_public_pages_declare_the_same_faces():
    app_css = stylesheet.STYLESHEET.read_text(encoding="utf-8")
    assert stylesheet.URDU_FONT_FACES in PUBLIC_CSS.read_text(encoding="utf-8")
    assert stylesheet.URDU_FONT_FACES in stylesheet.FONTS_CSS
    for path in stylesheet.URDU_FACES.values():
        assert f"src: url(/static/fonts/{path.name})" in app_css, REBUILD
    assert app_css.count("font-display: swap") >= len(stylesheet.URDU_FACES)


async def test_the_faces_are_served_like_the_icon_font(user):
    for path in stylesheet.URDU_FACES.values():
        response = await user.http_client.get(f"/static/fonts/{path.name}")
        assert response.status_code == 200
        assert response.content == path.read_bytes()
