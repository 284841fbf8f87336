"""The ops page (/admin) for the Scene team: one tab per desk, each loaded when it is opened."""

from __future__ import annotations

from functools import partial

from nicegui import ui

from scene_api.lib.errors import DomainError
from scene_ui import feedback, session
from scene_ui.components.chips import chip, mark
from scene_ui.components.frame import frame
from scene_ui.components.section import page_heading, scroller
from scene_ui.i18n import texts
from scene_ui.pages.admin_activity import AuditPanel, GrowthPanel, MoneyPanel
from scene_ui.pages.admin_members import MembersPanel
from scene_ui.pages.admin_messages import MessagesPanel
from scene_ui.pages.admin_queues import JobsPanel, ReportsPanel
from scene_ui.pages.admin_shared import Panel
from scene_ui.staff import admins_only

tx = texts("admin")
TABS: dict[str, tuple[str, type[Panel]]] = {
    "members": ("group", MembersPanel),
    "reports": ("flag", ReportsPanel),
    "growth": ("trending_up", GrowthPanel),
    "money": ("payments", MoneyPanel),
    "messages": ("sms", MessagesPanel),
    "jobs": ("memory", JobsPanel),
    "audit": ("history", AuditPanel),
}
"""Tab key (the `?tab=` in the address) -> icon, panel; its label is the catalogue's `admin.tab_<key>`."""


def create() -> None:
    ui.page("/admin")(admins_only(ops_page))


async def ops_page(tab: str = "members") -> None:
    member = await session.current_member()
    assert member is not None  # admins_only
    page = OpsPage(tab if tab in TABS else "members")
    await page.open_panel()
    with frame(tx.title, member=member, back="/"):
        page.render()


class OpsPage:
    def __init__(self, tab: str) -> None:
        self.tab = tab
        self.panel: Panel | None = None
        self.chips: dict[str, ui.button] = {}

    async def open_panel(self) -> None:
        panel = TABS[self.tab][1]()
        try:
            await panel.load()
        except DomainError as error:
            feedback.failed(error)
        self.panel = panel

    def render(self) -> None:
        page_heading(tx.heading, tx.subheading)
        with scroller() as row:
            row.props(f'role="tablist" aria-label="{tx.tabs_label}"')
            for key, (icon, _) in TABS.items():
                self.chips[key] = chip(tx(f"tab_{key}"), icon, on_click=partial(self.choose, key)).props(
                    'role="tab"'
                )
                self.chips[key].mark(f"tab-{key}")
        self._mark_chosen()
        self.content()

    async def choose(self, tab: str) -> None:
        if tab == self.tab:
            return
        self.tab = tab
        self._mark_chosen()
        ui.navigate.history.replace(f"/admin?tab={tab}")
        await self.open_panel()
        self.content.refresh()

    def _mark_chosen(self) -> None:
        for key, button in self.chips.items():
            mark(button, key == self.tab)
            # a tab says it is chosen with aria-selected; aria-pressed is for toggle buttons only
            button.props(f'aria-selected="{str(key == self.tab).lower()}"', remove="aria-pressed")

    @ui.refreshable_method
    def content(self) -> None:
        with ui.column().classes("w-full gap-4").mark(f"panel-{self.tab}"):
            if self.panel is not None:
                self.panel.render()
