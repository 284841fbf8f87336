"""Safety: a block hides two members from each other everywhere; reports reach the admins' queue."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from scene_api.db import models as m
from scene_api.domain.users import safety
from scene_api.lib.timezone import utcnow
from tests.social import a_minute_apart, arrange, count, person

MISSING = "00000000-0000-7000-8000-000000000000"


async def block(client, blocker, blocked):
    answer = await client.post("/api/v1/blocks", json={"user_id": str(blocked.id)}, headers=blocker.headers)
    assert answer.status_code == 201, answer.text
    return answer.json()


async def test_a_block_hides_both_members_from_each_other_everywhere(client, runtime):
    ayesha = await person(runtime, 1, "ayesha", name="Ayesha Khan")
    bilal = await person(runtime, 2, "bilal", name="Bilal Chaudhry")
    hamza = await person(runtime, 3, "hamza", name="Hamza Qureshi")
    await arrange(runtime, m.Vouch(voucher_id=bilal.id, vouchee_id=hamza.id))
    bilals_circle = (
        await client.post("/api/v1/circles", json={"name": "Bilal's"}, headers=bilal.headers)
    ).json()
    hamzas_circle = (
        await client.post("/api/v1/circles", json={"name": "Hamza's"}, headers=hamza.headers)
    ).json()
    for member in (ayesha, bilal):
        body = {"user_id": str(member.id)}
        await client.post(f"/api/v1/circles/{hamzas_circle['id']}/members", json=body, headers=hamza.headers)

    blocked = await block(client, ayesha, bilal)
    assert (blocked["member"]["handle"], blocked["member"]["trust_level"]) == ("bilal", "new")

    for viewer, hidden in ((ayesha, bilal), (bilal, ayesha)):
        listed = await client.get("/api/v1/users", headers=viewer.headers)
        assert hidden.user.handle not in [u["handle"] for u in listed.json()["items"]]
        found = await client.get("/api/v1/users", params={"q": hidden.user.handle}, headers=viewer.headers)
        assert found.json()["items"] == []
        assert (await client.get(f"/api/v1/users/{hidden.id}", headers=viewer.headers)).status_code == 404
        by_handle = await client.get(f"/api/v1/users/by-handle/{hidden.user.handle}", headers=viewer.headers)
        assert by_handle.status_code == 404
        vouch = await client.post(
            "/api/v1/vouches", json={"vouchee_id": str(hidden.id)}, headers=viewer.headers
        )
        assert vouch.status_code == 404
        their_vouches = await client.get(f"/api/v1/users/{hidden.id}/vouches", headers=viewer.headers)
        assert their_vouches.status_code == 404
        detail = (await client.get(f"/api/v1/circles/{hamzas_circle['id']}", headers=viewer.headers)).json()
        assert hidden.user.handle not in [row["member"]["handle"] for row in detail["members"]]
        assert detail["member_count"] == 3
    hamzas_vouches = await client.get(f"/api/v1/users/{hamza.id}/vouches", headers=ayesha.headers)
    assert hamzas_vouches.json()["items"] == []
    assert (
        await client.get(f"/api/v1/circles/{bilals_circle['id']}", headers=ayesha.headers)
    ).status_code == 404
    add = await client.post(
        f"/api/v1/circles/{bilals_circle['id']}/members",
        json={"user_id": str(ayesha.id)},
        headers=bilal.headers,
    )
    assert add.status_code == 404
    assert await count(runtime, m.Vouch) == 1

    assert (await client.delete(f"/api/v1/blocks/{bilal.id}", headers=ayesha.headers)).status_code == 204
    assert (await client.get(f"/api/v1/users/{bilal.id}", headers=ayesha.headers)).status_code == 200
    assert (await client.get(f"/api/v1/users/{ayesha.id}", headers=bilal.headers)).status_code == 200


async def test_blocking_twice_yourself_or_nobody_is_refused(client, runtime):
    me, other = await person(runtime, 1), await person(runtime, 2)
    await block(client, me, other)
    twice = await client.post("/api/v1/blocks", json={"user_id": str(other.id)}, headers=me.headers)
    assert (twice.status_code, twice.json()["error"]["message"]) == (
        409,
        "You have already blocked this member.",
    )
    myself = await client.post("/api/v1/blocks", json={"user_id": str(me.id)}, headers=me.headers)
    assert myself.status_code == 422
    assert myself.json()["error"]["details"]["fields"] == {"user_id": "You cannot block yourself."}
    nobody = await client.post("/api/v1/blocks", json={"user_id": MISSING}, headers=me.headers)
    assert nobody.status_code == 404
    for body, field in (({}, "user_id"), ({"user_id": "x"}, "user_id"), ({"user_id": MISSING, "x": 1}, "x")):
        bad = await client.post("/api/v1/blocks", json=body, headers=me.headers)
        assert bad.status_code == 422
        assert field in bad.json()["error"]["message"]
    assert await count(runtime, m.Block) == 1
    back = await client.post("/api/v1/blocks", json={"user_id": str(me.id)}, headers=other.headers)
    assert back.status_code == 201


async def test_my_blocks_are_listed_newest_first_and_unblocking_needs_a_block(client, runtime):
    me = await person(runtime, 1)
    others = [await person(runtime, n, f"other_{n}") for n in range(2, 5)]
    await arrange(
        runtime,
        *a_minute_apart(*(m.Block(blocker_id=me.id, blocked_id=other.id) for other in others)),
        m.Block(blocker_id=others[0].id, blocked_id=me.id),
    )
    first = (await client.get("/api/v1/blocks", params={"limit": 2}, headers=me.headers)).json()
    rest = (
        await client.get(
            "/api/v1/blocks", params={"limit": 2, "cursor": first["next_cursor"]}, headers=me.headers
        )
    ).json()
    assert [b["member"]["handle"] for b in first["items"] + rest["items"]] == [
        "other_2",
        "other_3",
        "other_4",
    ]
    assert rest["next_cursor"] is None
    theirs = (await client.get("/api/v1/blocks", headers=others[1].headers)).json()
    assert theirs["items"] == []
    assert (await client.delete(f"/api/v1/blocks/{me.id}", headers=others[1].headers)).status_code == 404
    assert await count(runtime, m.Block) == 4


async def report_subjects(runtime, host):
    starts = utcnow() + timedelta(days=2)
    activity = m.Activity(
        host_id=host.id,
        slug="padel-abc123",
        type=m.ActivityType.PADEL,
        title="Padel",
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        capacity=4,
    )
    event = m.Event(
        host_id=host.id,
        slug="night-run-abc",
        title="Night run",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        capacity=50,
    )
    await arrange(runtime, activity, event)
    return {"user": host.id, "activity": activity.id, "event": event.id}


async def test_members_report_users_activities_and_events_into_the_admin_queue(client, runtime):
    reporter, host = await person(runtime, 1), await person(runtime, 2)
    subjects = await report_subjects(runtime, host)
    await block(client, reporter, host)
    for subject_type, subject_id in subjects.items():
        answer = await client.post(
            "/api/v1/reports",
            json={
                "subject_type": subject_type,
                "subject_id": str(subject_id),
                "reason": "harassment",
                "details": " Rude ",
            },
            headers=reporter.headers,
        )
        assert answer.status_code == 201, answer.text
        assert (answer.json()["status"], answer.json()["details"]) == ("open", "Rude")
    async with runtime.session_factory() as session:
        queue = (await session.scalars(sa.select(m.Report).order_by(m.Report.created_at))).all()
    assert [(r.subject_type, r.subject_id, r.reason, r.status, r.reporter_id) for r in queue] == [
        (m.ReportSubject(kind), subject_id, "harassment", m.ReportStatus.OPEN, reporter.id)
        for kind, subject_id in subjects.items()
    ]
    again = await client.post(
        "/api/v1/reports",
        json={"subject_type": "user", "subject_id": str(host.id), "reason": "spam"},
        headers=reporter.headers,
    )
    assert (again.status_code, again.json()["error"]["code"]) == (409, "already_reported")


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"subject_type": "user", "subject_id": "me", "reason": "spam"}, 422, "subject_id"),
        ({"subject_type": "user", "subject_id": "host", "reason": "boring"}, 422, "reason"),
        ({"subject_type": "venue", "subject_id": "host", "reason": "spam"}, 422, "subject_type"),
        (
            {"subject_type": "user", "subject_id": "host", "reason": "spam", "details": "x" * 1001},
            422,
            "details",
        ),
        (
            {"subject_type": "user", "subject_id": "host", "reason": "spam", "status": "actioned"},
            422,
            "status",
        ),
        ({"subject_type": "user", "reason": "spam"}, 422, "subject_id"),
        ({"subject_type": "user", "subject_id": MISSING, "reason": "spam"}, 404, None),
        ({"subject_type": "activity", "subject_id": "host", "reason": "spam"}, 404, None),
        ({"subject_type": "event", "subject_id": MISSING, "reason": "spam"}, 404, None),
    ],
)
async def test_bad_reports_are_refused_and_file_nothing(client, runtime, body, status, field):
    reporter, host = await person(runtime, 1), await person(runtime, 2)
    ids = {"me": str(reporter.id), "host": str(host.id)}
    body = body | (
        {"subject_id": ids.get(body["subject_id"], body["subject_id"])} if "subject_id" in body else {}
    )
    answer = await client.post("/api/v1/reports", json=body, headers=reporter.headers)
    assert answer.status_code == status, answer.text
    if field:
        error = answer.json()["error"]
        assert field in error["message"] or field in error["details"]["fields"]
    assert await count(runtime, m.Report) == 0


async def test_reports_are_rate_limited_per_reporter(client, runtime, monkeypatch):
    monkeypatch.setattr(safety, "REPORTS_PER_HOUR", 2)
    reporter = await person(runtime, 1)
    others = [await person(runtime, n) for n in range(2, 5)]
    answers = [
        await client.post(
            "/api/v1/reports",
            json={"subject_type": "user", "subject_id": str(other.id), "reason": "spam"},
            headers=reporter.headers,
        )
        for other in others
    ]
    assert [a.status_code for a in answers] == [201, 201, 429]
    assert 0 < int(answers[-1].headers["retry-after"]) <= 3600
    assert await count(runtime, m.Report) == 2
    someone_else = await client.post(
        "/api/v1/reports",
        json={"subject_type": "user", "subject_id": str(reporter.id), "reason": "other"},
        headers=others[0].headers,
    )
    assert someone_else.status_code == 201
