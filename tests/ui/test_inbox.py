from scene_api.db import models as m
from scene_api.services import provide_services
from tests.helpers import english
from tests.ui.people import ask_to_join, host_activity, member


async def test_the_host_approves_a_request_and_the_requester_is_in(user, runtime, sign_in):
    me = await sign_in()
    game = await host_activity(runtime, me)
    usman = await member(runtime, 11, "usman_k", "Usman Khan")
    await ask_to_join(runtime, usman, game.id, message="I play at level 4")

    await user.open("/inbox")
    await user.should_see("Usman Khan")
    await user.should_see("\u201cI play at level 4\u201d")
    with user.scope(marker="request-usman_k"):
        user.find(marker="approve").click()

    await user.should_see(english("inbox").approved.format(name="Usman Khan"), retries=20)
    await user.should_see(english("inbox").empty_title)
    async with provide_services(runtime) as services:
        actor = await services.session.get_one(m.User, usman.id)
        seen = await services.activities.get(actor, game.id)
    assert seen.my_request is not None
    assert seen.my_request.status is m.JoinRequestStatus.APPROVED


async def test_selecting_several_and_approving_them_at_once(user, runtime, sign_in):
    me = await sign_in()
    game = await host_activity(runtime, me, capacity=5)
    for number, handle in ((11, "usman_k"), (12, "hira_s"), (13, "omar_f")):
        await ask_to_join(runtime, await member(runtime, number, handle, handle.title()), game.id)

    await user.open("/inbox")
    await user.should_see(english("inbox").waiting.format(count=3, s="s"))
    for handle in ("usman_k", "hira_s"):
        with user.scope(marker=f"request-{handle}"):
            user.find(marker="select").click()
    await user.should_see(english("inbox").approve_selected.format(count=2))
    user.find(marker="approve-selected").click()

    await user.should_see(english("inbox").approved_many.format(count=2), retries=20)
    await user.should_see(english("inbox").waiting.format(count=1, s=""))
    await user.should_see(marker="request-omar_f")


async def test_declining_a_request(user, runtime, sign_in):
    me = await sign_in()
    game = await host_activity(runtime, me)
    await ask_to_join(runtime, await member(runtime, 11, "usman_k", "Usman Khan"), game.id)

    await user.open("/inbox")
    user.find(marker="reject").click()

    await user.should_see(english("inbox").rejected.format(name="Usman Khan"), retries=20)
    await user.should_not_see(marker="request-usman_k")


async def test_auto_approve_switch_per_activity(user, runtime, sign_in):
    me = await sign_in()
    game = await host_activity(runtime, me)

    await user.open("/inbox")
    with user.scope(marker=f"hosting-{game.slug}"):
        user.find(marker="auto-approve").click()

    await user.should_see(english("inbox").auto_on.format(title=game.title), retries=20)
    async with provide_services(runtime) as services:
        assert (await services.session.get_one(m.Activity, game.id)).auto_approve is True


async def test_an_empty_inbox(user, sign_in):
    await sign_in()

    await user.open("/inbox")

    await user.should_see(english("inbox").empty_title)
    await user.should_see(english("inbox").no_activities)


async def test_event_requests_link_to_their_event(user, runtime, sign_in):
    from scene_api.domain.joins import schemas as joins_s
    from tests.ui.happenings import host_event

    me = await sign_in()
    event = await host_event(runtime, me, approval_required=True)
    usman = await member(runtime, 11, "usman_k", "Usman Khan")
    async with provide_services(runtime) as services:
        actor = await services.session.get_one(m.User, usman.id)
        await services.event_requests.request(actor, event.id, joins_s.JoinRequestCreate(message="Me too"))

    await user.open("/inbox")

    await user.should_see("Usman Khan")
    await user.should_see(event.title)
    links = {el.props.get("href") for el in user.current_layout.descendants()}
    assert f"/events/{event.id}" in links


async def test_each_request_says_who_of_the_hosts_trusted_people_vouched_for_the_requester(
    user, runtime, sign_in
):
    me = await sign_in()
    game = await host_activity(runtime, me)
    ayesha = await member(runtime, 11, "ayesha_k", "Ayesha Khan")
    bilal = await member(runtime, 12, "bilal_a", "Bilal Ahmed")
    usman = await member(runtime, 13, "usman_k", "Usman Khan")
    stranger = await member(runtime, 14, "hira_s", "Hira Shah")
    omar = await member(runtime, 15, "omar_f", "Omar Farooq")
    async with runtime.session_factory() as session, session.begin():
        session.add_all(
            [
                m.Vouch(voucher_id=me.id, vouchee_id=ayesha.id),
                m.Vouch(voucher_id=me.id, vouchee_id=bilal.id),
                m.Vouch(voucher_id=ayesha.id, vouchee_id=usman.id),
                m.Vouch(voucher_id=stranger.id, vouchee_id=ayesha.id),
                m.Vouch(voucher_id=me.id, vouchee_id=omar.id),
            ]
        )
    async with runtime.session_factory() as session, session.begin():  # later: listed second
        session.add(m.Vouch(voucher_id=bilal.id, vouchee_id=usman.id))
    await ask_to_join(runtime, usman, game.id)
    await ask_to_join(runtime, stranger, game.id)
    await ask_to_join(runtime, omar, game.id)

    await user.open("/inbox")

    with user.scope(marker="request-usman_k"):
        await user.should_see(
            english("inbox").vouched_by_two.format(first="Ayesha Khan", second="Bilal Ahmed")
        )
    with user.scope(marker="request-omar_f"):
        await user.should_see(english("inbox").vouched_by_one.format(name=english("inbox").you))
    with user.scope(marker="request-hira_s"):
        await user.should_not_see(marker="vouched-by")
