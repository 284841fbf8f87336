"""The share links `/a/`, `/e/` and `/v/` as plain server HTML: what a visitor from WhatsApp gets in the
first response (tags, words, language, escaping), without any script, and what a member gets."""

import re
from html import escape, unescape

import pytest

from scene_api.db import models as m
from scene_api.i18n import en, ur
from scene_ui.public import layout, preview
from tests.helpers import english
from tests.ui.desk import open_venue, person
from tests.ui.happenings import host_event
from tests.ui.people import host_activity, member

HOSTILE = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'


def meta(html: str, attribute: str, name: str) -> str:
    head = html[: html.index("</head>")]
    found = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', head)
    assert found, f"no {name} in the first response"
    return unescape(found.group(1))


def title_of(html: str) -> str:
    found = re.search(r"<title>([^<]*)</title>", html)
    assert found
    return unescape(found.group(1))


def assert_plain(html: str) -> None:
    """The page works without JavaScript: no script at all, no NiceGUI, our one stylesheet (linked, or
    inline on a browser's first page)."""
    assert "<script" not in html.lower()
    assert "_nicegui" not in html
    linked = re.findall(r'<link rel="stylesheet" href="([^"]+)">', html)
    inline = re.findall(r"<style>(.*?)</style>", html, re.DOTALL)
    assert (linked, inline) in (([layout.STYLESHEET_PATH], []), ([], [layout.STYLESHEET.decode()]))


async def test_an_activity_link_is_plain_html_with_its_preview_tags(user, runtime, settings):
    host = await member(runtime, 10, "danish_m", "Danish Mirza")
    game = await host_activity(runtime, host, title='Padel "doubles" & chai')

    response = await user.http_client.get(f"/a/{game.slug}")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert_plain(html)
    assert html.startswith('<!doctype html><html lang="en" dir="ltr">')
    assert title_of(html) == 'Padel "doubles" & chai \u00b7 Scene'
    assert "<h1>Padel &quot;doubles&quot; &amp; chai</h1>" in html
    description = meta(html, "name", "description")
    assert "Padel Arena DHA Phase 6" in description
    assert "Rs 1,500" in description
    assert "Hosted by Danish on Scene" in description
    assert meta(html, "property", "og:title") == 'Padel "doubles" & chai'
    assert meta(html, "property", "og:description") == description
    assert meta(html, "property", "og:url") == f"{settings.public_url}/a/{game.slug}"
    assert meta(html, "property", "og:image") == f"{settings.public_url}{preview.DEFAULT_IMAGE}"
    assert meta(html, "name", "twitter:card") == "summary_large_image"
    assert meta(html, "name", "twitter:title") == 'Padel "doubles" & chai'
    assert en.MESSAGES["share"]["cta_title"] in html
    assert f'href="/signin?next=/a/{game.slug}"' in html
    assert f'href="/join?next=/a/{game.slug}"' in html
    assert "https://wa.me/?text=" in html


async def test_what_members_wrote_is_escaped_everywhere(user, runtime):
    host = await member(runtime, 10, "danish_m", "<b>Danish</b> Mirza")
    game = await host_activity(runtime, host, title=HOSTILE, description=f"Bring water.\n{HOSTILE}")
    event = await host_event(runtime, host, title=HOSTILE, description=HOSTILE)
    owner = await person(runtime, 20, "bilal_courts", "Bilal Ahmed", role=m.UserRole.VENUE_OWNER)
    venue = await open_venue(runtime, owner, name='Court <script>alert("v")</script>', courts=("<i>1</i>",))

    for path in (f"/a/{game.slug}", f"/e/{event.slug}", f"/v/{venue.slug}"):
        html = (await user.http_client.get(path)).text
        assert_plain(html)
        assert "<img src=x" not in html
        assert "<b>Danish" not in html
        assert "<i>1</i>" not in html
    html = (await user.http_client.get(f"/a/{game.slug}")).text
    assert f"<h1>{escape(HOSTILE)}</h1>" in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert meta(html, "property", "og:title") == HOSTILE


async def test_an_urdu_link_is_right_to_left_from_the_server_and_remembered(user, runtime, settings):
    host = await member(runtime, 10, "danish_m", "Danish Mirza")
    game = await host_activity(runtime, host)

    html = (await user.http_client.get(f"/a/{game.slug}?lang=ur")).text

    assert html.startswith('<!doctype html><html lang="ur" dir="rtl">')
    assert ur.MESSAGES["share"]["cta_title"] in html
    assert ur.MESSAGES["share"]["cta_sign_in"] in html
    assert en.MESSAGES["share"]["cta_title"] not in html
    assert meta(html, "property", "og:url") == f"{settings.public_url}/a/{game.slug}?lang=ur"
    assert_plain(html)
    again = (await user.http_client.get(f"/a/{game.slug}")).text
    assert again.startswith('<html lang="ur"', len("<!doctype html>")), "this browser's choice is kept"
    english = (await user.http_client.get(f"/a/{game.slug}?lang=en")).text
    assert english.startswith('<!doctype html><html lang="en" dir="ltr">')


async def test_an_event_link_shows_its_tickets_and_asks_to_log_in_for_them(user, runtime, settings):
    host = await member(runtime, 10, "noor_h", "Noor Hassan")
    event = await host_event(
        runtime, host, tiers=[{"name": "Floor", "price_pkr": 2500, "quantity": 50, "per_order_limit": 4}]
    )

    response = await user.http_client.get(f"/e/{event.slug}")

    assert response.status_code == 200
    html = response.text
    assert_plain(html)
    assert f"<h1>{event.title}</h1>" in html
    assert "Floor" in html
    assert "Rs 2,500" in html
    assert en.MESSAGES["event_share"]["cta_sign_in"] in html
    assert f'href="/signin?next=/e/{event.slug}"' in html
    assert meta(html, "property", "og:url") == f"{settings.public_url}/e/{event.slug}"
    assert "Alhamra Open Air Theatre" in meta(html, "name", "description")

    urdu = (await user.http_client.get(f"/e/{event.slug}?lang=ur")).text
    assert urdu.startswith('<!doctype html><html lang="ur" dir="rtl">')
    assert ur.MESSAGES["event_share"]["cta_title"] in urdu


async def test_a_venue_has_a_public_page_with_book_a_court(user, runtime, settings):
    owner = await person(runtime, 20, "bilal_courts", "Bilal Ahmed", role=m.UserRole.VENUE_OWNER)
    venue = await open_venue(runtime, owner)

    response = await user.http_client.get(f"/v/{venue.slug}")

    assert response.status_code == 200
    html = response.text
    assert_plain(html)
    assert "<h1>Court Nine Padel</h1>" in html
    assert "Gulberg III \u00b7 Lahore" in html
    assert "Court 1" in html
    assert "Court 2" in html
    assert "Monday" in html
    assert "from Rs 6,000" in html
    assert en.MESSAGES["venue"]["hours"] in html
    assert en.MESSAGES["venue_share"]["cta_sign_in"] in html
    assert f'href="/signin?next=/v/{venue.slug}"' in html
    assert meta(html, "property", "og:title") == "Court Nine Padel"
    assert meta(html, "property", "og:url") == f"{settings.public_url}/v/{venue.slug}"
    assert "Gulberg III" in meta(html, "name", "description")

    urdu = (await user.http_client.get(f"/v/{venue.slug}?lang=ur")).text
    assert urdu.startswith('<!doctype html><html lang="ur" dir="rtl">')
    assert ur.MESSAGES["venue_share"]["cta_title"] in urdu


@pytest.mark.parametrize(
    ("path", "page"),
    [
        ("/a/no-such-activity", "share"),
        ("/e/no-such-event", "event_share"),
        ("/v/no-such-venue", "venue_share"),
        ("/a/%00", "share"),
        ("/e/%00", "event_share"),
    ],
)
async def test_an_unknown_link_is_a_404_with_the_pages_own_design(user, path, page):
    response = await user.http_client.get(path)

    assert response.status_code == 404
    html = response.text
    assert_plain(html)
    assert title_of(html) == f"{en.MESSAGES[page]['not_found_title']} \u00b7 Scene"
    assert en.MESSAGES[page]["not_found_message"] in unescape(html)
    assert 'class="empty"' in html
    assert en.MESSAGES["errors"]["go_home"] in html

    urdu = await user.http_client.get(f"{path}?lang=ur")
    assert urdu.status_code == 404
    assert ur.MESSAGES[page]["not_found_title"] in unescape(urdu.text)


async def test_a_signed_in_member_goes_on_to_the_app_page(user, runtime, sign_in):
    host = await member(runtime, 10, "danish_m", "Danish Mirza")
    game = await host_activity(runtime, host)
    event = await host_event(runtime, host)
    owner = await person(runtime, 20, "bilal_courts", "Bilal Ahmed", role=m.UserRole.VENUE_OWNER)
    venue = await open_venue(runtime, owner)
    await sign_in()

    for share, app_page in (
        (f"/a/{game.slug}", f"/activities/{game.slug}"),
        (f"/e/{event.slug}", f"/events/{event.slug}"),
        (f"/v/{venue.slug}", f"/venues/{venue.slug}"),
    ):
        response = await user.http_client.get(share, follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"] == app_page

    await user.open(f"/activities/{game.slug}")
    await user.should_see(game.title)
    await user.should_see(english("activity").request)
    await user.open(f"/events/{event.slug}")
    await user.should_see(marker="buy")


async def test_a_first_page_carries_the_stylesheet_inline_and_later_ones_link_it(user, runtime):
    host = await member(runtime, 10, "danish_m", "Danish Mirza")
    game = await host_activity(runtime, host)

    first = (await user.http_client.get(f"/a/{game.slug}")).text
    later = (await user.http_client.get(f"/a/{game.slug}")).text

    assert f"<style>{layout.STYLESHEET.decode()}</style>" in first
    assert f'<link rel="prefetch" href="{layout.STYLESHEET_PATH}" as="style">' in first
    assert f'<link rel="stylesheet" href="{layout.STYLESHEET_PATH}">' not in first
    assert f'<link rel="stylesheet" href="{layout.STYLESHEET_PATH}">' in later
    assert "<style>" not in later


async def test_the_stylesheet_is_cached_for_a_year_under_its_hash(user):
    response = await user.http_client.get(layout.STYLESHEET_PATH)

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/css")
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert "--accent:#D4F53C" in response.text
    assert len(response.content) < 10_000
