"""A stored draft put back into its form (`scene_ui.drafts`), in NiceGUI's user simulation: the browser's
answer to `sceneDrafts.read` is given by a rule, as static/drafts.js would give it. What the browser keeps
and when is checked in chromium (tests/e2e/test_drafts.py)."""

from __future__ import annotations

import re
from typing import Any

from nicegui import ui
from nicegui.testing import User

from scene_api.db import models as m
from tests.helpers import english

READ = re.compile(r"return window\.sceneDrafts\?\.read\(\"scene\.draft\.([0-9a-f-]+)\.([^\"]+)\"\)")
RESTORED = "Draft restored: what you wrote here last time."


def stored(user: User, form: str, answers: dict[str, Any], reads: list[tuple[str, str]]) -> None:
    """The browser holds `answers` for `form` (of whoever is signed in); each read is noted."""

    def answer(match: re.Match[str]) -> dict[str, Any] | None:
        reads.append((match.group(1), match.group(2)))
        return answers if match.group(2) == form else None

    user.javascript_rules[READ] = answer


async def test_the_create_wizard_comes_back_at_its_step_with_its_answers(user, sign_in):
    me = await sign_in()
    reads: list[tuple[str, str]] = []
    stored(
        user,
        "activity",
        {
            "step": 2,
            "kind": "padel",
            "title": "Padel after work",
            "place_name": "Model Town Park",
            "cost_pkr": "800",
        },
        reads,
    )
    await user.open("/create")
    await user.should_see(english("create").step_where)
    await user.should_see(RESTORED)
    assert user.find(marker="place").elements.pop().value == "Model Town Park"
    assert reads == [(str(me.id), "activity")]  # the member's own draft, by their id

    user.find(marker="wizard-back").click()
    user.find(marker="wizard-back").click()
    await user.should_see(english("create").step_what)
    assert user.find(marker="title").elements.pop().value == "Padel after work"


async def test_a_draft_that_no_longer_fits_the_form_changes_nothing_and_says_nothing(user, sign_in):
    await sign_in()
    stored(
        user,
        "activity",
        {"step": "three", "kind": "croquet", "capacity": "lots", "skill": [9], "visibility": ["x"]},
        [],
    )
    await user.open("/create")
    await user.should_see(english("create").step_what)
    await user.should_not_see(RESTORED)


async def test_the_event_wizard_brings_back_each_tier_under_its_own_name(user, sign_in):
    await sign_in()
    stored(
        user,
        "event",
        {
            "step": 3,
            "title": "Sufi night",
            "tiers": ["early", "door"],
            "tier_early_name": "Early bird",
            "tier_door_name": "At the door",
            "tier_door_price": "1500",
            "tier_gone_name": "A tier removed since",
            "allow_pay_at_venue": True,
        },
        [],
    )
    await user.open("/create/event")
    await user.should_see(english("create_event").step_tickets)
    await user.should_see(RESTORED)
    assert user.find(marker="tier-0-name").elements.pop().value == "Early bird"
    assert user.find(marker="tier-1-name").elements.pop().value == "At the door"
    assert user.find(marker="tier-1-price").elements.pop().value == 1500
    assert user.find(marker="pay-at-door").elements.pop().value is True
    await user.should_not_see(marker="tier-2-name")


async def test_a_profile_edit_comes_back_with_its_interests_and_levels(user, sign_in):
    await sign_in()
    stored(
        user,
        "profile",
        {
            "bio": "Padel most evenings",
            "city": "Karachi",
            "interests": ["padel", "tennis"],
            "levels": {"tennis": 4},
        },
        [],
    )
    await user.open("/me/edit")
    await user.should_see(RESTORED)
    assert user.find(marker="bio").elements.pop().value == "Padel most evenings"
    assert user.find(marker="city").elements.pop().value == m.City.KARACHI
    tennis_4 = [
        button
        for button in user.find(ui.button).elements
        if button.props.get("aria-label") == "Tennis level 4"
    ]
    assert [button.props["aria-pressed"] for button in tennis_4] == ["true"]
