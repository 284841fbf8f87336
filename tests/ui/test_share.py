import re

from scene_ui.components import link_preview
from scene_ui.pages import activity as activity_page
from scene_ui.pages import share as page
from tests.ui.people import host_activity, member


async def test_the_share_link_opens_without_signing_in(user, runtime):
    host = await member(runtime, 10, "danish_m", "Danish Mirza")
    game = await host_activity(runtime, host)

    await user.open(f"/a/{game.slug}")

    await user.should_see(game.title)
    await user.should_see("Danish")
    await user.should_see(page.CTA_TITLE)
    links = {el.props.get("href") for el in user.current_layout.descendants()}
    assert f"/signin?next=/a/{game.slug}" in links
    assert f"/join?next=/a/{game.slug}" in links
    await user.should_not_see(marker="join")


async def test_the_first_html_response_carries_the_link_preview_tags(user, runtime, settings):
    host = await member(runtime, 10, "danish_m", "Danish Mirza")
    game = await host_activity(runtime, host, title='Padel "doubles" & chai')

    response = await user.http_client.get(f"/a/{game.slug}")

    html = response.text
    head = html[: html.index("</head>")]

    def meta(attribute, name):
        found = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', head)
        assert found, f"no {name} in the first response"
        return found.group(1)

    assert meta("property", "og:title") == "Padel &quot;doubles&quot; &amp; chai"
    assert "Padel Arena DHA Phase 6" in meta("property", "og:description")
    assert "Rs 1,500" in meta("property", "og:description")
    assert meta("property", "og:url") == f"{settings.public_url}/a/{game.slug}"
    assert meta("property", "og:image") == f"{settings.public_url}{link_preview.DEFAULT_IMAGE}"
    assert meta("name", "twitter:card") == "summary_large_image"
    image = await user.http_client.get(link_preview.DEFAULT_IMAGE)
    assert image.status_code == 200
    assert image.headers["content-type"] == "image/png"


async def test_a_member_opening_the_link_gets_the_full_page(user, runtime, sign_in):
    host = await member(runtime, 10, "danish_m", "Danish Mirza")
    game = await host_activity(runtime, host)
    await sign_in()

    await user.open(f"/a/{game.slug}")

    await user.should_see(activity_page.REQUEST)
    await user.should_not_see(page.CTA_TITLE)


async def test_an_unknown_link(user):
    await user.open("/a/no-such-activity")

    await user.should_see(page.NOT_FOUND_TITLE)
