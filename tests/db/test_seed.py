"""The demo data: what it loads, where its files go, and that loading it again changes nothing."""

from datetime import date, timedelta
from xml.etree import ElementTree

import pytest
import sqlalchemy as sa

from scene_api.db import models as m
from scene_api.db.base import metadata
from scene_api.db.seed import (
    ActivitiesFile,
    EventsFile,
    UsersFile,
    load_demo_data,
    read_seed_file,
    seed_demo_data,
)
from scene_api.lib.avatars import SVG_CONTENT_TYPE
from scene_api.lib.crypto import CODE_ALPHABET, PiiCipher, blind_index
from scene_api.lib.timezone import to_local, utcnow

DEMO_PHONES = {f"+9230000000{n:02d}" for n in range(1, 21)}
SVG_ROOT = "{http://www.w3.org/2000/svg}svg"


@pytest.fixture
def today() -> date:
    return to_local(utcnow()).date()


@pytest.fixture
async def seeded(services, today):
    report = await load_demo_data(services, today)
    await services.session.commit()
    return report


async def all_rows(services, model):
    return list((await services.session.scalars(sa.select(model))).all())


async def table_snapshot(runtime):
    """Row count and latest `updated_at` of every table: any insert or update shows up here."""
    async with runtime.session_factory() as session:
        return {
            table.name: tuple(
                (
                    await session.execute(
                        sa.select(sa.func.count(), sa.func.max(table.c.updated_at)).select_from(table)
                    )
                ).one()
            )
            for table in metadata.sorted_tables
        }


async def test_loads_the_demo_world(services, seeded):
    counts = {
        model: await services.session.scalar(sa.select(sa.func.count()).select_from(model))
        for model in (m.User, m.Venue, m.Activity, m.Event, m.Circle)
    }
    assert counts == {m.User: 20, m.Venue: 6, m.Activity: 12, m.Event: 4, m.Circle: 4}
    assert seeded.created["users"] == 20

    for venue in await all_rows(services, m.Venue):
        courts = await services.session.scalars(sa.select(m.Court).filter_by(venue_id=venue.id))
        hours = await services.session.scalars(sa.select(m.OpeningHours).filter_by(venue_id=venue.id))
        prices = await services.session.scalars(sa.select(m.PriceRule).filter_by(venue_id=venue.id))
        assert 2 <= len(courts.all()) <= 4, venue.slug
        assert sorted(h.weekday for h in hours) == list(range(7)), venue.slug
        assert sorted(p.duration_minutes for p in prices) == [60, 90, 120], venue.slug

    activities = await all_rows(services, m.Activity)
    assert {a.visibility for a in activities} == {m.Visibility.PUBLIC}
    assert all(a.seats_taken == 0 for a in activities)
    assert len({a.type for a in activities}) >= 6

    events = await all_rows(services, m.Event)
    assert sum(e.featured for e in events) == 1
    for event in events:
        tiers = (await services.session.scalars(sa.select(m.TicketTier).filter_by(event_id=event.id))).all()
        assert 1 <= len(tiers) <= 3
        assert event.capacity == sum(t.quantity for t in tiers)
    free = [e for e in events if e.slug == "khi-clifton-10k"]
    assert [t.price_pkr for t in await all_rows(services, m.TicketTier) if t.event_id == free[0].id] == [0]


async def test_roles_invites_and_vouches_form_a_tree(services, seeded):
    users = {u.id: u for u in await all_rows(services, m.User)}
    roles = sorted(u.role for u in users.values())
    assert roles.count(m.UserRole.ADMIN) == 1
    assert roles.count(m.UserRole.VENUE_OWNER) == 2
    (admin,) = [u for u in users.values() if u.role == m.UserRole.ADMIN]
    assert admin.invited_by_id is None
    for user in users.values():
        root, seen = user, {user.id}
        while root.invited_by_id is not None:
            root = users[root.invited_by_id]
            assert root.id not in seen, f"invite cycle through @{user.handle}"
            seen.add(root.id)
        assert root is admin, user.handle

    venue_owners = {v.owner_id for v in await all_rows(services, m.Venue)}
    assert {users[owner].role for owner in venue_owners} == {m.UserRole.VENUE_OWNER}

    vouches = await all_rows(services, m.Vouch)
    invite_vouches = {(v.voucher_id, v.vouchee_id) for v in vouches if v.from_invite}
    assert invite_vouches == {(u.invited_by_id, u.id) for u in users.values() if u.invited_by_id}
    assert len(vouches) > len(invite_vouches)

    invites = await all_rows(services, m.Invite)
    assert all(len(i.code) == 8 and set(i.code) <= set(CODE_ALPHABET) for i in invites)
    redeemed = {(i.inviter_id, i.invitee_id) for i in invites if i.status == m.InviteStatus.REDEEMED}
    assert redeemed == invite_vouches
    spare = [i.inviter_id for i in invites if i.status == m.InviteStatus.ACTIVE]
    assert all(spare.count(user_id) >= 2 for user_id in users)
    issued = [i.inviter_id for i in invites]
    assert all(issued.count(user.id) <= user.invite_quota for user in users.values())


async def test_avatars_and_venue_covers_are_svgs_in_storage(runtime, services, seeded):
    keys = {f"avatars/{u.handle}.svg" for u in await all_rows(services, m.User)}
    assert {u.avatar_key for u in await all_rows(services, m.User)} == keys
    venues = {v.id: v.slug for v in await all_rows(services, m.Venue)}
    photos = await all_rows(services, m.VenuePhoto)
    assert sorted((venues[p.venue_id], p.key) for p in photos) == sorted(
        (slug, f"venues/{slug}/cover.svg") for slug in venues.values()
    )
    for key in keys | {p.key for p in photos}:
        stored = await runtime.storage.get(key)
        assert stored is not None, key
        assert stored.content_type == SVG_CONTENT_TYPE
        assert ElementTree.fromstring(stored.body).tag == SVG_ROOT  # noqa: S314 (our own bytes)


async def test_phones_are_encrypted_and_decrypt_back(settings, services, seeded):
    cipher = PiiCipher(settings.pii_keys)
    phones = {}
    for user in await all_rows(services, m.User):
        phone = cipher.decrypt(user.phone_ciphertext)
        assert user.phone_ciphertext != phone
        assert user.phone_blind_index == blind_index(settings.blind_index_key, phone)
        assert user.phone_last4 == phone[-4:]
        phones[phone] = user
    assert set(phones) == DEMO_PHONES
    assert phones["+923000000001"].role == m.UserRole.ADMIN
    assert {phones["+923000000002"].role, phones["+923000000003"].role} == {m.UserRole.VENUE_OWNER}
    members = {phone: user for phone, user in phones.items() if user.role == m.UserRole.MEMBER}
    assert len(members) == 17


async def test_seeding_twice_changes_nothing(settings, runtime):
    first = await seed_demo_data(settings)
    assert first.startswith("created 20 users"), first
    before = await table_snapshot(runtime)
    second = await seed_demo_data(settings)
    assert second == "already loaded"
    assert await table_snapshot(runtime) == before


async def test_times_follow_the_data_files_in_pakistan_time(services, seeded, today):
    now = utcnow()
    for model, seeds in (
        (m.Activity, read_seed_file("activities", ActivitiesFile).activities),
        (m.Event, read_seed_file("events", EventsFile).events),
    ):
        stored = {row.slug: row for row in await all_rows(services, model)}
        assert set(stored) == {seed.slug for seed in seeds}
        for seed in seeds:
            row = stored[seed.slug]
            local_start = to_local(row.starts_at)
            assert row.starts_at > now, seed.slug
            assert local_start.date() == today + timedelta(days=seed.day), seed.slug
            assert local_start.strftime("%H:%M") == seed.time, seed.slug
            assert row.ends_at - row.starts_at == timedelta(minutes=seed.duration_minutes), seed.slug


async def test_a_later_day_moves_only_the_times(services, seeded, today):
    report = await load_demo_data(services, today + timedelta(days=1))
    assert report.created == {}
    assert report.updated == {"activities": 12, "events": 4, "special_hours": 2}


async def test_api_lists_every_demo_activity(seeded, client):
    response = await client.get("/api/v1/activities")
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    expected = {seed.slug for seed in read_seed_file("activities", ActivitiesFile).activities}
    assert {item["slug"] for item in items} == expected
    handles = {member.handle for member in read_seed_file("users", UsersFile).users}
    for item in items:
        assert item["host"]["handle"] in handles
        assert item["host"]["avatar_url"] == f"/media/avatars/{item['host']['handle']}.svg"

    avatar = await client.get(items[0]["host"]["avatar_url"])
    assert avatar.status_code == 200
    assert avatar.headers["content-type"].startswith(SVG_CONTENT_TYPE)


async def test_the_demo_shows_what_scene_alone_does(services, seeded, today):
    """Trust-aware hosting, under-fill cancelling, a member reading Urdu and a venue's own hours for
    a date (late Ramadan nights, a closed day) are in the demo, so a visitor sees them at once."""
    activities = {a.slug: a for a in await all_rows(services, m.Activity)}
    johar = activities["johar-town-7aside"]
    assert (johar.auto_approve_trusted, johar.underfill_cancel_hours) == (
        m.TrustedApproval.VOUCHED_BY_MY_CIRCLES,
        2,
    )
    assert (
        activities["clifton-padel-night"].auto_approve_trusted
        == m.TrustedApproval.VOUCHED_BY_PEOPLE_I_VOUCHED_FOR
    )
    assert [u.handle for u in await all_rows(services, m.User) if u.locale == "ur"] == ["usman_k"]
    special = sorted(await all_rows(services, m.SpecialHours), key=lambda hours: hours.day)
    assert [(s.day - today, s.closed, s.opens_minute, s.closes_minute) for s in special] == [
        (timedelta(days=3), False, 1200, 1680),
        (timedelta(days=9), True, None, None),
    ]
