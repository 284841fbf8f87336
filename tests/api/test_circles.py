"""Circles: the owner runs one, admins help; private circles exist only for their members."""

import pytest

from scene_api.db import models as m
from tests.social import count, every_page, people, person

MISSING = "00000000-0000-7000-8000-000000000000"


async def new_circle(client, owner, **fields):
    body = {"name": "Lahore Padel Crew"} | fields
    answer = await client.post("/api/v1/circles", json=body, headers=owner.headers)
    assert answer.status_code == 201, answer.text
    return answer.json()


async def add(client, circle, by, member, role=None):
    body = {"user_id": str(member.id)} | ({"role": role} if role else {})
    return await client.post(f"/api/v1/circles/{circle['id']}/members", json=body, headers=by.headers)


async def roles(client, circle, viewer):
    detail = (await client.get(f"/api/v1/circles/{circle['id']}", headers=viewer.headers)).json()
    return [(row["member"]["handle"], row["role"]) for row in detail["members"]]


async def test_creating_a_circle_makes_me_its_owner_with_a_slug_from_the_name(client, runtime):
    owner = await person(runtime, 1, "danish")
    circle = await new_circle(
        client, owner, name="  Lahore Padel Crew! ", description="Weeknights", city="Lahore", is_private=True
    )
    assert (circle["slug"], circle["name"], circle["city"]) == (
        "lahore-padel-crew",
        "Lahore Padel Crew!",
        "Lahore",
    )
    assert (circle["is_private"], circle["owner_id"], circle["my_role"]) == (True, str(owner.id), "owner")
    assert circle["member_count"] == 1
    assert [(r["member"]["handle"], r["role"]) for r in circle["members"]] == [("danish", "owner")]
    assert (await new_circle(client, owner, name="Lahore padel crew"))["slug"] == "lahore-padel-crew-2"
    assert (await new_circle(client, owner, name="Lahore  Padel Crew"))["slug"] == "lahore-padel-crew-3"
    assert (await new_circle(client, owner, name="لاہور پیڈل"))["slug"] == "circle"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "   "}, "name"),
        ({"name": "x" * 61}, "name"),
        ({}, "name"),
        ({"name": "Crew", "description": "x" * 501}, "description"),
        ({"name": "Crew", "city": "Quetta"}, "city"),
        ({"name": "Crew", "is_private": "yes"}, "is_private"),
        ({"name": "Crew", "owner_id": MISSING}, "owner_id"),
        ({"name": "Crew", "slug": "mine"}, "slug"),
    ],
)
async def test_bad_circles_are_refused_by_name_and_nothing_is_created(client, runtime, body, field):
    owner = await person(runtime, 1)
    answer = await client.post("/api/v1/circles", json=body, headers=owner.headers)
    assert answer.status_code == 422
    error = answer.json()["error"]
    assert field in error["message"] or field in error["details"]["fields"]
    assert await count(runtime, m.Circle) == 0


async def test_my_circles_lists_the_ones_i_am_in_newest_first(client, runtime):
    me, other = await person(runtime, 1), await person(runtime, 2)
    first = await new_circle(client, me, name="First")
    theirs = await new_circle(client, other, name="Theirs", is_private=True)
    await new_circle(client, other, name="Public but not mine")
    second = await new_circle(client, me, name="Second")
    assert (await add(client, theirs, other, me)).status_code == 201
    circles = await every_page(client, "/api/v1/circles", me.headers, limit=2)
    names = [(c["name"], c["my_role"]) for c in circles]
    assert names == [("Second", "owner"), ("Theirs", "member"), ("First", "owner")]
    assert second["id"] != first["id"]


async def test_public_circles_are_readable_by_every_member_private_ones_only_by_their_members(
    client, runtime
):
    owner, member, outsider = await people(runtime, "owner", "member", "outsider")
    public = await new_circle(client, owner, name="Open")
    private = await new_circle(client, owner, name="Closed", is_private=True)
    assert (await add(client, private, owner, member)).status_code == 201
    seen = await client.get(f"/api/v1/circles/{public['id']}", headers=outsider.headers)
    assert (seen.status_code, seen.json()["my_role"]) == (200, None)
    hidden = await client.get(f"/api/v1/circles/{private['id']}", headers=outsider.headers)
    missing = await client.get(f"/api/v1/circles/{MISSING}", headers=outsider.headers)
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    assert (await client.get(f"/api/v1/circles/{private['id']}", headers=member.headers)).status_code == 200
    assert (await client.get(f"/api/v1/circles/{private['id']}")).status_code == 401


async def test_only_the_owner_edits_and_deletes(client, runtime):
    owner, admin, member = await people(runtime, "owner", "admin", "member")
    circle = await new_circle(client, owner, name="Crew", description="Old")
    await add(client, circle, owner, admin, "admin")
    await add(client, circle, owner, member)
    for who in (admin, member):
        edit = await client.patch(
            f"/api/v1/circles/{circle['id']}", json={"name": "Taken over"}, headers=who.headers
        )
        assert edit.status_code == 403
        assert (
            await client.delete(f"/api/v1/circles/{circle['id']}", headers=who.headers)
        ).status_code == 403
    edited = await client.patch(
        f"/api/v1/circles/{circle['id']}",
        json={"name": " Crew 2 ", "description": "New", "is_private": True, "city": None},
        headers=owner.headers,
    )
    assert edited.status_code == 200
    body = edited.json()
    assert (body["name"], body["description"], body["is_private"], body["slug"]) == (
        "Crew 2",
        "New",
        True,
        "crew",
    )
    for bad, field in (
        ({"name": ""}, "name"),
        ({"owner_id": str(admin.id)}, "owner_id"),
        ({"slug": "x"}, "slug"),
    ):
        refused = await client.patch(f"/api/v1/circles/{circle['id']}", json=bad, headers=owner.headers)
        assert refused.status_code == 422
        assert (
            field in refused.json()["error"]["message"]
            or field in refused.json()["error"]["details"]["fields"]
        )
    assert (await client.get(f"/api/v1/circles/{circle['id']}", headers=owner.headers)).json()[
        "name"
    ] == "Crew 2"
    assert (await client.delete(f"/api/v1/circles/{circle['id']}", headers=owner.headers)).status_code == 204
    assert (await client.get(f"/api/v1/circles/{circle['id']}", headers=owner.headers)).status_code == 404
    assert await count(runtime, m.CircleMember) == 0


async def test_owner_and_admins_add_members_only_the_owner_makes_admins(client, runtime):
    owner, admin, member, newcomer, another = await people(
        runtime, "owner", "admin", "member", "newcomer", "another"
    )
    circle = await new_circle(client, owner, name="Crew")
    added = await add(client, circle, owner, admin, "admin")
    assert added.status_code == 201
    assert added.json()["member_count"] == 2
    assert (await add(client, circle, admin, member)).status_code == 201
    assert (await add(client, circle, admin, newcomer, "admin")).status_code == 403
    assert (await add(client, circle, member, newcomer)).status_code == 403
    assert (await add(client, circle, owner, another, "owner")).status_code == 422
    twice = await add(client, circle, owner, member)
    assert (twice.status_code, twice.json()["error"]["message"]) == (409, "Already a member of this circle.")
    assert await roles(client, circle, owner) == [
        ("owner", "owner"),
        ("admin", "admin"),
        ("member", "member"),
    ]


async def test_only_active_members_who_exist_can_be_added(client, runtime):
    owner = await person(runtime, 1)
    suspended = await person(runtime, 2, status=m.UserStatus.SUSPENDED)
    circle = await new_circle(client, owner)
    for user_id in (MISSING, str(suspended.id)):
        answer = await client.post(
            f"/api/v1/circles/{circle['id']}/members", json={"user_id": user_id}, headers=owner.headers
        )
        assert answer.status_code == 404
    bad = await client.post(
        f"/api/v1/circles/{circle['id']}/members", json={"user_id": "x"}, headers=owner.headers
    )
    assert bad.status_code == 422
    assert "user_id" in bad.json()["error"]["message"]
    assert await count(runtime, m.CircleMember) == 1


async def test_removing_members_follows_the_roles(client, runtime):
    owner, admin, other_admin, member, outsider = await people(
        runtime, "owner", "admin", "admin_2", "member", "outsider"
    )
    circle = await new_circle(client, owner)
    for who, role in ((admin, "admin"), (other_admin, "admin"), (member, None)):
        await add(client, circle, owner, who, role)

    def remove(by, who):
        return client.delete(f"/api/v1/circles/{circle['id']}/members/{who.id}", headers=by.headers)

    assert (await remove(member, admin)).status_code == 403
    assert (await remove(admin, other_admin)).status_code == 403
    assert (await remove(admin, owner)).status_code == 403
    assert (await remove(outsider, member)).status_code == 403
    assert (await remove(admin, outsider)).status_code == 404
    assert (await remove(admin, member)).status_code == 204
    assert (await remove(owner, other_admin)).status_code == 204
    assert await roles(client, circle, owner) == [("owner", "owner"), ("admin", "admin")]
    assert (await remove(admin, admin)).status_code == 204
    assert await roles(client, circle, owner) == [("owner", "owner")]


async def test_members_leave_but_the_owner_cannot(client, runtime):
    owner, member, outsider = await people(runtime, "owner", "member", "outsider")
    circle = await new_circle(client, owner)
    private = await new_circle(client, owner, name="Private", is_private=True)
    await add(client, circle, owner, member)
    assert (
        await client.post(f"/api/v1/circles/{circle['id']}/leave", headers=member.headers)
    ).status_code == 204
    assert (await client.get(f"/api/v1/circles/{circle['id']}", headers=member.headers)).json()[
        "my_role"
    ] is None
    refused = await client.post(f"/api/v1/circles/{circle['id']}/leave", headers=owner.headers)
    assert (refused.status_code, refused.json()["error"]["code"]) == (409, "owner_cannot_leave")
    assert (
        await client.post(f"/api/v1/circles/{circle['id']}/leave", headers=outsider.headers)
    ).status_code == 404
    assert (
        await client.post(f"/api/v1/circles/{private['id']}/leave", headers=outsider.headers)
    ).status_code == 404
    assert await count(runtime, m.CircleMember) == 2
