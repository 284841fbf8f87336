"""Scene as an app to install: the manifest and its icons, the service worker's script, the offline page,
the install card after a join or a booking, and the push opt-in's states."""

import asyncio
import base64
import io
import json
import os
import re
from datetime import timedelta

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from nicegui import app
from PIL import Image

from scene_api.db import models as m
from scene_api.i18n import en, ur
from scene_api.lib.timezone import utcnow
from scene_api.services import provide_services
from scene_ui import pwa, stylesheet
from scene_ui.components import install_prompt
from tests.helpers import english
from tests.ui.desk import book, open_venue, person
from tests.ui.people import host_activity, member
from tests.venues import next_half_hour

EN = en.MESSAGES["pwa"]
UR = ur.MESSAGES["pwa"]


async def test_the_manifest_names_scene_with_its_colours_and_icons_of_the_right_sizes(user):
    response = await user.http_client.get(pwa.MANIFEST_PATH)

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/manifest+json")
    manifest = json.loads(response.text)
    assert manifest["name"] == "Scene"
    assert manifest["short_name"] == "Scene"
    assert manifest["description"] == EN["app_description"]
    assert manifest["start_url"] == "/?source=pwa"
    assert manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] == manifest["background_color"] == "#0B0B0F"
    sizes = {}
    for icon in manifest["icons"]:
        png = await user.http_client.get(icon["src"])
        assert png.status_code == 200
        assert png.headers["content-type"] == icon["type"] == "image/png"
        image = Image.open(io.BytesIO(png.content))
        assert image.format == "PNG"
        assert icon["sizes"] == f"{image.width}x{image.height}"
        sizes[icon["purpose"], icon["sizes"]] = image
    assert set(sizes) == {("any", "192x192"), ("any", "512x512"), ("maskable", "512x512")}


def green(image: Image.Image, xy: tuple[int, int]) -> int:
    """The green of an RGB image's pixel."""
    pixel = image.getpixel(xy)
    assert isinstance(pixel, tuple)
    return pixel[1]


async def test_the_maskable_icon_keeps_the_dot_inside_the_safe_zone_on_a_full_bleed_background(user):
    png = await user.http_client.get(pwa.MASKABLE_512)
    image = Image.open(io.BytesIO(png.content)).convert("RGB")

    background = (0x0B, 0x0B, 0x0F)
    assert {image.getpixel(corner) for corner in ((0, 0), (511, 0), (0, 511), (511, 511))} == {background}
    accent = [
        (x, y) for x in range(0, 512, 4) for y in range(0, 512, 4) if green(image, (x, y)) > 200
    ]  # the volt green
    centre, safe_radius = 256, 0.4 * 512
    assert accent
    assert all((x - centre) ** 2 + (y - centre) ** 2 <= safe_radius**2 for x, y in accent)


async def test_the_icons_are_small(user):
    for path in (pwa.ICON_192, pwa.ICON_512, pwa.MASKABLE_512, pwa.APPLE_TOUCH_ICON):
        assert len((await user.http_client.get(path)).content) < 20_000, path


async def test_the_service_worker_is_served_for_the_whole_site_and_always_checked(user):
    response = await user.http_client.get(pwa.WORKER_PATH)

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/javascript")
    assert response.headers["service-worker-allowed"] == "/"
    assert response.headers["cache-control"] == "no-cache"
    script = response.text
    assert not re.search(r"__[A-Z_]+__", script), "a value was left unfilled"
    version = re.search(r'const VERSION = "([0-9a-f]{12})";', script)
    assert version is not None
    assert "scene-shell-${VERSION}" in script
    assert '"/offline"' in script


async def test_everything_the_worker_precaches_is_there(user):
    for path in pwa.PRECACHE:
        assert (await user.http_client.get(path)).status_code == 200, path


async def test_the_worker_caches_only_versioned_files_never_pages_api_or_sockets():
    assert all(prefix.startswith(("/_nicegui/", "/static/")) for prefix in pwa.STATIC_PREFIXES)
    assert all(not prefix.startswith(("/api", "/_nicegui_ws", "/media")) for prefix in pwa.STATIC_PREFIXES)
    assert not any("dynamic_resources" in prefix for prefix in pwa.STATIC_PREFIXES)


async def test_the_policy_lets_the_page_load_its_worker_and_manifest(user):
    policy = (await user.http_client.get(pwa.WORKER_PATH)).headers["content-security-policy"]

    assert "worker-src 'self'" in policy
    assert "manifest-src 'self'" in policy


async def test_every_page_links_the_manifest_icon_and_registration_script(user):
    page = (await user.http_client.get("/")).text

    assert f'<link rel="manifest" href="{pwa.MANIFEST_PATH}">' in page
    assert f'<link rel="apple-touch-icon" href="{pwa.APPLE_TOUCH_ICON}">' in page
    assert '<meta name="theme-color" content="#0B0B0F">' in page
    assert f'<script fetchpriority="high" src="{pwa.PAGE_SCRIPT}" defer></script>' in page  # document.py


async def test_the_offline_page_speaks_english_and_urdu_and_stands_alone(user):
    english = await user.http_client.get(pwa.OFFLINE_PATH)
    urdu = await user.http_client.get(f"{pwa.OFFLINE_PATH}?lang=ur")

    assert english.status_code == urdu.status_code == 200
    assert english.headers["content-type"].startswith("text/html")
    assert '<html lang="en" dir="ltr">' in english.text
    assert f"<title>{EN['offline_page_title']} \u00b7 Scene</title>" in english.text
    assert '<main id="offline-en" lang="en" dir="ltr"' in english.text
    assert EN["offline_retry"] in english.text
    assert '<html lang="ur" dir="rtl">' in urdu.text
    assert UR["offline_title"] in urdu.text
    assert UR["offline_message"] in urdu.text
    shown = re.search(r'<main id="offline-ur"[^>]*>', urdu.text)
    assert shown is not None
    assert "hidden" not in shown.group(0)
    assert re.search(r'<main id="offline-en"[^>]*hidden>', urdu.text)
    assert not re.search(r"(src|href)=\"(?!/static/icons/)", english.text), "it may need only its icon"


async def test_the_offline_page_draws_urdu_in_the_shipped_font_which_the_worker_precaches(user):
    urdu = (await user.http_client.get(f"{pwa.OFFLINE_PATH}?lang=ur")).text

    assert stylesheet.URDU_FONT_FACES in urdu
    assert set(stylesheet.URDU_FONT_URLS.values()) <= set(pwa.PRECACHE)


async def test_the_install_card_comes_after_a_first_join_request_and_not_now_is_remembered(
    user, runtime, sign_in
):
    host = await member(runtime, 10, "danish_m", "Danish Mirza")
    game = await host_activity(runtime, host)
    second = await host_activity(runtime, host, title="Sunday padel doubles")
    await sign_in()

    await user.open(f"/activities/{game.id}")
    await user.should_not_see(marker="install-card")
    user.find(marker="join").click()

    await user.should_see(marker="install-card", retries=20)
    await user.should_see(EN["install_title"])
    await user.should_see(EN["install_add"])
    user.find(marker="install-later").click()
    await user.should_not_see(marker="install-card")

    await user.open(f"/activities/{second.id}")
    user.find(marker="join").click()
    await user.should_see(marker="push-ask", retries=20)
    await user.should_not_see(marker="install-card")


async def test_the_card_comes_back_thirty_days_after_a_no(user, runtime, sign_in):
    host = await member(runtime, 10, "danish_m", "Danish Mirza")
    game = await host_activity(runtime, host)
    await sign_in()
    await user.open(f"/activities/{game.id}")
    with user:
        app.storage.user[install_prompt.DISMISSED_KEY] = (utcnow() - timedelta(days=31)).isoformat()

    user.find(marker="join").click()

    await user.should_see(marker="install-card", retries=20)


async def test_installing_from_the_card_thanks_and_a_no_in_the_browser_dialog_is_remembered(
    user, runtime, sign_in
):
    host = await member(runtime, 10, "danish_m", "Danish Mirza")
    game = await host_activity(runtime, host)
    await sign_in()
    await user.open(f"/activities/{game.id}")
    user.find(marker="join").click()
    await user.should_see(marker="install-card", retries=20)

    user.find(marker="install-add").trigger("click", "accepted")

    await user.should_not_see(marker="install-card")
    assert EN["install_added"] in user.notify.messages
    with user:
        assert not install_prompt.recently_dismissed()
        install_prompt.InstallCard()
    user.find(marker="install-add").trigger("click", "dismissed")
    await user.should_not_see(marker="install-card")
    with user:
        assert install_prompt.recently_dismissed()


async def test_the_install_card_comes_after_a_booking_is_confirmed(user, runtime, sign_in):
    owner = await person(runtime, 20, "bilal_courts", "Bilal Ahmed", role=m.UserRole.VENUE_OWNER)
    venue = await open_venue(runtime, owner)
    me = await sign_in()
    held = await book(runtime, me, venue.courts[0].id, next_half_hour(timedelta(days=1)), confirm=False)
    await user.open(f"/bookings/{held.id}")
    await user.should_not_see(marker="install-card")

    user.find(marker="pay-at-venue").click()

    await user.should_see(english("booking").confirmed_at_venue, retries=20)
    await user.should_see(marker="install-card")


async def test_the_install_card_speaks_urdu(user, runtime, sign_in):
    host = await member(runtime, 10, "danish_m", "Danish Mirza")
    game = await host_activity(runtime, host)
    await sign_in(locale="ur")
    await user.open(f"/activities/{game.id}")

    user.find(marker="join").click()

    await user.should_see(UR["install_title"], retries=20)
    await user.should_see(UR["install_later"])
    await user.should_see(UR["push_host_answers"])
    await user.should_see(UR["push_ask"])


async def test_push_is_offered_after_a_join_request_and_says_how_to_unblock_it(user, runtime, sign_in):
    host = await member(runtime, 10, "danish_m", "Danish Mirza")
    game = await host_activity(runtime, host)
    await sign_in()
    await user.open(f"/activities/{game.id}")
    await user.should_not_see(marker="push-ask")
    user.find(marker="join").click()

    await user.should_see(EN["push_host_answers"], retries=20)
    user.find(marker="push-ask").trigger("click", "denied")

    await user.should_see(EN["push_denied_title"])
    await user.should_see(EN["push_denied"])
    await user.should_see(EN["push_try_again"])
    user.find(marker="push-ask").trigger("click", "default")
    await user.should_see(EN["push_dismissed"])
    user.find(marker="push-ask").trigger("click", "unsupported")
    await user.should_see(EN["push_unsupported_title"])
    await user.should_not_see(marker="push-ask")


def browser_subscription(endpoint: str) -> dict[str, object]:
    """What `PushSubscription.toJSON()` gives: a real P-256 public key and a 16-byte secret."""
    point = ec.generate_private_key(ec.SECP256R1()).public_key()
    raw = point.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return {
        "endpoint": endpoint,
        "expirationTime": None,
        "keys": {"p256dh": b64url(raw), "auth": b64url(os.urandom(16))},
    }


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


async def test_granting_push_subscribes_this_phone_with_the_servers_key(user, runtime, sign_in):
    host = await member(runtime, 10, "danish_m", "Danish Mirza")
    game = await host_activity(runtime, host)
    me = await sign_in()
    endpoint = "https://fcm.googleapis.com/fcm/send/sana-phone"
    asked_with = []

    def browser_subscribes(match: re.Match[str], existing: bool) -> dict[str, object]:
        asked_with.append(match.group(1))
        return {"subscription": browser_subscription(endpoint), "existing": existing, "userAgent": "Chrome"}

    user.javascript_rules[re.compile(r'scene\.subscribePush\("([A-Za-z0-9_-]+)"\)')] = lambda match: (
        browser_subscribes(match, existing=False)
    )
    await user.open(f"/activities/{game.id}")
    user.find(marker="join").click()
    await user.should_see(marker="push-ask", retries=20)

    user.find(marker="push-ask").trigger("click", "granted")

    await user.should_see(EN["push_on"], retries=20)
    await user.should_not_see(marker="push-ask")
    async with provide_services(runtime) as services:
        assert asked_with == [services.push_subscriptions.public_key()]
        actor = await services.session.get_one(m.User, me.id)
        devices = await services.push_subscriptions.list_mine(actor)
    assert [(device.endpoint, device.user_agent) for device in devices] == [(endpoint, "Chrome")]

    user.javascript_rules[re.compile(r'scene\.subscribePush\("([A-Za-z0-9_-]+)"\)')] = lambda match: (
        browser_subscribes(match, existing=True)
    )
    await user.open(f"/activities/{game.id}")
    user.find(marker="push-ask").trigger("click", "granted")
    await user.should_see(EN["push_already_on"], retries=20)


async def test_a_browser_that_fails_to_subscribe_says_so_and_stores_nothing(user, runtime, sign_in):
    host = await member(runtime, 10, "danish_m", "Danish Mirza")
    game = await host_activity(runtime, host)
    me = await sign_in()
    failing = {"error": "AbortError: the push service refused"}
    user.javascript_rules[re.compile(r"scene\.subscribePush")] = lambda _: failing
    await user.open(f"/activities/{game.id}")
    user.find(marker="join").click()
    await user.should_see(marker="push-ask", retries=20)

    user.find(marker="push-ask").trigger("click", "granted")

    await user.should_see(EN["push_host_answers"])
    for _ in range(20):
        if EN["push_failed"] in user.notify.messages:
            break
        await asyncio.sleep(0.1)
    assert EN["push_failed"] in user.notify.messages
    async with provide_services(runtime) as services:
        actor = await services.session.get_one(m.User, me.id)
        assert await services.push_subscriptions.list_mine(actor) == []
