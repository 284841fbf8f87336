"""Scene's plain public pages: server HTML for the links people open from WhatsApp (see `layout`)."""

from __future__ import annotations

from nicegui import app

from scene_ui.public import activity, event, layout, signin, venue, welcome

PAGES = (
    (activity.PATH, activity.activity_share),
    (event.PATH, event.event_share),
    (venue.PATH, venue.venue_share),
    (welcome.PATH, welcome.welcome),
)


def create() -> None:
    """The stylesheet and the pages as plain FastAPI routes (call before NiceGUI's pages are made)."""
    layout.create()
    for path, endpoint in PAGES:
        app.add_api_route(path, endpoint, methods=["GET"], include_in_schema=False)
    signin.create()
