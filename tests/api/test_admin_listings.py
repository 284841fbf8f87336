"""The ops desk's bookings and payments lists: admin-only, filtered to what needs a person."""

from datetime import timedelta

import pytest

from scene_api.db import models as m
from scene_api.domain.ops import schemas as s
from scene_api.domain.ops.admin import STUCK_PAYMENT_AFTER
from scene_api.lib.errors import PermissionDenied
from scene_api.lib.timezone import utcnow
from tests.factories import BookingFactory, PaymentFactory, UserFactory, persist
from tests.helpers import PHONES, create_member, sign_in


@pytest.fixture
async def admin(services):
    member = UserFactory.build(role=m.UserRole.ADMIN, handle="ops_hamza")
    await persist(services.session, member)
    return member


async def test_payments_list_stuck_failed_and_refunded(services, admin):
    payer = UserFactory.build(handle="ali_pays")
    long_ago = utcnow() - STUCK_PAYMENT_AFTER - timedelta(minutes=1)
    stuck = PaymentFactory.build(payer=payer, status=m.PaymentStatus.PENDING, created_at=long_ago)
    fresh = PaymentFactory.build(payer=payer, status=m.PaymentStatus.PENDING)
    failed = PaymentFactory.build(payer=payer, status=m.PaymentStatus.FAILED, failure_reason="declined")
    refunded = PaymentFactory.build(
        payer=payer,
        status=m.PaymentStatus.REFUNDED,
        refunded_at=utcnow(),
        refund_requested_at=utcnow(),
        refund_state=m.RefundState.DONE,
    )
    await persist(services.session, stuck, fresh, failed, refunded)

    everything = await services.admin.payments(admin)
    only_stuck = await services.admin.payments(admin, view=s.PaymentView.STUCK)
    only_failed = await services.admin.payments(admin, view=s.PaymentView.FAILED)
    only_refunded = await services.admin.payments(admin, view=s.PaymentView.REFUNDED)

    assert {payment.id for payment in everything.items} == {stuck.id, fresh.id, failed.id, refunded.id}
    assert [payment.id for payment in only_stuck.items] == [stuck.id]
    assert only_stuck.items[0].stuck
    assert only_stuck.items[0].payer_handle == "ali_pays"
    assert only_stuck.items[0].booking_id == stuck.booking_id
    assert [(row.id, row.failure_reason) for row in only_failed.items] == [(failed.id, "declined")]
    assert [payment.id for payment in only_refunded.items] == [refunded.id]
    assert not next(payment for payment in everything.items if payment.id == fresh.id).stuck


async def test_bookings_list_filters_by_status_and_cash_to_collect(services, admin):
    member = UserFactory.build(handle="sana_plays")
    cash_due = BookingFactory.build(
        user=member, status=m.BookingStatus.CONFIRMED, payment_method=m.PaymentMethod.PAY_AT_VENUE
    )
    cash_paid = BookingFactory.build(
        user=member,
        status=m.BookingStatus.CONFIRMED,
        payment_method=m.PaymentMethod.PAY_AT_VENUE,
        paid_at=utcnow(),
    )
    held = BookingFactory.build(user=member, status=m.BookingStatus.HELD)
    await persist(services.session, cash_due, cash_paid, held)

    everything = await services.admin.bookings(admin)
    on_hold = await services.admin.bookings(admin, status=m.BookingStatus.HELD)
    to_collect = await services.admin.bookings(admin, unpaid_at_venue=True)

    assert {booking.id for booking in everything.items} == {cash_due.id, cash_paid.id, held.id}
    assert [booking.id for booking in on_hold.items] == [held.id]
    assert [booking.id for booking in to_collect.items] == [cash_due.id]
    listed = to_collect.items[0]
    assert listed.member_handle == "sana_plays"
    assert listed.court_name == cash_due.court.name
    assert listed.venue_name == cash_due.court.venue.name
    assert (listed.starts_at, listed.ends_at) == (cash_due.period.lower, cash_due.period.upper)
    assert not listed.paid


async def test_only_admins_list_bookings_and_payments(services):
    owner = UserFactory.build(role=m.UserRole.VENUE_OWNER)
    await persist(services.session, owner)
    with pytest.raises(PermissionDenied):
        await services.admin.payments(owner)
    with pytest.raises(PermissionDenied):
        await services.admin.bookings(owner)


async def test_the_api_lists_them_for_admins_only(client, runtime):
    admin = await create_member(runtime, PHONES[0], handle="ops_admin", role=m.UserRole.ADMIN)
    member = await create_member(runtime, PHONES[1], handle="just_member")
    admin_headers, member_headers = await sign_in(runtime, admin), await sign_in(runtime, member)

    for path in ("/api/v1/admin/payments?view=stuck", "/api/v1/admin/bookings?unpaid_at_venue=true"):
        assert (await client.get(path, headers=member_headers)).status_code == 403
        answer = await client.get(path, headers=admin_headers)
        assert answer.status_code == 200, answer.text
        assert answer.json() == {"items": [], "next_cursor": None}
