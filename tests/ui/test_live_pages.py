"""Member pages follow live news: what another process commits shows without a reload."""

from __future__ import annotations

from nicegui import ui
from nicegui.testing import User

from scene_api.db import models as m
from scene_api.domain.activities import schemas as s
from scene_api.runtime import Runtime
from scene_api.services import provide_services
from scene_ui.pages import activity as page
from tests.ui.people import ask_to_join, host_activity, member


def unread_badge(user: User) -> str:
    """The bell's count as shown."""
    (badge,) = user.find(marker="unread").elements
    assert isinstance(badge, ui.label)
    return badge.text


async def test_the_hosts_approval_and_its_notification_show_on_the_open_page(user, runtime, sign_in):
    host = await member(runtime, 10, "danish_m", "Danish Mirza")
    game = await host_activity(runtime, host)
    sana = await sign_in()
    request = await ask_to_join(runtime, sana, game.id)
    await user.open(f"/activities/{game.id}")
    await user.should_see(page.STATE_PENDING)
    await user.should_not_see(marker="unread")

    await approve(runtime, host, request.id)

    await user.should_see(page.STATE_APPROVED, retries=40)
    await user.should_not_see(page.STATE_PENDING)
    await user.should_see(marker="unread", retries=20)
    assert unread_badge(user) == "1"


async def approve(runtime: Runtime, host: m.User, request_id) -> None:
    """As the host's phone would, in its own unit of work (committed when it closes)."""
    async with provide_services(runtime) as services:
        actor = await services.session.get_one(m.User, host.id)
        await services.joins.decide(actor, request_id, s.Decision.APPROVE)
