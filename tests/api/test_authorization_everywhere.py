"""Authorization everywhere: every API route with an id, tried by every kind of caller.

One world is built once (members, two venue owners, an admin, bookings, a series, an order, a
payment, events, activities, circles, notifications...) and every row of `MATRIX` is sent by each
caller in `CALLERS` with the ids of the member's (or the owner's) things swapped in. A row says
what each caller must get: the one it belongs to a 2xx, a stranger a 404 where the project hides
that the thing exists (it answers "not found" for things the caller may not know about, see
docs/engineering.md) or a 403 where the thing is visible but not theirs, and a visitor a 401.

`test_every_route_with_an_id_is_in_the_matrix` fails when a route with a path parameter is neither
in the matrix nor in `PUBLIC_OR_SIGNED`, so a new endpoint cannot ship without its row.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from scene_api.config import Settings
from scene_api.db import models as m
from scene_api.lib.api_docs import ASSETS_PATH as SWAGGER_UI_ASSETS
from scene_api.lib.api_docs import DOCS_PATH
from scene_api.runtime import Runtime
from tests.events import buy, event_payload, host_event, tier
from tests.factories import NotificationFactory, PushSubscriptionFactory, ReportFactory
from tests.helpers import activity_payload
from tests.hosting import activity_at_venue, checkout, host_activity, joined
from tests.payments.browser import pay
from tests.social import Person, arrange, person, picture
from tests.venues import ALL_DAY, PRICES, at, booking_payload, booking_row, open_venue, venue_owner

MEMBER, OTHER, HOST, OWNER, OTHER_OWNER, ADMIN, VISITOR = (
    "member",
    "other",
    "host",
    "owner",
    "other_owner",
    "admin",
    "visitor",
)
CALLERS = (VISITOR, OTHER, OTHER_OWNER, HOST, OWNER, ADMIN, MEMBER)
"""The order every row is tried in: the refused first, so that an allowed change comes last.
`member` owns the things, `other` is a member with no part in them, `host` hosts the activity and
event the member takes part in, `owner` runs the venue the member books, `other_owner` runs another
venue, `admin` is an admin, `visitor` sends no token."""

UPLOAD = object()
"""A row body meaning: a multipart upload of a small PNG."""


def rule(owners: dict[str, int], others: int) -> dict[str, int]:
    """`owners` get their status, every other signed-in caller `others`, the visitor 401."""
    return dict.fromkeys(CALLERS, others) | {VISITOR: 401} | owners


@dataclass(frozen=True)
class Row:
    method: str
    path: str
    expect: dict[str, int]
    body: Any = None
    why: str = ""
    """Why a status that is not plainly "owner 2xx, others refused" is right."""


def mine(status: int = 200, *, others: int = 404, **also: int) -> dict[str, int]:
    """The member's own thing: the member `status`, everyone else `others` (or as `also` says)."""
    return rule({MEMBER: status} | also, others)


def venue_staff(status: int = 200) -> dict[str, int]:
    """The owner's venue on the desk: its owner and admins `status`; anyone else 404 (the desk does
    not tell others which venues exist behind it)."""
    return rule({OWNER: status, ADMIN: status}, 404)


def admins(status: int = 200) -> dict[str, int]:
    return rule({ADMIN: status}, 403)


def any_member(status: int = 200, visitor: int = 401) -> dict[str, int]:
    return rule({VISITOR: visitor}, status)


def per_caller(ids: dict[str, Any], caller: str) -> dict[str, str]:
    """The ids as `caller` uses them: a dict value names a different id per caller (one thing each
    for the callers allowed to change it, so that the second is not refused by the first's change);
    its `"*"` entry is the one everyone else tries (the member's)."""
    chosen = {
        key: value.get(caller, value["*"]) if isinstance(value, dict) else value for key, value in ids.items()
    }
    return {key: str(value) for key, value in chosen.items()} | {"caller": caller}


def fill(template: Any, ids: dict[str, str]) -> Any:
    if isinstance(template, str):
        return template.format(**ids)
    if isinstance(template, dict):
        return {key: fill(value, ids) for key, value in template.items()}
    if isinstance(template, list):
        return [fill(value, ids) for value in template]
    return template


@dataclass
class World:
    callers: dict[str, dict[str, str]]
    """Each caller's headers (the visitor's are empty)."""
    ids: dict[str, Any] = field(default_factory=dict)


def ok(answer: Any) -> dict[str, Any]:
    assert answer.status_code < 300, answer.text
    return answer.json() if answer.content else {}


async def build_world(client: Any, runtime: Any) -> World:
    """Everything the matrix swaps ids of, made through the API where the API makes it."""
    member = await person(runtime, 1, "member", name="Member")
    other = await person(runtime, 2, "other", name="Other")
    host = await person(runtime, 3, "host", name="Host")
    admin = await person(runtime, 4, "admin", name="Admin", role=m.UserRole.ADMIN)
    target = await person(runtime, 5, "target", name="Target")
    blocked = await person(runtime, 6, "blocked", name="Blocked")
    owner = await venue_owner(runtime, 900, "court_owner")
    other_owner = await venue_owner(runtime, 901, "other_owner")
    world = World(
        {
            MEMBER: member.headers,
            OTHER: other.headers,
            HOST: host.headers,
            OWNER: owner.headers,
            OTHER_OWNER: other_owner.headers,
            ADMIN: admin.headers,
            VISITOR: {},
        }
    )
    ids = world.ids
    ids |= {"member": member.id, "host": host.id, "target": target.id, "blocked": blocked.id}

    async def as_(who: Person, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        return ok(await client.request(method, path, headers=who.headers, **kwargs))

    # Venues, courts, a blackout, a photo, special hours ------------------------------------
    venue = await open_venue(client, owner)
    other_venue = await open_venue(client, other_owner, name="Baseline Padel")
    court, court_2 = (c["id"] for c in venue["courts"])
    desk = f"/api/v1/owner/venues/{venue['id']}"

    async def blackout(days: int) -> str:
        period = {"starts_at": at(days, 9).isoformat(), "ends_at": at(days, 10).isoformat()}
        return str((await as_(owner, "POST", f"{desk}/blackouts", json=period))["id"])

    async def photo() -> str:
        added = await as_(owner, "POST", f"{desk}/photos", files={"file": ("p.png", picture(), "image/png")})
        return str(added["id"])

    async def special_day(days: int) -> str:
        day = at(days, 0).date().isoformat()
        await as_(owner, "PUT", f"{desk}/special-hours/{day}", json={"closed": True, "note": "Eid"})
        return day

    ids |= {
        "venue": venue["id"],
        "venue_slug": venue["slug"],
        # The other owner names their own venue with this venue's court, blackout or photo.
        "their_venue": {"*": venue["id"], OTHER_OWNER: other_venue["id"]},
        "court": court,
        "week_start": at(1, 0).date().isoformat(),
        # One for the owner and one for the admin to remove (the others try the owner's).
        "blackout": {"*": await blackout(20), ADMIN: await blackout(21)},
        "photo": {"*": await photo(), ADMIN: await photo()},
        "special_day": {"*": await special_day(20), ADMIN: await special_day(21)},
    }

    # The member's bookings: confirmed to be paid at the desk, a live hold, one paid online ---
    async def booking(days: int, hour: int, *, confirm: bool = True) -> str:
        held = await as_(member, "POST", "/api/v1/bookings", json=booking_payload(court, at(days, hour)))
        if confirm:
            await as_(member, "POST", f"/api/v1/bookings/{held['id']}/pay-at-venue")
        return str(held["id"])

    ids["booking"] = {"*": await booking(2, 10), ADMIN: await booking(2, 11)}
    ids["booking_to_cancel"] = {
        "*": await booking(2, 12),
        OWNER: await booking(2, 13),
        ADMIN: await booking(2, 14),
    }
    ids["hold"] = await booking(2, 15, confirm=False)
    ids["hold_to_pay"] = await booking(2, 17, confirm=False)
    ids["booking_code"] = (await booking_row(runtime, ids["booking"]["*"])).code
    paid = await booking(2, 16, confirm=False)
    started = await checkout(client, member, "booking", paid)
    assert started.status_code == 201, started.text
    await pay(client, started.json(), "approve")
    ids["payment"] = started.json()["payment"]["id"]
    series = await as_(
        member,
        "POST",
        "/api/v1/bookings/series",
        json={"court_id": court_2, "starts_at": at(3, 7).isoformat(), "duration_minutes": 60, "weeks": 2},
    )
    ids["series"] = series["id"]

    # Activities: the member hosts one at the venue and asks to join the host's ---------------
    activity = await activity_at_venue(client, member, venue, at(4, 20))
    ids |= {"activity": activity["id"], "activity_slug": activity["slug"], "member_handle": "member"}
    hosts_activity = await host_activity(client, host)
    ids["join_request"] = (await joined(client, hosts_activity, member))["id"]
    ids["hosts_activity"] = hosts_activity["id"]
    # Two more pending requests: the host rejects one from the inbox, the others try the other one.
    pending = [
        (await joined(client, await host_activity(client, host, title=title), member))["id"]
        for title in ("Padel at dawn", "Padel at dusk")
    ]
    ids["pending_request"] = {"*": pending[0], HOST: pending[1]}

    # Events: the member hosts one (the host holds a ticket); the member orders from the host's -
    event = await host_event(
        client, member.headers, tiers=[tier("General"), tier("Spare", quantity=5)], allow_pay_at_venue=True
    )
    ids |= {
        "event": event["id"],
        "event_slug": event["slug"],
        "tier": event["tiers"][0]["id"],
        "spare_tier": event["tiers"][1]["id"],
    }
    hosts_ticket = ok(await buy(client, event, host.headers))
    ids["ticket_code"] = hosts_ticket["tickets"][0]["code"]
    hosts_event = await host_event(
        client, host.headers, title="Sufi night", tiers=[tier("Paid", 2000)], allow_pay_at_venue=True
    )
    # The host names their own event with this event's tiers.
    ids["their_event"] = {"*": event["id"], HOST: hosts_event["id"]}
    ids["order"] = (ok(await buy(client, hosts_event, member.headers, pay_at_venue=True)))["id"]
    ids["order_to_cancel"] = (ok(await buy(client, hosts_event, member.headers)))["id"]

    # Trust and safety: circles, an invite, a vouch, a block, a report about the target -------
    private = await as_(member, "POST", "/api/v1/circles", json={"name": "Secret", "is_private": True})
    public = await as_(member, "POST", "/api/v1/circles", json={"name": "Open"})
    for circle in (private, public):
        await as_(member, "POST", f"/api/v1/circles/{circle['id']}/members", json={"user_id": str(target.id)})
    ids |= {"private_circle": private["id"], "public_circle": public["id"]}
    ids["invite"] = (await as_(member, "POST", "/api/v1/invites", json={"note": "for my sister"}))["id"]
    ids["vouch"] = (await as_(member, "POST", "/api/v1/vouches", json={"vouchee_id": str(host.id)}))["id"]
    await as_(member, "POST", "/api/v1/blocks", json={"user_id": str(blocked.id)})
    notification = NotificationFactory.build(user_id=member.id)
    report = ReportFactory.build(reporter_id=other.id, subject_id=target.id)
    device = PushSubscriptionFactory.build(user_id=member.id)
    await arrange(runtime, notification, report, device)
    ids |= {"notification": notification.id, "report": report.id, "endpoint": device.endpoint}
    ids["job"] = "no-such-job"
    ids["today"] = at(0, 12).date().isoformat()
    return world


def matrix_rows() -> Iterator[Row]:
    """Grouped per resource; within a group, reads before changes and the final change last."""
    # Ids in bodies and queries: the member's things named where the route takes an id as data ---
    yield Row("POST", "/api/v1/payments/checkout", mine(201), body=checkout_of("booking", "{hold_to_pay}"))
    yield Row("POST", "/api/v1/payments/checkout", mine(201), body=checkout_of("order", "{order_to_cancel}"))
    yield Row(
        "POST",
        "/api/v1/owner/check-ins",
        venue_staff(409) | {VISITOR: 401},
        body={"code": "{booking_code}"},
        why="the venue's owner and admins find it; check-in opens shortly before the slot (409)",
    )
    yield Row("GET", "/api/v1/owner/revenue?venue_id={venue}", venue_staff())
    yield Row(
        "POST",
        "/api/v1/activities",
        mine(201, others=422),
        body=activity_payload(visibility="circles", circle_ids=["{private_circle}"]),
        why="a host shares only with circles they are in (422 naming circle_ids)",
    )
    yield Row(
        "POST",
        "/api/v1/events",
        mine(201, others=422),
        body=event_payload(visibility="circles", circle_ids=["{private_circle}"]),
        why="a host shares only with circles they are in (422 naming circle_ids)",
    )
    # Bookings ----------------------------------------------------------------------------------
    yield Row("GET", "/api/v1/bookings/{booking}", mine(owner=200, admin=200))
    yield Row(
        "POST",
        "/api/v1/owner/bookings/{booking}/no-show",
        venue_staff(409),
        why="the venue's owner and admins pass; the slot has not started yet (409)",
    )
    yield Row("POST", "/api/v1/owner/bookings/{booking}/mark-paid", venue_staff(200))
    yield Row("POST", "/api/v1/bookings/{hold}/pay-at-venue", mine())
    yield Row("POST", "/api/v1/bookings/{booking_to_cancel}/cancel", mine(owner=200, admin=200))
    # Weekly series ------------------------------------------------------------------------------
    yield Row("GET", "/api/v1/bookings/series/{series}", mine(owner=200, admin=200))
    yield Row("POST", "/api/v1/bookings/series/{series}/cancel", mine())
    # Payments -----------------------------------------------------------------------------------
    yield Row("GET", "/api/v1/payments/{payment}", mine(admin=200))
    # Orders and tickets -------------------------------------------------------------------------
    yield Row("GET", "/api/v1/orders/{order}", mine())
    yield Row(
        "POST",
        "/api/v1/orders/{order}/mark-paid",
        rule({HOST: 200}, 403),
        why="the event is public: anyone signed in may know it, only its host takes the money",
    )
    yield Row("POST", "/api/v1/orders/{order_to_cancel}/cancel", mine())
    # Venue desk ---------------------------------------------------------------------------------
    desk = "/api/v1/owner/venues/{venue}"
    yield Row("GET", desk, venue_staff())
    yield Row("GET", desk + "/calendar?week_start={week_start}", venue_staff())
    yield Row("PATCH", desk, venue_staff(), body={"amenities": ["parking"]})
    yield Row("POST", desk + "/courts", venue_staff(201), body={"name": "Court of {caller}"})
    yield Row("PATCH", desk + "/courts/{court}", venue_staff(), body={"name": "Glass Court"})
    yield Row("PUT", desk + "/hours", venue_staff(), body={"hours": ALL_DAY})
    yield Row("PUT", desk + "/prices", venue_staff(), body={"prices": PRICES})
    yield Row("PUT", desk + "/special-hours", venue_staff(), body=SPECIAL_RANGE)
    yield Row("PUT", desk + "/special-hours/{special_day}", venue_staff(), body={"closed": True})
    yield Row("DELETE", desk + "/special-hours/{special_day}", venue_staff())
    yield Row("POST", desk + "/blackouts", venue_staff(201), body=BLACKOUT)
    yield Row("POST", desk + "/photos", venue_staff(201), body=UPLOAD)
    # Ids that belong together: another owner's own venue with this venue's things is still a 404.
    their_desk = "/api/v1/owner/venues/{their_venue}"
    yield Row("PATCH", their_desk + "/courts/{court}", venue_staff(), body={"name": "Court Zero"})
    yield Row("DELETE", their_desk + "/blackouts/{blackout}", venue_staff(204))
    yield Row("DELETE", their_desk + "/photos/{photo}", venue_staff(204))
    # Venues as members see them -----------------------------------------------------------------
    yield Row("GET", "/api/v1/venues/{venue}", any_member(visitor=200))
    yield Row("GET", "/api/v1/venues/{venue}/slots?date={week_start}", any_member(visitor=200))
    # Activities ---------------------------------------------------------------------------------
    activity = "/api/v1/activities/{activity}"
    yield Row("GET", activity, any_member(visitor=200))
    yield Row("GET", activity + "/participants", any_member())
    yield Row("GET", activity + "/requests", mine(others=403))
    yield Row("GET", activity + "/payments", mine(others=403))
    yield Row("POST", activity + "/court", mine(201, others=403), body=ACTIVITY_COURT)
    yield Row("GET", activity + "/court", mine(others=403))
    yield Row("POST", activity + "/court/release", mine(others=403))
    yield Row("PATCH", activity, mine(others=403), body={"description": "Bring water"})
    yield Row(
        "POST",
        activity + "/requests",
        any_member(201) | {MEMBER: 409},
        body={},
        why="anyone may ask to join; the host is already in",
    )
    yield Row("POST", activity + "/cancel", mine(others=403))
    # Join requests: the member asked to join the host's activity --------------------------------
    yield Row("GET", "/api/v1/requests/{join_request}/share", mine())
    yield Row(
        "POST",
        "/api/v1/requests/{join_request}/decision",
        rule({HOST: 200}, 404),
        body={"decision": "approve"},
        why="only the activity's host decides; the asker is not told more than anyone else",
    )
    theirs = "/api/v1/activities/{hosts_activity}"
    yield Row("GET", theirs + "/my-share", mine())
    yield Row("POST", theirs + "/my-share/pay-at-venue", mine())
    yield Row(
        "POST",
        "/api/v1/inbox/decisions",
        any_member(200),
        body={"request_ids": ["{pending_request}"], "decision": "reject"},
        why="answers per request (the test checks afterwards that only the host's decision counted)",
    )
    yield Row("POST", "/api/v1/requests/{join_request}/withdraw", mine())
    # Events the member hosts --------------------------------------------------------------------
    event = "/api/v1/events/{event}"
    yield Row("GET", event, any_member(visitor=200))
    yield Row("GET", event + "/attendees", mine(others=403))
    yield Row("GET", event + "/attendees.csv", mine(others=403))
    yield Row("GET", event + "/checkin/stats", mine(others=403))
    yield Row("POST", event + "/checkin", mine(others=403), body={"code": "{ticket_code}"})
    yield Row("GET", event + "/requests", mine(others=403))
    yield Row("POST", event + "/requests", any_member(409), body={})
    yield Row("GET", event + "/staff", mine(others=403))
    yield Row("POST", event + "/staff", mine(201, others=403), body={"handle": "target"})
    yield Row("DELETE", event + "/staff/{target}", mine(204, others=403))
    yield Row("POST", event + "/tiers", mine(201, others=403), body=tier("VIP", 5000, 5))
    # The host of another event names it with this event's tiers: not found there.
    their_tiers = "/api/v1/events/{their_event}/tiers"
    yield Row("PATCH", their_tiers + "/{tier}", mine(others=403, host=404), body={"name": "Early bird"})
    yield Row("DELETE", their_tiers + "/{spare_tier}", mine(204, others=403, host=404))
    yield Row("PUT", event + "/cover", mine(others=403), body=UPLOAD)
    yield Row("DELETE", event + "/cover", mine(others=403))
    yield Row(
        "POST",
        event + "/orders",
        any_member(201) | {MEMBER: 409},
        body={"tier_id": "{tier}"},
        why="anyone may buy; the host does not buy from themselves",
    )
    yield Row("POST", event + "/waitlist", any_member(409), body={})
    yield Row("DELETE", event + "/waitlist", any_member(404))
    yield Row("PATCH", event, mine(others=403), body={"description": "Chai at nine."})
    yield Row("POST", event + "/cancel", mine(others=403))
    # Circles ------------------------------------------------------------------------------------
    private, public = "/api/v1/circles/{private_circle}", "/api/v1/circles/{public_circle}"
    # Site admins have no say over members' circles: a private one is as hidden from them as from
    # anyone outside it, a public one as closed to their changes.
    yield Row("GET", private, mine())
    yield Row("GET", public, any_member())
    yield Row("PATCH", private, mine(), body={"name": "Ours"})
    yield Row("PATCH", public, mine(others=403), body={"name": "Open to all"})
    yield Row("POST", private + "/members", mine(201), body={"user_id": "{host}"})
    in_the_circle = "the host was just added: a member sees the circle but may not change it (403)"
    yield Row("DELETE", private + "/members/{target}", mine(204, host=403), why=in_the_circle)
    yield Row("POST", public + "/leave", mine(409), why="the owner cannot leave their own circle")
    yield Row("DELETE", public, mine(204, others=403))
    yield Row("DELETE", private, mine(204, host=403), why=in_the_circle)
    # Invites, vouches, blocks, notifications ----------------------------------------------------
    yield Row("POST", "/api/v1/invites/{invite}/revoke", mine())
    yield Row("POST", "/api/v1/invites/grant/{member}", admins(), body={"extra_invites": 2})
    yield Row("DELETE", "/api/v1/vouches/{vouch}", mine(204))
    yield Row("DELETE", "/api/v1/blocks/{blocked}", mine(204))
    yield Row("POST", "/api/v1/notifications/{notification}/read", mine())
    yield Row("DELETE", "/api/v1/me/push-subscriptions?endpoint={endpoint}", mine(204))
    yield Row(
        "PUT",
        "/api/v1/me/message-preferences",
        any_member(422),
        body={"user_id": "{member}", "quiet_hours": None},
        why="preferences are always the caller's own: a member id in the body is refused",
    )
    # Public names: profiles for members, the rest also for visitors (share links) ----------------
    yield Row("GET", "/api/v1/users/{member}", any_member())
    yield Row("GET", "/api/v1/users/by-handle/{member_handle}", any_member())
    yield Row("GET", "/api/v1/activities/by-slug/{activity_slug}", any_member(visitor=200))
    yield Row("GET", "/api/v1/public/activities/{activity_slug}", any_member(visitor=200))
    yield Row("GET", "/api/v1/events/by-slug/{event_slug}", any_member(visitor=200))
    yield Row("GET", "/api/v1/public/events/{event_slug}", any_member(visitor=200))
    yield Row("GET", "/api/v1/venues/by-slug/{venue_slug}", any_member(visitor=200))
    yield Row("GET", "/api/v1/users/{member}/vouches", any_member())
    # Admin desk ---------------------------------------------------------------------------------
    yield Row("GET", "/api/v1/admin/messages", admins())
    yield Row("GET", "/api/v1/admin/members/{target}", admins())
    yield Row("GET", "/api/v1/admin/members/{target}/invite-tree", admins())
    yield Row("POST", "/api/v1/admin/members/{target}/invite-privilege", admins(), body={"can_invite": False})
    yield Row("POST", "/api/v1/admin/reports/{report}/resolve", admins(), body={"action": "dismiss"})
    yield Row(
        "POST", "/api/v1/admin/jobs/{job}/retry", admins(404), why="admins pass; there is no such failed job"
    )
    yield Row("POST", "/api/v1/admin/members/{target}/suspend", admins(), body={"reason": "harassment"})
    yield Row("POST", "/api/v1/admin/members/{target}/reinstate", admins())
    yield Row("GET", "/api/v1/admin/money/{today}", admins())
    yield Row("POST", "/api/v1/admin/money/{today}/check", admins(202))
    yield Row(
        "POST",
        "/api/v1/admin/payments/{payment}/refund",
        admins(409),
        body={"action": "mark_refunded", "note": "portal ref 123"},
        why="admins pass; this payment has no refund waiting on ops",
    )


def checkout_of(purpose: str, target: str) -> dict[str, str]:
    return {"purpose": purpose, "target_id": target, "provider": "jazzcash"}


BLACKOUT = {"starts_at": at(22, 9).isoformat(), "ends_at": at(22, 10).isoformat()}
SPECIAL_RANGE = {
    "from_day": at(23, 0).date().isoformat(),
    "to_day": at(24, 0).date().isoformat(),
    "closed": True,
}
ACTIVITY_COURT = {"court_id": "{court}", "starts_at": at(4, 20).isoformat(), "duration_minutes": 90}
MATRIX = list(matrix_rows())

PUBLIC_OR_SIGNED = {
    # Providers call these server to server (or send the payer's browser back): no member token;
    # each message is verified by its signature or hash (tests/payments, tests/messaging).
    ("GET", "/api/v1/payments/callbacks/{provider:str}"),
    ("POST", "/api/v1/payments/callbacks/{provider:str}"),
    ("GET", "/api/v1/payments/return/{provider:str}"),
    ("POST", "/api/v1/payments/return/{provider:str}"),
    ("GET", "/api/v1/messaging/callbacks/{provider:str}"),
    ("POST", "/api/v1/messaging/callbacks/{provider:str}"),
    # Public files: the API docs, and media (avatars, covers, venue photos) under unguessable keys.
    ("GET", "/docs/{path:str}"),
    ("GET", f"{DOCS_PATH}{SWAGGER_UI_ASSETS}/{{file_path:path}}"),
    ("GET", "/media/{key:path}"),
}
"""Routes with a path parameter that no member's token guards, each with the reason."""
SANDBOXES = "/sandbox/"
"""The local payment and messaging sandboxes stand in for the providers' own sites and APIs (served
outside production only): they check the providers' credentials, never a member's token."""


async def send(client: Any, world: World, row: Row, caller: str) -> Any:
    ids = per_caller(world.ids, caller)
    if row.body is UPLOAD:
        body: dict[str, Any] = {"files": {"file": ("p.png", picture(), "image/png")}}
    elif row.body is not None:
        body = {"json": fill(row.body, ids)}
    else:
        body = {}
    return await client.request(row.method, fill(row.path, ids), headers=world.callers[caller], **body)


async def test_every_caller_gets_what_the_rules_say_on_every_route_with_an_id(client, runtime):
    world = await build_world(client, runtime)
    wrong = []
    for row in MATRIX:
        for caller in CALLERS:
            answer = await send(client, world, row, caller)
            if answer.status_code != row.expect[caller]:
                wrong.append(
                    f"{row.method} {row.path} as {caller}: {answer.status_code}, "
                    f"expected {row.expect[caller]} {row.why} {answer.text[:160]}"
                )
    assert not wrong, "\n".join(wrong)
    outcome = {
        caller: await request_status(runtime, per_caller(world.ids, caller)["pending_request"])
        for caller in (MEMBER, HOST)
    }
    assert outcome == {MEMBER: m.JoinRequestStatus.PENDING, HOST: m.JoinRequestStatus.REJECTED}


async def request_status(runtime: Runtime, request_id: str) -> m.JoinRequestStatus:
    async with runtime.session_factory() as session:
        return (await session.get_one(m.JoinRequest, request_id)).status


def covers(row: Row, method: str, route: str) -> bool:
    """Whether `row` is a request to `route`: the same literal segments, a placeholder where the
    route has a parameter."""
    sent, declared = row.path.split("?")[0].split("/"), route.split("/")
    return (
        row.method == method
        and len(sent) == len(declared)
        and all(
            (ours.startswith("{") and theirs.startswith("{")) or ours == theirs
            for ours, theirs in zip(sent, declared, strict=True)
        )
    )


def route_table(settings: Settings) -> set[tuple[str, str]]:
    """(method, path) of every route the app serves, as declared (`/api/v1/bookings/{booking_id:uuid}`)."""
    from scene_api.app import create_app

    return {
        (method, route.path)
        for route in create_app(settings).routes
        for method in getattr(route, "methods", ())
        if method not in {"HEAD", "OPTIONS"}
    }


def test_every_route_with_an_id_is_in_the_matrix(base_settings):
    """A new route with a path parameter needs a row in `MATRIX` (or a reasoned entry in
    `PUBLIC_OR_SIGNED`) before it can land."""
    routes = {route for route in route_table(base_settings) if not route[1].startswith(SANDBOXES)}
    missing = sorted(
        (method, path)
        for method, path in routes - PUBLIC_OR_SIGNED
        if "{" in path and not any(covers(row, method, path) for row in MATRIX)
    )
    assert not missing, "routes with no row in the authorization matrix:\n" + "\n".join(
        f"{method} {path}" for method, path in missing
    )
    assert not PUBLIC_OR_SIGNED - routes, (
        f"allow-listed routes that no longer exist: {PUBLIC_OR_SIGNED - routes}"
    )
    stray = [row for row in MATRIX if not any(covers(row, method, path) for method, path in routes)]
    assert not stray, f"matrix rows that match no route: {stray}"
