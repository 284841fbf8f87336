"""Members: search with cursor pages, profiles with private fields, editing one's own, avatars."""

import io

import pytest
import sqlalchemy as sa
from PIL import Image

from scene_api.db import models as m
from tests.social import arrange, count, every_page, person, picture


async def test_search_finds_members_by_name_or_handle_a_page_at_a_time(client, runtime):
    me = await person(runtime, 1, "ayesha_k", name="Ayesha Khan")
    await person(runtime, 2, "bilal_c", name="Bilal Chaudhry")
    await person(runtime, 3, "padel_bilal", name="Hamza Qureshi")
    await person(runtime, 4, "zainab", name="Zainab Sheikh")

    by_name = await client.get("/api/v1/users", params={"q": "BILAL"}, headers=me.headers)
    assert by_name.status_code == 200
    assert [u["handle"] for u in by_name.json()["items"]] == ["bilal_c", "padel_bilal"]
    by_handle = await client.get("/api/v1/users", params={"q": "@zain"}, headers=me.headers)
    assert [u["name"] for u in by_handle.json()["items"]] == ["Zainab Sheikh"]
    wildcard = await client.get("/api/v1/users", params={"q": "%"}, headers=me.headers)
    assert wildcard.json()["items"] == []

    members = await every_page(client, "/api/v1/users", me.headers, limit=3)
    assert [u["handle"] for u in members] == ["ayesha_k", "bilal_c", "padel_bilal", "zainab"]
    first = members[0]
    assert set(first) == {"id", "handle", "name", "avatar_url", "city", "trust_level", "open_to_join"}


async def test_search_filters_by_city_and_interest(client, runtime):
    me = await person(runtime, 1, city=m.City.LAHORE, interests=["padel"])
    await person(runtime, 2, city=m.City.KARACHI, interests=["padel", "running"])
    await person(runtime, 3, city=m.City.LAHORE, interests=["cricket"])
    lahore = await client.get("/api/v1/users", params={"city": "Lahore"}, headers=me.headers)
    assert [u["handle"] for u in lahore.json()["items"]] == ["member_1", "member_3"]
    padel = await client.get("/api/v1/users", params={"interest": "padel"}, headers=me.headers)
    assert [u["handle"] for u in padel.json()["items"]] == ["member_1", "member_2"]


async def test_search_keeps_members_open_to_join_games(client, runtime):
    me = await person(runtime, 1, city=m.City.LAHORE)
    await person(runtime, 2, city=m.City.LAHORE, open_to_join=True)
    await person(runtime, 3, city=m.City.KARACHI, open_to_join=True)
    open_in_lahore = await client.get(
        "/api/v1/users", params={"open_to_join": "true", "city": "Lahore"}, headers=me.headers
    )
    assert [(u["handle"], u["open_to_join"]) for u in open_in_lahore.json()["items"]] == [("member_2", True)]
    everyone = await client.get("/api/v1/users", headers=me.headers)
    assert [u["open_to_join"] for u in everyone.json()["items"]] == [False, True, True]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 101}, "limit"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"q": "x" * 81}, "q"),
        ({"city": "Quetta"}, "city"),
        ({"interest": "chess"}, "interest"),
    ],
)
async def test_search_refuses_bad_parameters_by_name(client, runtime, params, field):
    me = await person(runtime, 1)
    answer = await client.get("/api/v1/users", params=params, headers=me.headers)
    assert answer.status_code == 422
    assert field in answer.json()["error"]["message"]
    assert field in answer.json()["error"]["details"]["fields"]


async def test_suspended_members_are_hidden_from_members_but_not_from_admins(client, runtime):
    me = await person(runtime, 1)
    admin = await person(runtime, 2, "admin", role=m.UserRole.ADMIN)
    gone = await person(runtime, 3, "gone", status=m.UserStatus.SUSPENDED)
    listed = await client.get("/api/v1/users", headers=me.headers)
    assert "gone" not in [u["handle"] for u in listed.json()["items"]]
    assert (await client.get(f"/api/v1/users/{gone.id}", headers=me.headers)).status_code == 404
    assert (await client.get(f"/api/v1/users/{gone.id}", headers=admin.headers)).status_code == 200
    listed = await client.get("/api/v1/users", headers=admin.headers)
    assert "gone" in [u["handle"] for u in listed.json()["items"]]


async def test_profiles_need_a_signed_in_member(client, runtime):
    member = await person(runtime, 1)
    for path in ("/api/v1/users", f"/api/v1/users/{member.id}", "/api/v1/users/by-handle/member_1"):
        assert (await client.get(path)).status_code == 401


async def test_profile_by_id_and_by_handle_masks_private_fields_for_others(client, runtime):
    owner = await person(runtime, 1234567, "ayesha", name="Ayesha Khan", lat=31.52, lng=74.35, bio="Padel")
    other = await person(runtime, 2, "bilal")
    admin = await person(runtime, 3, "admin", role=m.UserRole.ADMIN)

    seen = await client.get(f"/api/v1/users/{owner.id}", headers=other.headers)
    assert seen.status_code == 200
    profile = seen.json()
    assert profile["phone"] == "+92 3** ***4567"
    assert (profile["lat"], profile["lng"]) == (None, None)
    assert profile["is_me"] is False
    assert profile["handle"] == "ayesha"
    assert profile["bio"] == "Padel"
    assert owner.phone not in seen.text
    assert (await client.get("/api/v1/users/by-handle/AYESHA", headers=other.headers)).json() == profile

    own = (await client.get("/api/v1/me/profile", headers=owner.headers)).json()
    assert own["phone"] == owner.phone == "+923001234567"
    assert (own["lat"], own["lng"]) == (31.52, 74.35)
    assert own["is_me"] is True
    assert own["circles_in_common"] is None
    as_admin = (await client.get(f"/api/v1/users/{owner.id}", headers=admin.headers)).json()
    assert as_admin["phone"] == owner.phone
    assert as_admin["lat"] == 31.52


async def test_unknown_members_are_404(client, runtime):
    me = await person(runtime, 1)
    missing = "00000000-0000-7000-8000-000000000000"
    assert (await client.get(f"/api/v1/users/{missing}", headers=me.headers)).status_code == 404
    assert (await client.get("/api/v1/users/by-handle/nobody", headers=me.headers)).status_code == 404
    assert (await client.get("/api/v1/users/not-a-uuid", headers=me.headers)).status_code == 404


async def test_trust_level_and_counts_come_from_vouches(client, runtime):
    subject = await person(runtime, 1, "subject")
    others = [await person(runtime, n) for n in range(2, 6)]

    async def profile():
        return (await client.get(f"/api/v1/users/{subject.id}", headers=others[0].headers)).json()

    assert (await profile())["trust_level"] == "new"
    await arrange(runtime, m.Vouch(voucher_id=others[0].id, vouchee_id=subject.id))
    assert (await profile())["trust_level"] == "vouched"
    await arrange(runtime, *(m.Vouch(voucher_id=o.id, vouchee_id=subject.id) for o in others[1:3]))
    await arrange(runtime, m.Vouch(voucher_id=subject.id, vouchee_id=others[3].id))
    shown = await profile()
    assert (shown["trust_level"], shown["vouches_received"], shown["vouches_given"]) == ("trusted", 3, 1)
    listed = await client.get("/api/v1/users", params={"q": "subject"}, headers=others[0].headers)
    assert listed.json()["items"][0]["trust_level"] == "trusted"


async def test_profile_counts_circles_in_common(client, runtime):
    me, them = await person(runtime, 1), await person(runtime, 2)
    shared, mine_only = (
        m.Circle(owner_id=me.id, slug="shared", name="Shared"),
        m.Circle(owner_id=me.id, slug="mine", name="Mine", is_private=True),
    )
    await arrange(runtime, shared, mine_only)
    await arrange(
        runtime,
        m.CircleMember(circle_id=shared.id, user_id=me.id, role=m.CircleRole.OWNER),
        m.CircleMember(circle_id=mine_only.id, user_id=me.id, role=m.CircleRole.OWNER),
        m.CircleMember(circle_id=shared.id, user_id=them.id),
    )
    profile = (await client.get(f"/api/v1/users/{them.id}", headers=me.headers)).json()
    assert profile["circles_in_common"] == 1


async def test_member_updates_their_profile(client, runtime):
    me = await person(runtime, 1, "old_handle")
    changes = {
        "name": "  Ayesha Khan ",
        "handle": "Ayesha_K",
        "bio": "Padel most evenings in Gulberg.",
        "city": "Lahore",
        "gender": "woman",
        "interests": ["padel", "running", "padel"],
        "skill_levels": {"padel": 4, "running": 2},
        "open_to_join": True,
        "locale": "ur",
        "lat": 31.5,
        "lng": 74.3,
    }
    answer = await client.patch("/api/v1/me/profile", json=changes, headers=me.headers)
    assert answer.status_code == 200, answer.text
    profile = answer.json()
    assert profile["name"] == "Ayesha Khan"
    assert profile["handle"] == "ayesha_k"
    assert profile["interests"] == ["padel", "running"]
    assert profile["skill_levels"] == {"padel": 4, "running": 2}
    assert (profile["city"], profile["gender"], profile["locale"]) == ("Lahore", "woman", "ur")
    assert (profile["open_to_join"], profile["lat"], profile["lng"]) == (True, 31.5, 74.3)
    assert (await client.get("/api/v1/me/profile", headers=me.headers)).json() == profile

    partial = await client.patch("/api/v1/me/profile", json={"bio": ""}, headers=me.headers)
    assert partial.json()["bio"] == ""
    assert partial.json()["name"] == "Ayesha Khan"
    cleared = await client.patch(
        "/api/v1/me/profile", json={"city": None, "lat": None, "lng": None}, headers=me.headers
    )
    assert (cleared.json()["city"], cleared.json()["lat"]) == (None, None)


async def test_a_taken_handle_is_a_409_and_changes_nothing(client, runtime):
    await person(runtime, 1, "taken")
    me = await person(runtime, 2, "mine", name="Before")
    answer = await client.patch(
        "/api/v1/me/profile", json={"handle": "TAKEN", "name": "After"}, headers=me.headers
    )
    assert answer.status_code == 409
    assert "handle" in answer.json()["error"]["message"]
    profile = (await client.get("/api/v1/me/profile", headers=me.headers)).json()
    assert (profile["handle"], profile["name"]) == ("mine", "Before")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"role": "admin"}, "role"),
        ({"status": "active"}, "status"),
        ({"invite_quota": 100}, "invite_quota"),
        ({"can_invite": True}, "can_invite"),
        ({"phone": "+923009999999"}, "phone"),
        ({"phone_last4": "9999"}, "phone_last4"),
        ({"avatar_key": "avatars/x.png"}, "avatar_key"),
        ({"id": "00000000-0000-7000-8000-000000000000"}, "id"),
        ({"name": "   "}, "name"),
        ({"name": "x" * 81}, "name"),
        ({"handle": "ab"}, "handle"),
        ({"handle": "has space"}, "handle"),
        ({"handle": "x" * 31}, "handle"),
        ({"bio": "x" * 501}, "bio"),
        ({"city": "Quetta"}, "city"),
        ({"gender": "other"}, "gender"),
        ({"interests": ["chess"]}, "interests"),
        ({"skill_levels": {"padel": 6}}, "skill_levels"),
        ({"skill_levels": {"padel": 0}}, "skill_levels"),
        ({"skill_levels": {"chess": 3}}, "skill_levels"),
        ({"locale": "fr"}, "locale"),
        ({"open_to_join": "yes"}, "open_to_join"),
        ({"lat": 91, "lng": 0}, "lat"),
        ({"lat": 0, "lng": 181}, "lng"),
        ({"lat": 31.5}, "lng"),
        ({"lng": 74.3}, "lat"),
        ({"lat": 31.5, "lng": None}, "lng"),
    ],
)
async def test_profile_updates_refuse_anything_else_by_name_and_change_nothing(client, runtime, body, field):
    me = await person(runtime, 1, "mine", name="Before", role=m.UserRole.MEMBER)
    before = (await client.get("/api/v1/me/profile", headers=me.headers)).json()
    answer = await client.patch("/api/v1/me/profile", json={"bio": "After"} | body, headers=me.headers)
    assert answer.status_code == 422, answer.text
    error = answer.json()["error"]
    assert field in error["message"] or field in error["details"].get("fields", {})
    assert (await client.get("/api/v1/me/profile", headers=me.headers)).json() == before
    async with runtime.session_factory() as session:
        stored = await session.get_one(m.User, me.id)
    assert (stored.role, stored.status, stored.invite_quota) == (
        m.UserRole.MEMBER,
        m.UserStatus.ACTIVE,
        runtime.settings.invite_quota,
    )


async def test_avatar_upload_stores_a_512_square_and_a_thumbnail(client, runtime):
    me = await person(runtime, 1)
    other = await person(runtime, 2)
    answer = await client.put(
        "/api/v1/me/avatar",
        files={"file": ("me.jpg", picture("JPEG", (1200, 800)), "image/jpeg")},
        headers=me.headers,
    )
    assert answer.status_code == 200, answer.text
    profile = answer.json()
    assert profile["avatar_url"].startswith(f"/media/avatars/{me.id}/")
    assert profile["avatar_url"].endswith("/512.webp")
    assert profile["avatar_thumb_url"] == profile["avatar_url"].replace("/512.webp", "/128.webp")
    for url, side in ((profile["avatar_url"], 512), (profile["avatar_thumb_url"], 128)):
        served = await client.get(url)
        assert served.status_code == 200
        assert served.headers["content-type"] == "image/webp"
        with Image.open(io.BytesIO(served.content)) as image:
            assert (image.format, image.size) == ("WEBP", (side, side))
    listed = await client.get("/api/v1/users", params={"q": "member_1"}, headers=other.headers)
    assert listed.json()["items"][0]["avatar_url"] == profile["avatar_thumb_url"]

    replaced = await client.put(
        "/api/v1/me/avatar",
        files={"file": ("me.png", picture("PNG", mode="RGBA"), "image/png")},
        headers=me.headers,
    )
    assert replaced.status_code == 200
    assert replaced.json()["avatar_url"] != profile["avatar_url"]
    removed = await client.delete("/api/v1/me/avatar", headers=me.headers)
    assert (removed.status_code, removed.json()["avatar_url"], removed.json()["avatar_thumb_url"]) == (
        200,
        None,
        None,
    )


async def test_avatar_type_is_checked_by_content(client, runtime):
    me = await person(runtime, 1)
    for name, body, content_type in (
        ("fake.png", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/png"),
        ("anim.gif", picture("GIF"), "image/gif"),
        ("pic.bmp", picture("BMP"), "image/jpeg"),
        ("empty.jpg", b"", "image/jpeg"),
        ("cut.png", picture("PNG")[:100], "image/png"),
    ):
        answer = await client.put(
            "/api/v1/me/avatar", files={"file": (name, body, content_type)}, headers=me.headers
        )
        assert answer.status_code == 422, (name, answer.text)
        assert answer.json()["error"]["details"]["fields"] == {"file": "Send a JPEG, PNG or WebP picture."}
    webp = await client.put(
        "/api/v1/me/avatar",
        files={"file": ("pic", picture("WEBP"), "application/octet-stream")},
        headers=me.headers,
    )
    assert webp.status_code == 200
    assert await count(runtime, m.User, m.User.avatar_key.is_not(None)) == 1


async def test_avatar_size_is_limited(client, runtime):
    me = await person(runtime, 1)
    bomb = picture("PNG", (8000, 6000), mode="1")
    assert len(bomb) < 100_000
    answer = await client.put(
        "/api/v1/me/avatar", files={"file": ("bomb.png", bomb, "image/png")}, headers=me.headers
    )
    assert answer.status_code == 422
    assert "40 megapixels" in answer.json()["error"]["details"]["fields"]["file"]
    over = picture("PNG") + b"\0" * (5 * 1024 * 1024)
    answer = await client.put(
        "/api/v1/me/avatar", files={"file": ("big.png", over, "image/png")}, headers=me.headers
    )
    assert answer.status_code == 422
    assert "file" in answer.json()["error"]["details"]["fields"]
    far_over = b"\0" * (7 * 1024 * 1024)
    answer = await client.put(
        "/api/v1/me/avatar", files={"file": ("huge.png", far_over, "image/png")}, headers=me.headers
    )
    assert answer.status_code == 413
    missing = await client.put(
        "/api/v1/me/avatar", files={"other": ("x.png", picture(), "image/png")}, headers=me.headers
    )
    assert missing.status_code == 422
    assert "file" in missing.json()["error"]["message"]
    async with runtime.session_factory() as session:
        assert await session.scalar(sa.select(m.User.avatar_key).where(m.User.id == me.id)) is None
