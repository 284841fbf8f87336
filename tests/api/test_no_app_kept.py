"""What the API keeps between requests (checked tokens, types, statements) never holds an app: a cache
keyed by a route handler kept every app made alive, and the test suite, which makes one per test,
grew to 4.5 GB until NiceGUI's garbage collection between tests took minutes."""

import gc

from litestar import Litestar
from litestar.testing import AsyncTestClient

from scene_api.app import create_app
from tests.helpers import create_member, sign_in


def apps_alive() -> int:
    gc.collect()
    return sum(isinstance(thing, Litestar) for thing in gc.get_objects())


async def test_an_app_that_served_requests_is_freed_after(settings, runtime):
    member = await create_member(runtime, "+923001234567")
    headers = await sign_in(runtime, member)
    before = apps_alive()

    async with AsyncTestClient(app=create_app(settings)) as client:
        listed = await client.get(
            "/api/v1/activities", params={"limit": "5", "type": "padel"}, headers=headers
        )
        me = await client.get("/api/v1/auth/me", headers=headers)
        refused = await client.post("/api/v1/activities", json={"title": "\u0000"}, headers=headers)

    del client
    assert (listed.status_code, me.status_code, refused.status_code) == (200, 200, 422)
    assert apps_alive() == before
