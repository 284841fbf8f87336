from datetime import datetime, time, timedelta

from nicegui import ui

from scene_api.db import models as m
from scene_api.lib.timezone import KARACHI, utcnow
from scene_ui import formats
from scene_ui.pages import home
from tests.helpers import english
from tests.ui.desk import open_venue, person
from tests.ui.happenings import host_event


def karachi(days_ahead: int, hour: int) -> datetime:
    """`hour` o'clock Pakistan time, `days_ahead` days from today there."""
    return datetime.combine(formats.today() + timedelta(days=days_ahead), time(hour), tzinfo=KARACHI)


async def test_home_lists_the_upcoming_activities(user, add_activity):
    await add_activity("Padel doubles, need 2", cost_pkr=2500, capacity=4, seats_taken=2)
    await add_activity(
        "Sunday football at Model Town", type=m.ActivityType.FOOTBALL, capacity=10, seats_taken=10
    )

    await user.open("/")

    await user.should_see(english("home").heading)
    await user.should_see("Padel doubles, need 2")
    await user.should_see("Sunday football at Model Town")
    await user.should_see("Rs 2,500")
    await user.should_see("Free")
    await user.should_see("2 spots left")
    await user.should_see("Full")
    await user.should_see("Ayesha Butt")
    await user.should_see("Padel Hub, DHA Phase 6 \u00b7 Lahore")
    await user.should_not_see(english("home").empty_title)


async def test_home_shows_an_empty_state_without_activities(user):
    await user.open("/")

    await user.should_see(english("home").empty_title)
    await user.should_see(english("home").empty_message)


async def test_home_hides_cancelled_past_and_unlisted_activities(user, add_activity):
    await add_activity("Open padel game")
    await add_activity("Cancelled cricket", status=m.ActivityStatus.CANCELLED)
    await add_activity("Yesterday's run", starts_at=utcnow() - timedelta(days=1))
    await add_activity("Link-only board games", visibility=m.Visibility.LINK_ONLY)

    await user.open("/")

    await user.should_see("Open padel game")
    await user.should_not_see("Cancelled cricket")
    await user.should_not_see("Yesterday's run")
    await user.should_not_see("Link-only board games")


async def test_home_groups_activities_by_day(user, add_activity):
    await add_activity("Later this week", starts_at=karachi(3, 19))
    await add_activity("Tomorrow evening", starts_at=karachi(1, 19))

    await user.open("/")

    weekday = f"{karachi(3, 19):%A}"
    await user.should_see(weekday)
    labels = sorted(user.find(kind=ui.label).elements, key=lambda label: label.id)
    shown = [label.text for label in labels]
    assert shown.index("Tomorrow") < shown.index("Tomorrow evening") < shown.index(weekday)
    assert shown.index(weekday) < shown.index("Later this week")


async def test_choosing_a_kind_filters_the_list(user, add_activity):
    await add_activity("Padel doubles")
    await add_activity("Five-a-side football", type=m.ActivityType.FOOTBALL)

    await user.open("/")
    user.find(kind=ui.button, content="Football").click()

    await user.should_see("Five-a-side football")
    await user.should_not_see("Padel doubles")

    user.find(kind=ui.button, content="Cricket").click()
    await user.should_see("No cricket coming up")

    user.find(kind=ui.button, content=english("home").all_types).click()
    await user.should_see("Padel doubles")
    await user.should_see("Five-a-side football")


async def test_show_more_loads_the_next_page(user, add_activity):
    for hour in range(home.PAGE_SIZE + 1):
        await add_activity(f"Game {hour + 1:02d}", starts_at=karachi(1, 0) + timedelta(hours=hour))

    await user.open("/")
    await user.should_see(f"Game {home.PAGE_SIZE:02d}")
    await user.should_not_see(f"Game {home.PAGE_SIZE + 1:02d}")

    user.find(english("home").show_more).click()

    await user.should_see(f"Game {home.PAGE_SIZE + 1:02d}")
    await user.should_not_see(english("home").show_more)


async def test_host_avatar_comes_from_media(user, add_activity, host, services):
    host.avatar_key = "avatars/ayesha.png"
    await services.session.commit()
    await add_activity("Padel doubles")

    await user.open("/")

    await user.should_see("Padel doubles")
    sources = [element.props.get("src") for element in user.client.layout.descendants()]
    assert "/media/avatars/ayesha.png" in sources


async def test_media_serves_stored_files_with_caching(user, services):
    await services.runtime.storage.put("avatars/dot.png", b"\x89PNG fake", "image/png")

    response = await user.http_client.get("/media/avatars/dot.png")
    missing = await user.http_client.get("/media/avatars/nobody.png")

    assert response.status_code == 200
    assert response.content == b"\x89PNG fake"
    assert response.headers["content-type"] == "image/png"
    assert response.headers["cache-control"] == "public, max-age=86400"
    assert missing.status_code == 404


async def test_the_dashboard_has_events_places_and_people_open_to_join(user, runtime, sign_in):
    owner = await person(runtime, 20, "bilal_courts", "Bilal Ahmed", role=m.UserRole.VENUE_OWNER)
    await open_venue(runtime, owner)
    await host_event(runtime, owner)
    await person(runtime, 21, "usman_k", "Usman Khan", open_to_join=True)
    await person(runtime, 22, "hira_n", "Hira Naveed")
    await sign_in()

    await user.open("/")

    with user.scope(marker="featured-events"):
        await user.should_see(english("home").upcoming_events)
        await user.should_see("Qawwali night under the stars")
    await user.should_not_see("Court Nine Padel")  # rows below the first screen: built when scrolled near
    for row in ("places", "for-you", "open-to-join", "from-circles"):
        user.find(marker=f"near-{row}").trigger("sceneNear")  # NiceGUI names the listener in camel case
    with user.scope(marker="places"):
        await user.should_see(english("home").places_in_city.format(city="Lahore"))
        await user.should_see("Court Nine Padel")
    with user.scope(marker="open-to-join"):
        await user.should_see("Usman Khan")
        await user.should_not_see("Hira Naveed")
        await user.should_see(marker="open-dot")
