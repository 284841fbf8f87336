"""Share links holding a character the database cannot look up (a NUL) find nothing, like any unknown link."""

import pytest

from scene_ui.pages import event_share
from scene_ui.pages import share as activity_share


@pytest.mark.parametrize(("path", "page"), [("/a/%00", activity_share), ("/e/%00", event_share)])
async def test_a_share_link_with_a_nul_shows_the_not_found_page(user, path, page):
    await user.open(path)

    await user.should_see(page.NOT_FOUND_TITLE)
