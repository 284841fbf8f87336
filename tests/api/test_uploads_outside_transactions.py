"""Avatars, event covers and venue photos are written to S3 with no database transaction open, and
the row that names the object is committed only after the object exists."""

import pytest

from scene_api.db import models as m
from scene_api.services import Services, provide_services
from tests.factories import EventFactory, UserFactory, VenueFactory, persist
from tests.social import picture


class Uploads:
    """S3 writes during one unit of work; each fails the test if that unit has a transaction open."""

    def __init__(self, runtime) -> None:
        self.runtime = runtime
        self.keys: list[str] = []
        self.services: Services | None = None

    async def run(self, work):
        async with provide_services(self.runtime) as services:
            self.services = services
            await services.session.connection()  # a transaction is open, as in a request
            return await work(services)


@pytest.fixture
def uploads(monkeypatch, runtime) -> Uploads:
    spy = Uploads(runtime)
    put = runtime.storage.put

    async def put_outside_transactions(key: str, body: bytes, content_type: str) -> None:
        assert spy.services is not None
        assert not spy.services.session.in_transaction(), "S3 written inside a transaction"
        await put(key, body, content_type)
        spy.keys.append(key)

    monkeypatch.setattr(runtime.storage, "put", put_outside_transactions)
    return spy


async def test_an_avatar_is_stored_before_its_row_names_it(runtime, uploads):
    member = UserFactory.build()
    async with runtime.session_factory() as session:
        await persist(session, member)

    async def set_avatar(services: Services):
        me = await services.session.get_one(m.User, member.id)
        return await services.users.set_avatar(me, picture("JPEG", (600, 600)))

    profile = await uploads.run(set_avatar)

    assert len(uploads.keys) == 2
    assert profile.avatar_url.endswith("/512.webp")
    async with runtime.session_factory() as session:
        assert (await session.get_one(m.User, member.id)).avatar_key in uploads.keys
    assert all([await runtime.storage.exists(key) for key in uploads.keys])


async def test_an_event_cover_is_stored_before_its_row_names_it(runtime, uploads):
    event = EventFactory.build()
    async with runtime.session_factory() as session:
        await persist(session, event)

    async def set_cover(services: Services):
        host = await services.session.get_one(m.User, event.host_id)
        return await services.events.set_cover(host, event.id, picture("PNG"))

    await uploads.run(set_cover)

    async with runtime.session_factory() as session:
        assert (await session.get_one(m.Event, event.id)).cover_key == uploads.keys[0]
    assert await runtime.storage.exists(uploads.keys[0])


async def test_a_venue_photo_is_stored_before_its_row_names_it(runtime, uploads):
    venue = VenueFactory.build()
    async with runtime.session_factory() as session:
        await persist(session, venue)

    async def add_photo(services: Services):
        owner = await services.session.get_one(m.User, venue.owner_id)
        return await services.venue_management.add_photo(owner, venue.id, picture("PNG"), "Court 1")

    photo = await uploads.run(add_photo)

    async with runtime.session_factory() as session:
        assert (await session.get_one(m.VenuePhoto, photo.id)).key == uploads.keys[0]
    assert await runtime.storage.exists(uploads.keys[0])
