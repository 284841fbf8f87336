"""What the payment tests with the real bookings service share: a venue owner, a court, a payer."""

import pytest

from scene_api.db import models as m
from tests.social import person
from tests.venues import open_venue, venue_owner


@pytest.fixture
async def owner(runtime):
    return await venue_owner(runtime)


@pytest.fixture
async def court(client, owner):
    venue = await open_venue(client, owner)
    return str(venue["courts"][0]["id"])


@pytest.fixture
async def ayesha(runtime):
    return await person(runtime, 1, "ayesha", name="Ayesha Khan")


@pytest.fixture
async def ops(runtime):
    return await person(runtime, 9, "ops_hamza", name="Hamza Qureshi", role=m.UserRole.ADMIN)
