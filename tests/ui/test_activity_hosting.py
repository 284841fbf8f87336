"""Issue 12 on the activity pages: trust-aware approval and under-fill cancelling (wizard and host
panel), the host's court for a match at a venue, and each participant's share of the cost."""

import asyncio
from datetime import timedelta

import pytest
import sqlalchemy as sa

from scene_api.db import models as m
from scene_api.domain.activities import schemas as s
from scene_api.domain.activities.schemas import ActivityFilters, ShareStatus
from scene_api.domain.bookings import schemas as bookings_s
from scene_api.i18n import ur
from scene_api.lib.errors import NotFound
from scene_api.lib.timezone import to_local
from scene_api.services import provide_services
from tests.helpers import english
from tests.ui.desk import open_venue, person
from tests.ui.happenings import provider_says
from tests.ui.people import ask_to_join, host_activity, member
from tests.venues import next_half_hour


async def tap(user, marker):
    user.find(marker=marker).click()
    await asyncio.sleep(0.05)


async def activity_of(runtime, who, activity_id):
    async with provide_services(runtime) as services:
        actor = await services.session.get_one(m.User, who.id)
        return await services.activities.get(actor, activity_id)


# Trusted approval and under-fill ----------------------------------------------------------------


async def test_the_wizard_saves_trusted_approval_and_the_under_fill_cut_off(user, runtime, sign_in):
    me = await sign_in()
    await user.open("/create")
    await tap(user, "type-padel")
    user.find(marker="title").type("Padel doubles, friends of friends")
    await tap(user, "wizard-next")
    await tap(user, "wizard-next")
    user.find(marker="place").type("Padel Arena DHA Phase 6")
    await tap(user, "wizard-next")
    await tap(user, "wizard-next")
    await user.should_see(english("create").step_visibility)
    await user.should_see(english("hosting").trusted_title)
    await user.should_see(english("hosting").trusted_vouched_by_my_circles_hint)
    await tap(user, "trusted-vouched_by_my_circles")
    await tap(user, "underfill-2")
    await tap(user, "wizard-next")

    await user.should_see(english("create").step_review)
    await user.should_see(english("hosting").summary_vouched_by_my_circles, retries=5)
    await tap(user, "wizard-post")

    await user.should_see(english("activity").you_host, retries=30)
    async with provide_services(runtime) as services:
        actor = await services.session.get_one(m.User, me.id)
        (posted,) = (await services.activities.discover(actor, ActivityFilters(hosted_by_me=True))).items
    assert posted.auto_approve_trusted is m.TrustedApproval.VOUCHED_BY_MY_CIRCLES
    assert posted.underfill_cancel_hours == 2
    with user.scope(marker="host-controls"):
        await user.should_see(english("hosting").underfill_title)


async def test_approving_everyone_hides_the_trusted_choice_in_the_wizard(user, sign_in):
    await sign_in()
    await user.open("/create")
    await tap(user, "type-padel")
    user.find(marker="title").type("Open padel")
    await tap(user, "wizard-next")
    await tap(user, "wizard-next")
    user.find(marker="place").type("Padel Hub")
    await tap(user, "wizard-next")
    await tap(user, "wizard-next")
    await user.should_see(marker="trusted-approval")

    user.find(marker="auto-approve").click()

    await user.should_not_see(marker="trusted-approval", retries=10)
    await user.should_see(marker="underfill")


async def test_the_host_changes_trusted_approval_and_the_cut_off_on_the_page(user, runtime, sign_in):
    me = await sign_in()
    game = await host_activity(runtime, me)
    await user.open(f"/activities/{game.id}")
    with user.scope(marker="host-controls"):
        await user.should_see(english("hosting").trusted_vouched_by_people_i_vouched_for_hint)
        await user.should_see(english("hosting").underfill_none)

    await tap(user, "trusted-vouched_by_people_i_vouched_for")
    await user.should_see(english("hosting").trusted_saved, retries=20)
    await tap(user, "underfill-1")
    await user.should_see(english("hosting").underfill_saved.format(hours=1), retries=20)

    saved = await activity_of(runtime, me, game.id)
    assert saved.auto_approve_trusted is m.TrustedApproval.VOUCHED_BY_PEOPLE_I_VOUCHED_FOR
    assert saved.underfill_cancel_hours == 1
    aria = user.find(marker="trusted-vouched_by_people_i_vouched_for").elements.pop().props["aria-checked"]
    assert aria == "true"

    await tap(user, "underfill-none")
    await user.should_see(english("hosting").underfill_saved_none, retries=20)
    await tap(user, "trusted-none")
    await user.should_see(english("hosting").trusted_saved_none, retries=20)
    saved = await activity_of(runtime, me, game.id)
    assert (saved.auto_approve_trusted, saved.underfill_cancel_hours) == (m.TrustedApproval.NONE, None)


async def test_a_cut_off_already_past_is_refused_in_the_services_words(user, runtime, sign_in):
    me = await sign_in()
    soon = next_half_hour(timedelta(minutes=90))
    game = await host_activity(runtime, me, starts_at=soon, ends_at=soon + timedelta(minutes=90))
    await user.open(f"/activities/{game.id}")

    await tap(user, "underfill-2")

    await user.should_see("choose a shorter cut-off or none", retries=20)
    assert (await activity_of(runtime, me, game.id)).underfill_cancel_hours is None


# The host's court ---------------------------------------------------------------------------------


@pytest.fixture
async def venue(runtime):
    owner = await person(runtime, 20, "bilal_courts", "Bilal Ahmed", role=m.UserRole.VENUE_OWNER)
    return await open_venue(runtime, owner)


async def match_at(runtime, host, venue, **fields):
    """A padel match at the venue tomorrow, on the half hour, for 90 minutes."""
    starts = next_half_hour(timedelta(days=1))
    return await host_activity(
        runtime,
        host,
        venue_id=venue.id,
        place_name="",
        city=None,
        starts_at=starts,
        ends_at=starts + timedelta(minutes=90),
        **fields,
    )


async def court_of(runtime, host, activity_id):
    async with provide_services(runtime) as services:
        actor = await services.session.get_one(m.User, host.id)
        try:
            return await services.activity_courts.get(actor, activity_id)
        except NotFound:
            return None


async def test_the_host_holds_a_court_at_the_match_time_then_pays_at_the_venue(user, runtime, sign_in, venue):
    me = await sign_in()
    game = await match_at(runtime, me, venue)
    await user.open(f"/activities/{game.id}")
    with user.scope(marker="court-card"):
        await user.should_see(english("activity_court").intro.format(venue="Court Nine Padel"))
        await user.should_see("Court 1")
        await user.should_see("Court 2")

    await tap(user, f"court-slot-court-2-{to_local(game.starts_at):%H%M}")
    await tap(user, "hold-court")

    await user.should_see(english("activity_court").held_title, retries=30)
    await user.should_see(marker="countdown-clock")
    with user.scope(marker="court-held"):
        await user.should_see("Court 2 \u00b7 Court Nine Padel")
        await user.should_see("JazzCash")
    held = await court_of(runtime, me, game.id)
    assert held is not None
    assert (held.status, held.court.name, held.starts_at) == (m.BookingStatus.HELD, "Court 2", game.starts_at)
    assert held.hold_expires_at == game.starts_at, "no cut-off: held until the start"

    await tap(user, "court-pay-at-venue")

    await user.should_see(english("activity_court").confirmed_at_venue, retries=20)
    await user.should_see(marker="court-booked")
    await user.should_see(marker="court-to-pay")
    booked = await court_of(runtime, me, game.id)
    assert booked is not None
    assert (booked.status, booked.payment_method) == (m.BookingStatus.CONFIRMED, m.PaymentMethod.PAY_AT_VENUE)
    links = {el.props.get("href") for el in user.current_layout.descendants()}
    assert f"/bookings/{booked.id}" in links


async def test_the_host_releases_a_held_court_after_confirming(user, runtime, sign_in, venue):
    me = await sign_in()
    game = await match_at(runtime, me, venue, underfill_cancel_hours=2)
    async with provide_services(runtime) as services:
        actor = await services.session.get_one(m.User, me.id)
        held = await services.activity_courts.hold(
            actor,
            game.id,
            bookings_s.BookingCreate(
                court_id=venue.courts[0].id, starts_at=game.starts_at, duration_minutes=90
            ),
        )
    await user.open(f"/activities/{game.id}")
    await user.should_see(english("activity_court").held_title)
    await user.should_see(marker="countdown-clock")

    await tap(user, "release-court")
    await user.should_see(english("activity_court").release_held)
    await tap(user, "confirm-release-court")

    await user.should_see(english("activity_court").released, retries=20)
    await user.should_see(marker="court-picker", retries=20)
    assert await court_of(runtime, me, game.id) is None
    async with runtime.session_factory() as session:
        assert (await session.get_one(m.Booking, held.id)).status is m.BookingStatus.CANCELLED


async def test_only_the_host_sees_the_court_card(user, runtime, sign_in, venue):
    host = await member(runtime, 10, "danish_m", "Danish Mirza")
    game = await match_at(runtime, host, venue)
    await sign_in()

    await user.open(f"/activities/{game.id}")

    await user.should_see(game.title)
    await user.should_not_see(marker="court-card")


# Shares --------------------------------------------------------------------------------------------


async def share_of(runtime, who, activity_id):
    async with provide_services(runtime) as services:
        actor = await services.session.get_one(m.User, who.id)
        return await services.shares.mine(actor, activity_id)


async def test_a_participant_pays_at_the_venue_and_the_host_sees_it(user, runtime, sign_in):
    host = await member(runtime, 10, "danish_m", "Danish Mirza")
    game = await host_activity(runtime, host, auto_approve=True)
    me = await sign_in()
    await ask_to_join(runtime, me, game.id)

    await user.open(f"/activities/{game.id}")
    with user.scope(marker="my-share"):
        await user.should_see(english("activity_shares").amount.format(amount="Rs 1,500"))
        await user.should_see("JazzCash")
    await tap(user, "share-pay-at-venue")

    await user.should_see(english("activity_shares").at_venue_title, retries=20)
    assert (await share_of(runtime, me, game.id)).status is ShareStatus.PAY_AT_VENUE

    await sign_in(host)
    await user.open(f"/activities/{game.id}")
    with user.scope(marker="payments"):
        await user.should_see(english("activity_shares").payments_title)
        await user.should_see("Sana Khan")
        await user.should_see(english("activity_shares").status_pay_at_venue)
        await user.should_see(english("activity_shares").totals.format(online=0, venue=1, unpaid=0))
        await user.should_see(english("activity_shares").to_collect.format(amount="Rs 1,500"))


async def test_a_participant_pays_online_and_the_host_sees_it(user, runtime, sign_in):
    host = await member(runtime, 10, "danish_m", "Danish Mirza")
    game = await host_activity(runtime, host, auto_approve=True)
    other = await member(runtime, 11, "usman_k", "Usman Khan")
    await ask_to_join(runtime, other, game.id)
    me = await sign_in()
    request = await ask_to_join(runtime, me, game.id)

    await user.open(f"/activities/{game.id}")
    with user.scope(marker="my-share"):
        user.find(marker="provider-payfast").click()
        await asyncio.sleep(0.05)
        user.find(marker="pay-online").click()
    payment = None
    for _ in range(40):
        async with runtime.session_factory() as session:
            payment = await session.scalar(
                sa.select(m.Payment).where(m.Payment.join_request_id == request.id)
            )
        if payment is not None:
            break
        await asyncio.sleep(0.05)
    assert payment is not None, "the page started a checkout for the share"
    assert (payment.purpose, payment.amount_pkr) == (m.PaymentPurpose.SHARE, 1500)
    assert payment.provider is m.PaymentProviderName.PAYFAST
    await provider_says(runtime, payment, paid=True)

    await user.open(f"/payments/{payment.id}")  # where the provider sends the browser back
    await user.should_see(english("payment").succeeded)
    await user.should_see(english("payment").view_activity)
    links = {el.props.get("href") for el in user.current_layout.descendants()}
    assert f"/activities/{game.id}" in links
    await user.open(f"/activities/{game.id}")
    await user.should_see(english("activity_shares").paid_title)
    assert (await share_of(runtime, me, game.id)).status is ShareStatus.PAID_ONLINE

    await sign_in(host)
    await user.open(f"/activities/{game.id}")
    with user.scope(marker="payments"):
        await user.should_see(english("activity_shares").status_paid_online)
        await user.should_see(english("activity_shares").status_unpaid)
        await user.should_see(english("activity_shares").totals.format(online=1, venue=0, unpaid=1))
        await user.should_see(english("activity_shares").collected_online.format(amount="Rs 1,500"))


async def test_a_free_activity_asks_no_one_to_pay(user, runtime, sign_in):
    host = await member(runtime, 10, "danish_m", "Danish Mirza")
    game = await host_activity(runtime, host, auto_approve=True, cost_pkr=0)
    me = await sign_in()
    await ask_to_join(runtime, me, game.id)

    await user.open(f"/activities/{game.id}")

    await user.should_see(english("activity").state_approved)
    await user.should_not_see(marker="my-share")


async def test_an_urdu_host_reads_the_new_controls_in_urdu(user, runtime, sign_in, venue):
    me = await sign_in(locale="ur")
    game = await match_at(runtime, me, venue)
    participant = await member(runtime, 11, "usman_k", "Usman Khan")
    async with provide_services(runtime) as services:
        actor = await services.session.get_one(m.User, me.id)
        await services.activities.update(actor, game.id, s.ActivityUpdate(auto_approve=True))
    await ask_to_join(runtime, participant, game.id)

    await user.open(f"/activities/{game.id}")

    await user.should_not_see(marker="trusted-approval")  # everyone gets in: nothing to choose
    await user.should_see(ur.MESSAGES["hosting"]["underfill_title"])
    await user.should_see(ur.MESSAGES["activity_court"]["title"])
    await user.should_see(ur.MESSAGES["activity_shares"]["payments_title"])
    await user.should_see(ur.MESSAGES["activity_shares"]["status_unpaid"])
