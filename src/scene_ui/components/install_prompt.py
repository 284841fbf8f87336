"""The "Add Scene to your home screen" card. It is offered at a moment that shows Scene is useful to the
member (right after a join request or a booking goes through), never on a first visit, and once dismissed
not again for 30 days on that browser.

The card is built on the server but shown by CSS only where the browser can install Scene (`pwa.HEAD`:
pwa.js marks the page when Chrome offers an install, or on an iPhone's Safari, which needs the Share
sheet instead), so a browser that cannot install, or an installed app, never sees it."""

from __future__ import annotations

from datetime import datetime, timedelta

from nicegui import app, ui
from nicegui.events import GenericEventArguments

from scene_api.lib.timezone import utcnow
from scene_ui import feedback
from scene_ui.components.buttons import ghost_button, primary_button
from scene_ui.i18n import texts
from scene_ui.pwa import ICON_192

tx = texts("pwa")

DISMISSED_KEY = "install_offer_dismissed_at"
"""In `app.storage.user` (one browser): when the member last said no."""
OFFERED_KEY = "install_offered"
"""In `app.storage.client` (one page): the card is already there."""
QUIET_FOR = timedelta(days=30)
INSTALL = "() => scene.install().then((outcome) => emit(outcome))"
"""Runs in the browser during the tap itself: the install dialog opens only from a person's gesture."""


def offer_install() -> None:
    """Call from a page after a member's join request or booking went through."""
    if recently_dismissed() or app.storage.client.get(OFFERED_KEY):
        return
    app.storage.client[OFFERED_KEY] = True
    with ui.context.client.content:
        InstallCard()


def recently_dismissed(now: datetime | None = None) -> bool:
    said_no = app.storage.user.get(DISMISSED_KEY)
    if not isinstance(said_no, str):
        return False
    try:
        return (now or utcnow()) - datetime.fromisoformat(said_no) < QUIET_FOR
    except ValueError:
        return False


def remember_dismissal() -> None:
    app.storage.user[DISMISSED_KEY] = utcnow().isoformat()


class InstallCard:
    """A small card above the bottom navigation: Scene's icon, why, and Add / Not now."""

    def __init__(self) -> None:
        with (
            ui.element("div")
            .classes(
                "scene-install-card fixed inset-x-0 z-[2100] px-gutter flex justify-center "
                "pointer-events-none bottom-[calc(4.5rem+env(safe-area-inset-bottom))]"
            )
            .mark("install-card") as self.card,
            ui.row().classes(
                "relative w-full max-w-content pointer-events-auto items-start gap-3 p-4 rounded-card "
                "bg-raised border border-line shadow-2xl flex-nowrap"
            ),
        ):
            ui.element("img").props(f'src="{ICON_192}" alt="" width="48" height="48"').classes(
                "w-12 h-12 rounded-xl shrink-0"
            )
            with ui.column().classes("flex-1 min-w-0 gap-1"):
                ui.label(tx.install_title).classes("text-body font-bold text-ink pe-6")
                ui.label(tx.install_body).classes("text-meta text-muted")
                ui.label(tx.install_ios).classes("scene-install-ios text-meta text-ink")
                with ui.row().classes("scene-install-prompt w-full gap-2 pt-2 items-center flex-nowrap"):
                    add = primary_button(tx.install_add, icon="add_to_home_screen")
                    add.classes("flex-1 min-w-0 px-3").on("click", self.chosen, js_handler=INSTALL)
                    add.mark("install-add")
                    later = ghost_button(tx.install_later, self.dismiss).classes("shrink-0 px-2")
                    later.mark("install-later")
            ui.button(icon="close", on_click=self.dismiss, color=None).props(
                f'flat round dense aria-label="{tx.install_close}"'
            ).classes("absolute top-2 end-2 text-muted").mark("install-close")

    def dismiss(self) -> None:
        remember_dismissal()
        self.card.delete()

    def chosen(self, event: GenericEventArguments) -> None:
        """What the member answered in the browser's install dialog."""
        if event.args == "accepted":
            feedback.done(tx.install_added)
        elif event.args == "dismissed":
            remember_dismissal()
        self.card.delete()
