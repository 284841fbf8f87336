from nicegui import ui

from scene_api.db import models as m
from scene_ui.pages import explore as page
from tests.helpers import english
from tests.ui.desk import open_venue, person
from tests.ui.happenings import host_event


async def test_places_lists_venues_and_filters_them_by_city_and_text(user, runtime, sign_in):
    owner = await person(runtime, 20, "bilal_courts", "Bilal Ahmed", role=m.UserRole.VENUE_OWNER)
    await open_venue(runtime, owner)
    await open_venue(runtime, owner, name="Baseline Padel Club")
    await sign_in()

    await user.open("/explore?tab=places")

    with user.scope(marker="results"):
        await user.should_see("Court Nine Padel")
        await user.should_see("Baseline Padel Club")
        await user.should_see("from Rs 6,000")
    user.find(marker="search").type("baseline")
    await user.should_not_see("Court Nine Padel", retries=60)
    await user.should_see("Baseline Padel Club")
    user.find(marker="filter-city-Karachi").click()
    await user.should_see(english("explore").empty_places_title, retries=60)


async def test_places_free_today_and_on_the_map(user, runtime, sign_in):
    owner = await person(runtime, 20, "bilal_courts", "Bilal Ahmed", role=m.UserRole.VENUE_OWNER)
    await open_venue(runtime, owner)
    await sign_in()
    await user.open("/explore?tab=places")

    user.find(marker="filter-day-tomorrow").click()
    await user.should_see(page.FREE_DAYS["tomorrow"], retries=60)
    await user.should_see("Court Nine Padel", retries=60)
    user.find(marker="toggle-map").click()

    await user.should_see(ui.leaflet, retries=60)
    leaflet = user.find(ui.leaflet).elements.pop()
    assert [layer for layer in leaflet.layers if getattr(layer, "name", "") == "circleMarker"]
    links = {el.props.get("href") for el in user.current_layout.descendants()}
    assert "/venues/court-nine-padel" not in links  # the list gave way to the map


async def test_events_tab_lists_upcoming_events_and_searches_them(user, runtime, sign_in):
    host = await person(runtime, 10, "noor_h", "Noor Hassan")
    await host_event(runtime, host)
    await host_event(runtime, host, title="Board game marathon", city="Karachi")
    await sign_in()

    await user.open("/explore")
    user.find(marker="tab-events").click()
    await user.should_see("Qawwali night under the stars", retries=60)

    await user.should_not_see("Board game marathon")  # the member's city (Lahore) comes first
    user.find(marker="filter-city-any").click()
    await user.should_see("Board game marathon", retries=60)
    with user.scope(marker="results"):
        await user.should_see("Board game marathon")
        await user.should_see("Free")
    user.find(marker="filter-city-Lahore").click()
    await user.should_not_see("Board game marathon", retries=60)
    user.find(marker="search").type("qawwali")
    await user.should_see("Qawwali night under the stars", retries=60)
