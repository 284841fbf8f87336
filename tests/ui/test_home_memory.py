"""The signed-in home holds few elements per connected member (issue 19, item 5): NiceGUI keeps every element
of a connected page in the server's memory, so rows below the first screen, and the cards of a row past the
second, are built when the member comes near them."""

from __future__ import annotations

from nicegui.testing import User

from scene_ui.pages import home
from tests.ui.conftest import AddActivity, SignIn

GAMES = [f"Padel doubles no. {number}" for number in range(1, 7)]
ELEMENTS_AT_MOST = 120
"""Here the page holds 100: the frame, the greeting, the games row with two cards, the empty events row and
the placeholders; every card built before it is needed adds about 17."""


async def test_a_row_builds_two_cards_and_the_rest_when_swiped_near(
    user: User, add_activity: AddActivity, sign_in: SignIn
) -> None:
    for title in GAMES:
        await add_activity(title)
    await sign_in()

    await user.open("/")

    with user.scope(marker="open-games"):  # soonest first
        for title in GAMES[: home.CARDS_AT_ONCE]:
            await user.should_see(title)
        for title in GAMES[home.CARDS_AT_ONCE :]:
            await user.should_not_see(title)
    assert user.client is not None
    assert len(user.client.elements) <= ELEMENTS_AT_MOST

    user.find(marker="near-open-games-more").trigger("sceneNear")  # near.js: the placeholder came into view
    with user.scope(marker="open-games"):
        for title in GAMES:
            await user.should_see(title)
