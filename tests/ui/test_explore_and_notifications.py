import asyncio
import re

from nicegui import ui

from scene_api.db import models as m
from scene_ui.components.frame import badge_text
from tests.helpers import english
from tests.ui.people import ask_to_join, host_activity, member


async def test_explore_filters_activities_by_kind_and_text(user, runtime, sign_in):
    host = await member(runtime, 10, "danish_m", "Danish Mirza")
    await host_activity(runtime, host, title="Padel doubles at DHA")
    await host_activity(runtime, host, title="Five-a-side football", type=m.ActivityType.FOOTBALL)
    await sign_in()

    await user.open("/explore")
    await user.should_see("Padel doubles at DHA")
    await user.should_see("Five-a-side football")
    headings = [el for el in user.current_layout.descendants() if el.props.get("aria-level") == "1"]
    assert [heading.text for heading in headings] == [
        english("explore").title
    ]  # the page's one h1, for screen readers

    user.find(marker="filter-type-football").click()
    await user.should_see("Five-a-side football", retries=60)
    await user.should_not_see("Padel doubles at DHA", retries=60)

    user.find(marker="filter-type-any").click()
    await asyncio.sleep(0.1)
    user.find(marker="search").type("doubles")
    await user.should_not_see("Five-a-side football", retries=60)
    await user.should_see("Padel doubles at DHA")


async def test_activities_start_in_the_members_city_and_the_city_chip_widens_them(user, runtime, sign_in):
    host = await member(runtime, 10, "danish_m", "Danish Mirza")
    await host_activity(runtime, host, title="Karachi padel", city=m.City.KARACHI)
    await host_activity(runtime, host, title="Islamabad padel", city=m.City.ISLAMABAD)
    await host_activity(runtime, host, title="Lahore padel")
    me = await sign_in()
    assert me.city == m.City.LAHORE

    await user.open("/explore")
    await user.should_see("Lahore padel")
    await user.should_not_see("Karachi padel")
    await user.should_not_see("Islamabad padel")
    chip = user.find(marker="filter-city").elements.pop()
    assert chip.text == "Lahore"

    user.find(marker="filter-city-any").click()
    await user.should_see("Karachi padel", retries=60)
    await user.should_see("Islamabad padel")

    user.find(marker="filter-city-Karachi").click()
    await user.should_not_see("Lahore padel", retries=60)
    await user.should_see("Karachi padel")


async def test_near_me_falls_back_to_the_members_city(user, runtime, sign_in):
    host = await member(runtime, 10, "danish_m", "Danish Mirza")
    await host_activity(runtime, host, title="Lahore padel")
    await host_activity(runtime, host, title="Karachi padel", city=m.City.KARACHI)
    await sign_in()
    user.javascript_rules[re.compile(r"(?s).*geolocation.*")] = lambda _: None

    await user.open("/explore")
    user.find(marker="filter-radius-25").click()

    await user.should_see(english("explore").using_city.format(city="Lahore"), retries=30)
    await user.should_not_see("Karachi padel", retries=60)
    await user.should_see("Lahore padel")


async def test_the_map_shows_the_results(user, runtime, sign_in):
    host = await member(runtime, 10, "danish_m", "Danish Mirza")
    await host_activity(runtime, host, title="Padel doubles at DHA")
    await sign_in()

    await user.open("/explore")
    user.find(marker="toggle-map").click()

    await user.should_see(ui.leaflet, retries=60)
    leaflet = user.find(ui.leaflet).elements.pop()
    markers = [layer for layer in leaflet.layers if getattr(layer, "name", "") == "circleMarker"]
    assert len(markers) == 1


async def test_people_search(user, runtime, sign_in):
    await member(runtime, 10, "danish_m", "Danish Mirza")
    await member(runtime, 11, "hira_s", "Hira Siddiqui", city=m.City.KARACHI)
    await sign_in()

    await user.open("/explore?tab=people")
    await user.should_see(marker="person-danish_m")
    await user.should_see(marker="person-hira_s")
    await user.should_not_see(marker="person-sana_k")

    user.find(marker="search").type("hira")
    await user.should_not_see(marker="person-danish_m", retries=60)
    await user.should_see(marker="person-hira_s")


async def test_notifications_badge_list_and_mark_all_read(user, runtime, sign_in):
    me = await sign_in()
    game = await host_activity(runtime, me)
    for number, handle in ((11, "usman_k"), (12, "hira_s")):
        await ask_to_join(runtime, await member(runtime, number, handle, handle.title()), game.id)

    await user.open("/")
    bell = next(el for el in user.current_layout.descendants() if el.props.get("href") == "/notifications")
    assert bell.props["aria-label"] == "Notifications, 2 unread"
    await user.should_see(badge_text(2))

    await user.open("/notifications")
    await user.should_see(english("notifications").unread.format(count=2))
    await user.should_see(f"Usman_K asked to join {game.title}")
    user.find(marker="mark-all").click()

    await user.should_see(english("notifications").marked, retries=60)
    await user.should_see(english("notifications").all_read)


def test_badge_text():
    assert badge_text(3) == "3"
    assert badge_text(12) == "9+"
