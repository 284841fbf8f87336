"""Scene's own dead ends, in the reader's language: a page for a path no page answers (404) and one for
a page that failed while it was being built (500), in place of NiceGUI's English sad face."""

from __future__ import annotations

from fastapi import Request, Response
from fastapi.exception_handlers import http_exception_handler
from nicegui import Client, app, ui
from starlette.exceptions import HTTPException

from scene_ui import session
from scene_ui.components.buttons import link_button
from scene_ui.components.empty_state import empty_state
from scene_ui.components.frame import frame
from scene_ui.i18n import texts

tx = texts("errors")


def create() -> None:
    app.add_exception_handler(404, not_found)
    app.on_page_exception(server_error)


async def not_found(request: Request, exception: Exception) -> Response:
    """An unknown path gets the Scene frame and a way home; an API-style route (`/media/...`) that
    answers 404 itself keeps its plain JSON answer, as NiceGUI's own handler does."""
    endpoint = request.scope.get("endpoint")
    if (
        endpoint is not None
        and endpoint is not app
        and not request.scope.get("nicegui_page_path")
        and isinstance(exception, HTTPException)
    ):
        return await http_exception_handler(request, exception)
    with Client(ui.page(""), request=request) as client:
        member = await session.current_member()
        dead_end("link_off", tx.not_found_title, tx.not_found_message, member=member, marker="not-found")
    return client.build_response(request, 404)


def server_error() -> None:
    """Runs inside the error page NiceGUI builds (it logs the exception itself); it cannot wait, so
    the reader's language is the one this browser last used (`session.current_member` keeps it)."""
    dead_end(
        "error_outline", tx.server_title, tx.server_message, member=None, marker="server-error", sign_in=False
    )


def dead_end(
    icon: str, title: str, message: str, *, member: session.Member | None, marker: str, sign_in: bool = True
) -> None:
    with frame(title, member=member, sign_in_link=sign_in):
        empty_state(icon, title, message, is_page_heading=True).mark(marker)
        link_button(tx.go_home, "/", primary=True, icon="home").classes("w-full")
