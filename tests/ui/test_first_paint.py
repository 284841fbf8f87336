"""The first paint NiceGUI's pages carry (scene_ui.first_paint): the page's own heading, escaped, before
NiceGUI's notice and app; pages without a level-one heading are left alone."""

from __future__ import annotations

from scene_api.i18n import en
from scene_ui.first_paint import SHELL_ID, heading_of, with_first_paint
from tests.ui.conftest import SignIn

GREETING = en.MESSAGES["home"]["greeting"]


async def test_a_page_carries_its_heading_before_the_scripts(user, sign_in: SignIn):
    await sign_in()

    page = (await user.http_client.get("/")).text

    shell = page.index(f'<div id="{SHELL_ID}">')
    assert shell < page.index('<div id="esm-fallback">') < page.index('<div id="app"')
    heading = page[shell : page.index("</h1>", shell)]
    assert heading.endswith(f">{GREETING.format(name='Sana')}")
    assert 'class="text-display font-extrabold text-ink"' in heading
    assert page.index('getElementById("scene-first-paint")?.remove()') > page.index('<div id="app"')


def test_the_heading_is_escaped_and_a_page_without_one_stays():
    heading = '"props": {"role": "heading", "aria-level": "1"}'
    elements = f'{{"1": {{"tag": "div", "text": "&lt;b&gt;Ali &amp; co&#96;", {heading}}}}}'
    page = (
        '<body><div id="esm-fallback">x</div><div id="app" ></div>'
        f"<script>parseElements(String.raw`{elements}`)</script></body>"
    ).encode()

    shell = with_first_paint(page).decode()

    assert heading_of(page) is not None
    assert '<h1 class="">&lt;b&gt;Ali &amp; co`</h1>' in shell
    other = page.replace(b'"aria-level": "1"', b'"aria-level": "2"')
    assert with_first_paint(other) == other
