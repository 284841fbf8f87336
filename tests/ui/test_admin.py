"""The ops page (/admin) in the user simulation: members, reports, growth, money, jobs, audit log."""

from datetime import timedelta

import sqlalchemy as sa
from saq.job import Status

from scene_api.db import models as m
from scene_api.lib.crypto import new_code
from scene_api.lib.timezone import KARACHI, utcnow
from scene_ui.pages import admin_activity, admin_money, admin_queues
from tests.factories import PaymentFactory, ProviderCheckFactory, persist
from tests.helpers import english
from tests.ui.desk import person, report


async def admin_signed_in(sign_in):
    return await sign_in(role=m.UserRole.ADMIN, handle="hamza_q", name="Hamza Qureshi")


async def member_row(runtime, member_id):
    async with runtime.session_factory() as session:
        return await session.get_one(m.User, member_id)


async def audit_actions(runtime):
    async with runtime.session_factory() as session:
        return list(await session.scalars(sa.select(m.AuditLog.action).order_by(m.AuditLog.id)))


async def test_admins_get_the_ops_page_and_its_header_link(user, sign_in, runtime):
    await admin_signed_in(sign_in)
    await person(runtime, 5, "ayesha_runs", "Ayesha Khan")

    await user.open("/admin")

    await user.should_see(english("admin").heading)
    await user.should_see(marker="member-ayesha_runs")
    await user.should_see("@ayesha_runs \u00b7 +92 300 0000006")
    links = {element.props.get("href") for element in user.current_layout.descendants()}
    assert {"/admin", "/owner"} <= links


async def test_searching_and_filtering_members(user, sign_in, runtime):
    await admin_signed_in(sign_in)
    await person(runtime, 5, "ayesha_runs", "Ayesha Khan")
    await person(runtime, 6, "danish_m", "Danish Malik", status=m.UserStatus.SUSPENDED)

    await user.open("/admin")
    user.find(marker="member-search").type("danish")
    await user.should_not_see(marker="member-ayesha_runs", retries=20)
    await user.should_see(marker="member-danish_m")
    user.find(marker="member-search").clear()
    await user.should_see(marker="member-ayesha_runs", retries=20)
    user.find(marker="member-status-suspended").click()
    await user.should_not_see(marker="member-ayesha_runs")
    await user.should_see(marker="member-danish_m")


async def test_suspending_a_member_with_a_reason_signs_them_out_and_is_audited(user, sign_in, runtime):
    me = await admin_signed_in(sign_in)
    ayesha = await person(runtime, 5, "ayesha_runs", "Ayesha Khan")

    await user.open("/admin")
    user.find(marker="member-ayesha_runs").click()
    await user.should_see(marker="member-sheet")
    await user.should_see("+92 300 0000006")
    user.find(marker="suspend").click()
    user.find(marker="confirm-suspend").click()
    await user.should_see("Use at least 3 characters.")
    user.find(marker="suspend-reason").type("Asked for cash deposits")
    user.find(marker="confirm-suspend").click()

    await user.should_see(english("admin_members").suspended_done.format(handle="ayesha_runs"))
    await user.should_see(marker="suspended-pill")
    assert (await member_row(runtime, ayesha.id)).status is m.UserStatus.SUSPENDED
    async with runtime.session_factory() as session:
        audit = (await session.scalars(sa.select(m.AuditLog))).one()
    assert (audit.action, audit.actor_id, audit.details) == (
        "members.suspend",
        me.id,
        {"reason": "Asked for cash deposits"},
    )

    user.find(marker="reinstate").click()
    await user.should_see(english("admin_members").reinstated_done.format(handle="ayesha_runs"))
    assert (await member_row(runtime, ayesha.id)).status is m.UserStatus.ACTIVE


async def test_granting_invites_and_stopping_invites(user, sign_in, runtime):
    await admin_signed_in(sign_in)
    ayesha = await person(runtime, 5, "ayesha_runs", "Ayesha Khan")
    quota = (await member_row(runtime, ayesha.id)).invite_quota

    await user.open("/admin")
    user.find(marker="member-ayesha_runs").click()
    await user.should_see(marker="member-sheet")
    user.find(marker="grant-count").clear().type("4")
    user.find(marker="grant-invites").click()
    await user.should_see(english("admin_members").granted.format(count=4, s="s", handle="ayesha_runs"))
    user.find(marker="can-invite").click()
    await user.should_see(english("admin_members").privilege_off.format(handle="ayesha_runs"))

    row = await member_row(runtime, ayesha.id)
    assert (row.invite_quota, row.can_invite) == (quota + 4, False)
    assert await audit_actions(runtime) == ["invites.grant", "invites.privilege"]


async def test_the_invite_tree_shows_who_came_in_below(user, sign_in, runtime):
    me = await admin_signed_in(sign_in)
    child = await person(runtime, 5, "ayesha_runs", "Ayesha Khan", invited_by_id=None)
    async with runtime.session_factory() as session:
        (await session.get_one(m.User, child.id)).invited_by_id = me.id
        await session.commit()
    await person(runtime, 6, "grandchild", "Zara Sheikh", invited_by_id=child.id)

    await user.open("/admin")
    user.find(marker="member-hamza_q").click()
    await user.should_see(marker="member-sheet")
    user.find(marker="invite-tree").click()
    tree = user.find(marker="invite-tree").elements.pop()
    tree.value = True
    await user.should_see(english("admin_members").tree_count.format(count=2, s="s"), retries=20)
    await user.should_see("@grandchild")


async def test_reports_are_dismissed_or_acted_on_with_a_suspension(user, sign_in, runtime):
    await admin_signed_in(sign_in)
    fatima = await person(runtime, 5, "fatima_b", "Fatima Butt")
    hamid = await person(runtime, 6, "hamid_s", "Hamid Shah")
    saad = await person(runtime, 7, "saad_q", "Saad Qazi")
    await report(runtime, fatima, hamid, "Asked for a Rs 2,000 deposit on JazzCash.")
    await report(runtime, fatima, saad, "Probably a misunderstanding.")

    await user.open("/admin?tab=reports")
    await user.should_see("Asked for a Rs 2,000 deposit on JazzCash.")
    await user.should_see("@saad_q")
    async with runtime.session_factory() as session:
        reports = {row.subject_id: row.id for row in await session.scalars(sa.select(m.Report))}
    with user.scope(marker=f"report-{reports[saad.id]}"):
        user.find(marker="dismiss").click()
    await user.should_see(english("admin_queues").dismissed)
    await user.should_not_see("@saad_q")

    user.find(marker="act").click()
    user.find(marker="act-note").type("Confirmed with two members")
    user.find(marker="act-suspend").click()
    user.find(marker="confirm-act").click()
    await user.should_see(english("admin_queues").actioned)
    await user.should_see(admin_queues.NO_REPORTS[m.ReportStatus.OPEN])
    assert (await member_row(runtime, hamid.id)).status is m.UserStatus.SUSPENDED
    assert await audit_actions(runtime) == ["reports.dismissed", "members.suspend", "reports.actioned"]

    user.find(marker="report-status-actioned").click()
    await user.should_see("Note: Confirmed with two members")


async def test_growth_counts_members_invites_and_vouches(user, sign_in, runtime):
    me = await admin_signed_in(sign_in)
    ayesha = await person(runtime, 5, "ayesha_runs", "Ayesha Khan", invited_by_id=me.id)
    async with runtime.session_factory() as session:
        session.add(
            m.Invite(code=new_code(), inviter_id=me.id, invitee_id=ayesha.id, status=m.InviteStatus.REDEEMED)
        )
        session.add(m.Vouch(voucher_id=me.id, vouchee_id=ayesha.id, from_invite=True))
        await session.commit()

    await user.open("/admin?tab=growth")

    await user.should_see(english("admin_activity").signups)
    await user.should_see(english("admin_activity").signups_total.format(count=2, s="s"))
    await user.should_see(english("admin_activity").invites_of.format(count=1))
    await user.should_see("@hamza_q")
    await user.should_see(english("admin_activity").invited.format(count=1))


async def test_money_lists_stuck_payments_and_cash_to_collect(user, sign_in, runtime, services):
    await admin_signed_in(sign_in)
    payer = await person(runtime, 5, "omar_farooq", "Omar Farooq")
    long_ago = utcnow() - timedelta(hours=2)
    stuck = PaymentFactory.build(
        payer_id=payer.id,
        status=m.PaymentStatus.PENDING,
        created_at=long_ago,
        merchant_reference="SCN-STUCK1",
    )
    refunded = PaymentFactory.build(
        payer_id=payer.id,
        status=m.PaymentStatus.REFUNDED,
        refunded_at=utcnow(),
        refund_requested_at=utcnow(),
        refund_state=m.RefundState.DONE,
        merchant_reference="SCN-REFUND",
    )
    await persist(services.session, stuck, refunded)

    await user.open("/admin?tab=money")
    user.find(marker="money-view-payments").click()
    await user.should_see(marker="payment-SCN-STUCK1")
    await user.should_not_see(marker="payment-SCN-REFUND")
    user.find(marker="payment-filter-refunded").click()
    await user.should_see(marker="payment-SCN-REFUND")
    user.find(marker="money-view-bookings").click()
    await user.should_see(english("admin_activity").no_bookings)
    user.find(marker="booking-filter-all").click()
    await user.should_see(admin_activity.BOOKING_LABELS[m.BookingStatus.HELD])


async def test_a_refund_waiting_on_ops_is_settled_from_the_day_report(user, sign_in, runtime, services):
    await admin_signed_in(sign_in)
    payer = await person(runtime, 5, "omar_farooq", "Omar Farooq")
    waiting = PaymentFactory.build(
        payer_id=payer.id,
        provider=m.PaymentProviderName.EASYPAISA,
        status=m.PaymentStatus.SUCCEEDED,
        succeeded_at=utcnow(),
        refund_requested_at=utcnow(),
        refund_state=m.RefundState.MANUAL,
        refund_reason="Booking cancelled",
        merchant_reference="SCN-MANUAL1",
    )
    await persist(services.session, waiting)

    await user.open("/admin?tab=money")
    await user.should_see(admin_money.REFUND_LABELS[m.RefundState.MANUAL])
    user.find(marker="settle-SCN-MANUAL1").click()
    await user.should_see(admin_money.REFUND_EXPLAIN[m.RefundState.MANUAL])
    await user.should_not_see(marker="send-again")
    user.find(marker="refund-note").type("Easypay portal RV-88121")
    user.find(marker="mark-refunded").click()
    await user.should_see(admin_money.tx.marked)
    await user.should_see(admin_money.tx.nothing_waiting)
    async with runtime.session_factory() as session:
        row = await session.get_one(m.Payment, waiting.id)
    assert (row.status, row.refund_note) == (m.PaymentStatus.REFUNDED, "Easypay portal RV-88121")


async def test_the_day_report_shows_what_the_providers_said(user, sign_in, runtime, services):
    await admin_signed_in(sign_in)
    yesterday = (utcnow().astimezone(KARACHI) - timedelta(days=1)).date()
    check = ProviderCheckFactory.build(
        provider=m.PaymentProviderName.JAZZCASH,
        day=yesterday,
        lines=[
            {
                "reference": "SCNTAKEN0001",
                "scene_status": "failed",
                "amount_pkr": 3000,
                "provider_status": "succeeded",
                "provider_amount_pkr": 3000,
            }
        ],
    )
    await persist(services.session, check)

    await user.open("/admin?tab=money")
    await user.should_see(marker="money-jazzcash")
    await user.should_see(admin_money.DISAGREEMENT_LABELS["paid_only_at_provider"])
    await user.should_see("SCNTAKEN0001")
    await user.should_see(admin_money.tx.not_checked)


async def test_jobs_show_the_queue_and_retry_a_failed_job(user, sign_in, runtime):
    await admin_signed_in(sign_in)
    job = await runtime.queue.enqueue("send_sms", key="broken-sms", phone_ciphertext="nonsense", body="hi")
    await runtime.queue.finish(job, Status.FAILED, error="Traceback ...\ncryptography.fernet.InvalidToken")

    await user.open("/admin?tab=jobs")

    await user.should_see(english("admin_queues").failed)
    await user.should_see(marker="job-broken-sms")
    user.find(marker="retry").click()
    await user.should_see(english("admin_queues").retried.format(function="send_sms"))
    assert "jobs.retry" in await audit_actions(runtime)


async def test_the_audit_log_lists_and_filters_actions(user, sign_in, runtime):
    await admin_signed_in(sign_in)
    ayesha = await person(runtime, 5, "ayesha_runs", "Ayesha Khan")

    await user.open("/admin")
    user.find(marker="member-ayesha_runs").click()
    await user.should_see(marker="member-sheet")
    user.find(marker="grant-invites").click()
    await user.should_see(english("admin_members").granted.format(count=3, s="s", handle="ayesha_runs"))
    assert ayesha.id

    await user.open("/admin?tab=audit")
    await user.should_see(marker="audit-invites.grant")
    await user.should_see("extra_invites: 3")
    user.find(marker="audit-filter-members.").click()
    await user.should_not_see(marker="audit-invites.grant")
    await user.should_see(english("admin_activity").no_audit)
