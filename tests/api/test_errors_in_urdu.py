# ruff: noqa: RUF001  (Urdu sentences end with the Urdu full stop)
"""Refusals in the reader's language: every catalogue key the code names exists, and the API answers
in Urdu when asked (`Accept-Language: ur`) with the same code, in the unchanged English otherwise."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast, get_args

import pytest
from litestar import Request

from scene_api.db import models as m
from scene_api.domain.bookings.states import LABELS
from scene_api.domain.events.services import EventNews
from scene_api.i18n import Message, en, render, ur
from scene_api.lib.errors import unexpected_error_handler
from scene_api.lib.timezone import clock_on_day
from tests.events import buy, host_event, tier
from tests.helpers import code_in, latest_sms
from tests.hosting import host_activity, join
from tests.social import person
from tests.venues import at, booking_payload, open_venue, venue_owner

SRC = Path(__file__).resolve().parents[2] / "src"
URDU = {"Accept-Language": "ur"}
URDU_SCRIPT = re.compile("[\u0600-\u06ff]")


def urdu(key: str, **values: object) -> str:
    return render(Message(key, **values), "ur")


# The catalogue keys the code names ---------------------------------------------------------------


def test_every_message_the_code_names_is_in_the_english_catalogue():
    named = {
        (path.relative_to(SRC), key)
        for path in SRC.rglob("*.py")
        for key in re.findall(r"""\bMessage\(\s*["']([^"'{}]+)["']""", path.read_text())
    }
    assert len(named) > 200
    missing = [
        f"{path}: {key}"
        for path, key in sorted(named)
        if key.partition(".")[2] not in en.MESSAGES.get(key.partition(".")[0], {})
    ]
    assert not missing, f"keys missing from en.py: {missing}"


def test_the_keys_built_from_a_value_exist_for_every_value():
    """Keys made at run time (`errors_lib.status_<value>`, one sentence per subject or purpose)."""
    statuses = [
        m.ActivityStatus,
        m.InviteStatus,
        m.BookingStatus,
        m.EventStatus,
        m.OrderStatus,
        m.JoinRequestStatus,
    ]
    built = [f"errors_lib.status_{value.value}" for enum in statuses for value in enum]
    built += [f"errors_users.no_such_{subject.value}" for subject in m.ReportSubject]
    built += [f"errors_payments.not_payable_{purpose.value}" for purpose in m.PaymentPurpose]
    built += [f"errors_payments.provider_{name.value}" for name in m.PaymentProviderName]
    built += [
        f"errors_ops.report_already_{status.value}" for status in m.ReportStatus if status.value != "open"
    ]
    built += ["errors_hosting.activity_too_long", "errors_hosting.event_too_long"]
    built += [f"notify.{news}{part}" for news in get_args(EventNews) for part in ("", "_body")]
    for key in built:
        page, _, name = key.partition(".")
        assert name in en.MESSAGES[page], key
        assert name in ur.MESSAGES[page], key
    assert set(LABELS) == set(m.BookingStatus)


def test_urdu_refusals_are_written_in_urdu():
    for page, strings in en.MESSAGES.items():
        if page.startswith("errors_"):
            for key, english in strings.items():
                if key.startswith("provider_"):
                    continue  # brand names stay as they are
                assert URDU_SCRIPT.search(ur.MESSAGES[page][key]), f"{page}.{key} is not Urdu"
                assert ur.MESSAGES[page][key] != english, f"{page}.{key}"


# The API answers in the reader's language ----------------------------------------------------


async def test_a_full_activity_is_refused_in_urdu_or_english(client, runtime):
    host, first, second = (
        await person(runtime, 1, "host_ali"),
        await person(runtime, 2),
        await person(runtime, 3),
    )
    activity = await host_activity(client, host, capacity=1)
    requests = [(await join(client, activity, guest)).json()["id"] for guest in (first, second)]
    approve = {"decision": "approve"}
    assert (
        await client.post(f"/api/v1/requests/{requests[0]}/decision", json=approve, headers=host.headers)
    ).status_code == 200

    in_urdu = await client.post(
        f"/api/v1/requests/{requests[1]}/decision", json=approve, headers=host.headers | URDU
    )
    in_english = await client.post(
        f"/api/v1/requests/{requests[1]}/decision", json=approve, headers=host.headers
    )

    assert in_urdu.status_code == in_english.status_code == 409
    assert in_urdu.json()["error"]["code"] == in_english.json()["error"]["code"] == "full"
    assert in_urdu.json()["error"]["message"] == (
        "یہ سرگرمی بھر چکی ہے۔ گنجائش بڑھائیں یا کسی جگہ کے خالی ہونے کا انتظار کریں۔"
    )
    assert in_english.json()["error"]["message"] == (
        "This activity is full. Raise the capacity or wait for a seat to free up."
    )


async def test_a_second_request_names_its_status_in_the_readers_words(client, runtime):
    host, guest = await person(runtime, 1, "host_ali"), await person(runtime, 2)
    activity = await host_activity(client, host)
    assert (await join(client, activity, guest)).status_code == 201
    path = f"/api/v1/activities/{activity['id']}/requests"

    in_urdu = await client.post(path, json={}, headers=guest.headers | URDU)
    in_english = await client.post(path, json={}, headers=guest.headers)

    assert in_urdu.status_code == in_english.status_code == 409
    assert in_urdu.json()["error"]["message"] == "اس سرگرمی کے لیے آپ کی درخواست پہلے سے موجود ہے (زیرِ غور)۔"
    assert in_english.json()["error"]["message"] == "You already have a request for this activity (pending)."


async def test_a_taken_slot_is_named_in_urdu_or_english(client, runtime):
    owner, member, other = await venue_owner(runtime), await person(runtime, 1), await person(runtime, 2)
    venue = await open_venue(client, owner)
    court = str(venue["courts"][0]["id"])
    assert (
        await client.post("/api/v1/bookings", json=booking_payload(court, at(3, 20)), headers=member.headers)
    ).status_code == 201
    clash = booking_payload(court, at(3, 20, 30))

    in_urdu = await client.post("/api/v1/bookings", json=clash, headers=other.headers | URDU)
    in_english = await client.post("/api/v1/bookings", json=clash, headers=other.headers)

    assert in_urdu.status_code == in_english.status_code == 409
    assert in_urdu.json()["error"]["code"] == in_english.json()["error"]["code"] == "slot_taken"
    slot = Message("errors_venues.slot", court="Court 1", at=at(3, 20, 30))
    assert in_urdu.json()["error"]["message"] == urdu("errors_bookings.taken", slot=slot)
    assert in_urdu.json()["error"]["message"].startswith("Court 1، ")
    assert in_urdu.json()["error"]["message"].endswith(" پہلے ہی بُک ہے۔")
    assert in_english.json()["error"]["message"] == f"Court 1 at {clock_on_day(at(3, 20, 30))} is taken."


@pytest.mark.usefixtures("worker")
async def test_a_wrong_code_is_refused_in_urdu_or_english(client, runtime):
    member = await person(runtime, 1)
    requested = await client.post("/api/v1/auth/otp/request", json={"phone": member.phone})
    assert requested.status_code == 200, requested.text
    code = code_in(await latest_sms(runtime, member.phone))
    wrong = {
        "challenge_id": requested.json()["challenge_id"],
        "code": "111111" if code != "111111" else "222222",
    }

    in_urdu = await client.post("/api/v1/auth/otp/verify", json=wrong, headers=URDU)
    in_english = await client.post("/api/v1/auth/otp/verify", json=wrong)

    assert in_urdu.status_code == in_english.status_code == 422
    assert in_urdu.json()["error"]["code"] == in_english.json()["error"]["code"] == "otp_invalid"
    assert in_urdu.json()["error"]["message"] == (
        "یہ کوڈ درست نہیں یا اس کی مدت ختم ہو چکی ہے۔ SMS دوبارہ دیکھیں یا نیا کوڈ منگوائیں۔"
    )
    assert in_english.json()["error"]["message"] == (
        "That code is not right or has expired. Check the SMS or ask for a new code."
    )


async def test_vouching_twice_or_for_yourself_is_refused_in_urdu_or_english(client, runtime):
    voucher, vouchee = await person(runtime, 1), await person(runtime, 2)
    body = {"vouchee_id": str(vouchee.id)}
    assert (await client.post("/api/v1/vouches", json=body, headers=voucher.headers)).status_code == 201

    again_urdu = await client.post("/api/v1/vouches", json=body, headers=voucher.headers | URDU)
    again_english = await client.post("/api/v1/vouches", json=body, headers=voucher.headers)
    assert again_urdu.status_code == again_english.status_code == 409
    assert again_urdu.json()["error"]["code"] == again_english.json()["error"]["code"] == "conflict"
    assert again_urdu.json()["error"]["message"] == "آپ اس ممبر کی ضمانت پہلے ہی دے چکے ہیں۔"
    assert again_english.json()["error"]["message"] == "You have already vouched for this member."

    myself = {"vouchee_id": str(voucher.id)}
    self_urdu = await client.post("/api/v1/vouches", json=myself, headers=voucher.headers | URDU)
    self_english = await client.post("/api/v1/vouches", json=myself, headers=voucher.headers)
    assert self_urdu.status_code == self_english.status_code == 422
    assert self_urdu.json()["error"]["message"] == "آپ اپنی ضمانت خود نہیں دے سکتے۔"
    assert self_urdu.json()["error"]["details"] == {
        "fields": {"vouchee_id": "آپ اپنی ضمانت خود نہیں دے سکتے۔"}
    }
    assert self_english.json()["error"]["details"] == {
        "fields": {"vouchee_id": "You cannot vouch for yourself."}
    }


async def test_a_sold_out_tier_is_refused_in_urdu_or_english(client, runtime):
    host, first, second = (
        await person(runtime, 1, "host_ali"),
        await person(runtime, 2),
        await person(runtime, 3),
    )
    event = await host_event(client, host.headers, tiers=[tier("VIP", 0, 1)])

    short_urdu = await buy(client, event, first.headers | URDU, quantity=2)
    short_english = await buy(client, event, first.headers, quantity=2)
    assert short_urdu.json()["error"] == {
        "code": "sold_out",
        "message": "VIP کے صرف 1 ٹکٹ باقی ہیں۔",
        "details": {"available": 1},
    }
    assert short_english.json()["error"]["message"] == "Only 1 VIP tickets left."

    assert (await buy(client, event, first.headers)).status_code == 201
    gone_urdu = await buy(client, event, second.headers | URDU)
    gone_english = await buy(client, event, second.headers)
    assert gone_urdu.status_code == gone_english.status_code == 409
    assert gone_urdu.json()["error"]["code"] == gone_english.json()["error"]["code"] == "sold_out"
    assert gone_urdu.json()["error"]["message"] == urdu("errors_events.sold_out")
    assert gone_english.json()["error"]["message"] == (
        "Sold out. Join the waitlist: tickets that free up are offered in order."
    )


async def test_a_field_refused_by_a_shared_rule_reads_in_urdu(client, runtime):
    member = await person(runtime, 1)

    in_urdu = await client.get("/api/v1/activities", params={"limit": 0}, headers=member.headers | URDU)
    in_english = await client.get("/api/v1/activities", params={"limit": 0}, headers=member.headers)

    assert in_urdu.status_code == in_english.status_code == 422
    assert in_urdu.json()["error"]["details"]["fields"]["limit"] == urdu("errors_lib.limit_range", most=100)
    assert URDU_SCRIPT.search(in_urdu.json()["error"]["details"]["fields"]["limit"])
    assert in_english.json()["error"]["details"]["fields"]["limit"] == "limit must be between 1 and 100"


def test_an_unexpected_error_apologises_in_the_readers_language():
    def request(**headers: str) -> Request[Any, Any, Any]:
        """A stand-in for Litestar's request: the handler reads only its headers, method and path."""
        stand_in = SimpleNamespace(headers=headers, method="GET", url=SimpleNamespace(path="/api/v1/boom"))
        return cast(Request[Any, Any, Any], stand_in)

    boom = RuntimeError("boom")
    in_urdu = unexpected_error_handler(request(**{"accept-language": "ur-PK, en;q=0.5"}), boom)
    in_english = unexpected_error_handler(request(), boom)

    assert in_urdu.status_code == in_english.status_code == 500
    assert in_urdu.content["error"]["message"] == "غلطی ہماری طرف سے ہے۔ براہِ کرم دوبارہ کوشش کریں۔"
    assert in_english.content["error"] == {
        "code": "internal_error",
        "message": "Something went wrong on our side. Please try again.",
        "details": {},
    }
