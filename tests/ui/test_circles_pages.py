from scene_api.db import models as m
from scene_api.domain.trust import schemas as trust_s
from scene_api.runtime import Runtime
from scene_api.services import provide_services
from scene_ui.pages import circles as page
from tests.helpers import english
from tests.ui.people import member


async def make_circle(
    runtime: Runtime, owner: m.User, name: str, *, private: bool = False, add: tuple[m.User, ...] = ()
) -> trust_s.CircleDetail:
    async with provide_services(runtime) as services:
        circle = await services.circles.create(owner, trust_s.CircleCreate(name=name, is_private=private))
        for person in add:
            await services.circles.add_member(owner, circle.id, trust_s.CircleMemberAdd(user_id=person.id))
    return circle


async def test_creating_a_circle_lands_on_its_page(user, sign_in):
    await sign_in()

    await user.open("/circles")
    await user.should_see(english("circles").none_title)
    user.find(marker="circle-name").type("Sunday padel crew")
    user.find(marker="circle-description").type("Doubles at Gulberg")
    user.find(marker="create-circle").click()

    await user.should_see(marker="circle-title", retries=20)
    await user.should_see("Sunday padel crew")
    await user.should_see("Doubles at Gulberg")
    await user.should_see(english("circles").role_owner, retries=5)
    await user.open("/circles")
    await user.should_see(marker="circle-card")


async def test_the_owner_adds_a_member_by_handle_and_removes_them(user, runtime, sign_in):
    await member(runtime, 10, "danish_m", "Danish Mirza")
    me = await sign_in()
    circle = await make_circle(runtime, me, "Padel crew")

    await user.open(page.circle_path(circle.id))
    user.find(marker="add-handle").type("@danish_m")
    user.find(marker="add-member").click()
    await user.should_see(english("circles").added.format(name="Danish Mirza"), retries=20)
    await user.should_see(marker="remove-danish_m")

    user.find(marker="remove-danish_m").click()
    await user.should_see(english("circles").removed.format(name="Danish Mirza"), retries=20)
    await user.should_not_see(marker="remove-danish_m", retries=20)
    async with provide_services(runtime) as services:
        assert (await services.circles.get(me, circle.id)).member_count == 1


async def test_a_member_leaves(user, runtime, sign_in):
    owner = await member(runtime, 10, "danish_m", "Danish Mirza")
    me = await sign_in()
    circle = await make_circle(runtime, owner, "Padel crew", private=True, add=(me,))

    await user.open(page.circle_path(circle.id))
    await user.should_see("Padel crew")
    user.find(marker="leave-circle").click()
    await user.should_see(english("circles").left, retries=20)

    await user.open(page.circle_path(circle.id))
    await user.should_see(english("circles").not_found_title)


async def test_a_private_circle_is_not_found_for_an_outsider(user, runtime, sign_in):
    owner = await member(runtime, 10, "danish_m", "Danish Mirza")
    circle = await make_circle(runtime, owner, "Secret squad", private=True)
    await sign_in()

    await user.open(page.circle_path(circle.id))
    await user.should_see(english("circles").not_found_title)
    await user.should_not_see("Secret squad")
