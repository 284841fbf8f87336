"""The app's public address: SCENE_PUBLIC_URL when set, otherwise the UI's own host and port, so
share links and the payment return land where the UI really listens."""

from dataclasses import replace

from litestar.testing import AsyncTestClient

from scene_api.app import create_app
from scene_api.config import Settings
from tests.helpers import PHONES, activity_payload, create_member, sign_in


def test_the_public_url_defaults_to_the_ui_address():
    assert Settings.from_env({}).public_url == "http://127.0.0.1:8080"
    settings = Settings.from_env({"SCENE_HOST": "192.168.1.20", "SCENE_UI_PORT": "9123"})
    assert settings.public_url == "http://192.168.1.20:9123"


def test_an_explicit_public_url_wins_over_the_ui_address():
    settings = Settings.from_env({"SCENE_UI_PORT": "9123", "SCENE_PUBLIC_URL": "https://scene.pk"})
    assert settings.public_url == "https://scene.pk"


async def test_share_links_and_the_payment_return_follow_the_ui_port(runtime):
    settings = replace(runtime.settings, public_url="", ui_port=9123)
    ui = f"http://{settings.host}:9123"
    member = await create_member(runtime, PHONES[0], handle="host_ali", name="Ali Raza")
    headers = await sign_in(runtime, member)
    async with AsyncTestClient(app=create_app(settings)) as client:
        created = await client.post("/api/v1/activities", json=activity_payload(), headers=headers)
        assert created.status_code == 201, created.text
        assert created.json()["share_url"] == f"{ui}/a/{created.json()['slug']}"

        back = await client.get("/api/v1/payments/return/payfast", follow_redirects=False)
        assert back.status_code == 303
        assert back.headers["location"] == f"{ui}/"
