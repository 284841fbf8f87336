from urllib.parse import unquote

from scene_api.db import models as m
from scene_api.domain.joins import schemas as joins_s
from scene_api.services import provide_services
from tests.helpers import english
from tests.ui.happenings import buy, host_event
from tests.ui.people import member


async def test_a_free_ticket_comes_at_once_with_its_qr_code(user, runtime, sign_in):
    host = await member(runtime, 10, "noor_h", "Noor Hassan")
    event = await host_event(runtime, host)
    await sign_in()

    await user.open(f"/events/{event.id}")
    await user.should_see(event.title)
    await user.should_see("Alhamra Open Air Theatre \u00b7 Lahore")
    with user.scope(marker="buy-panel"):
        await user.should_see("General")
        await user.should_see("50 left")
    user.find(marker="more").click()
    await user.should_see(english("event").get_free.format(count=2, s="s"), retries=20)
    user.find(marker="buy").click()

    await user.should_see(marker="tickets", retries=30)
    await user.should_see("General \u00b7 ticket 2 of 2", retries=5)
    await user.open("/me/tickets")
    await user.should_see(event.title)
    await user.should_see(marker="tickets")


async def test_paying_online_holds_the_tickets_with_a_countdown(user, runtime, sign_in):
    host = await member(runtime, 10, "noor_h", "Noor Hassan")
    event = await host_event(runtime, host, tiers=[{"name": "Player", "price_pkr": 3500, "quantity": 32}])
    await sign_in()

    await user.open(f"/events/{event.id}")
    await user.should_see(english("event").pay_online.format(amount="Rs 3,500"))
    await user.should_not_see(english("event").pay_at_door)
    user.find(marker="buy").click()

    await user.should_see(english("order").held_title, retries=30)
    await user.should_see(marker="countdown-clock")
    await user.should_see("JazzCash")
    user.find(marker="cancel-order").click()
    await user.should_see(english("order").let_go_done, retries=20)


async def test_pay_at_the_door_gives_the_tickets_and_says_what_to_bring(user, runtime, sign_in):
    host = await member(runtime, 10, "noor_h", "Noor Hassan")
    event = await host_event(
        runtime, host, tiers=[{"name": "Player", "price_pkr": 3500, "quantity": 32}], allow_pay_at_venue=True
    )
    await sign_in()

    await user.open(f"/events/{event.id}")
    user.find(marker="pay-at-door").click()

    await user.should_see(english("order").at_the_door.format(amount="Rs 3,500"), retries=30)
    await user.should_see(marker="tickets")


async def test_when_the_host_approves_first_a_request_comes_before_tickets(user, runtime, sign_in):
    host = await member(runtime, 10, "noor_h", "Noor Hassan")
    event = await host_event(runtime, host, approval_required=True)
    me = await sign_in()

    await user.open(f"/events/{event.id}")
    await user.should_not_see(marker="buy")
    user.find(marker="request").click()
    await user.should_see(english("event").state_pending, retries=20)

    async with provide_services(runtime) as services:
        host_row = await services.session.get_one(m.User, host.id)
        request = (await services.event_requests.requests_for(host_row, event.id))[0]
        assert request.requester.id == me.id
        await services.joins.decide(host_row, request.id, joins_s.Decision.APPROVE)
    await user.open(f"/events/{event.id}")

    await user.should_see(english("event").state_approved)
    await user.should_see(marker="buy")
    shared = user.find(marker="share-approval").elements.pop()
    assert unquote(shared.props["href"]).startswith("https://wa.me/?text=I'm approved for ")


async def test_a_sold_out_event_offers_the_waitlist(user, runtime, sign_in):
    host = await member(runtime, 10, "noor_h", "Noor Hassan")
    event = await host_event(
        runtime, host, capacity=1, tiers=[{"name": "General", "price_pkr": 0, "quantity": 1}]
    )
    first = await member(runtime, 11, "usman_k", "Usman Khan")
    await buy(runtime, first, event)
    await sign_in()

    await user.open(f"/events/{event.id}")
    await user.should_see(english("event").sold_out)
    user.find(marker="join-waitlist").click()

    await user.should_see(english("event").state_waitlisted.format(position=1), retries=20)
    user.find(marker="leave-waitlist").click()
    await user.should_see(english("event").join_waitlist, retries=20)


async def test_an_unknown_event(user, sign_in):
    await sign_in()
    await user.open("/events/0193a8f2-0000-7000-8000-000000000000")
    await user.should_see(english("event").not_found_title)


async def test_a_ticket_link_opens_its_order_for_the_buyer_only(user, runtime, sign_in):
    host = await member(runtime, 10, "noor_h", "Noor Hassan")
    event = await host_event(runtime, host)
    me = await sign_in()
    order = await buy(runtime, me, event)

    await user.open(f"/tickets/{order.tickets[0].id}")
    await user.should_see(marker="tickets")
    await user.should_see(order.tickets[0].code)

    await user.open("/tickets/0193a8f2-0000-7000-8000-000000000000")
    await user.should_see("Ticket not found")
