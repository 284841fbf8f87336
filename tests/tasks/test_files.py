"""Pictures nobody points at any more are deleted from S3 after the change that let them go commits:
a replaced or removed avatar (both sizes), a replaced or removed event cover, a removed venue photo."""

import asyncio
from typing import Any

from scene_tasks.jobs.files import delete_files
from tests.events import host_event
from tests.helpers import job_context
from tests.social import person, picture
from tests.venues import open_venue, venue_owner


async def gone(client, url: str, *, seconds: float = 10) -> bool:
    """Whether `url` stops being served within `seconds` (the worker deletes it in the background)."""
    for _ in range(int(seconds / 0.1)):
        if (await client.get(url)).status_code == 404:
            return True
        await asyncio.sleep(0.1)
    return False


async def test_a_replaced_avatar_is_deleted_and_the_new_one_kept(client, runtime, worker):
    me = await person(runtime, 1)

    async def upload(kind: str) -> dict[str, Any]:
        answer = await client.put(
            "/api/v1/me/avatar",
            files={"file": (f"me.{kind.lower()}", picture(kind), f"image/{kind.lower()}")},
            headers=me.headers,
        )
        assert answer.status_code == 200, answer.text
        profile: dict[str, Any] = answer.json()
        return profile

    first, second = await upload("PNG"), await upload("JPEG")

    assert await gone(client, first["avatar_url"])
    assert await gone(client, first["avatar_thumb_url"])
    assert (await client.get(second["avatar_url"])).status_code == 200
    await client.delete("/api/v1/me/avatar", headers=me.headers)
    assert await gone(client, second["avatar_url"])
    assert await gone(client, second["avatar_thumb_url"])


async def test_a_removed_event_cover_and_venue_photo_are_deleted(client, runtime, worker):
    host = await person(runtime, 1)
    event = await host_event(client, host.headers)
    cover = await client.put(
        f"/api/v1/events/{event['id']}/cover",
        files={"file": ("cover.png", picture("PNG", (1200, 630)), "image/png")},
        headers=host.headers,
    )
    await client.delete(f"/api/v1/events/{event['id']}/cover", headers=host.headers)
    owner = await venue_owner(runtime)
    venue = await open_venue(client, owner)
    base = f"/api/v1/owner/venues/{venue['id']}/photos"
    photo = await client.post(
        base, files={"file": ("c.png", picture("PNG"), "image/png")}, headers=owner.headers
    )
    await client.delete(f"{base}/{photo.json()['id']}", headers=owner.headers)

    assert await gone(client, cover.json()["cover_url"])
    assert await gone(client, photo.json()["url"])


async def test_deleting_twice_is_no_error(runtime):
    await runtime.storage.put("tmp/once.txt", b"x", "text/plain")
    context = job_context(runtime)

    assert await delete_files(context, keys=["tmp/once.txt"]) == 1
    assert await delete_files(context, keys=["tmp/once.txt"]) == 1
    assert not await runtime.storage.exists("tmp/once.txt")
