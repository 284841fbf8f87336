"""An activity in a list: what, when, where, how many spots, what it costs, and who hosts it."""

from __future__ import annotations

from contextlib import nullcontext
from datetime import datetime

from nicegui import ui

from scene_api.db import models as m
from scene_api.domain.activities import schemas as s
from scene_ui import formats
from scene_ui.components.activity_type import ICONS, LABELS
from scene_ui.components.avatar import avatar
from scene_ui.i18n import texts

tx = texts("activity_card")


def spots_label(spots_left: int) -> str:
    """`2 spots left`, `1 spot left`, `Full`."""
    if spots_left <= 0:
        return tx.full
    return tx("spot_left" if spots_left == 1 else "spots_left", count=spots_left)


def level_label(skill_min: int, skill_max: int) -> str:
    """`All levels` for 1-5, else `Level 2-4` (or `Level 3` when both ends meet)."""
    if (skill_min, skill_max) == (1, 5):
        return tx.all_levels
    if skill_min == skill_max:
        return tx("level", level=skill_min)
    return tx("level", level=f"{skill_min}\u2013{skill_max}")


def activity_path(activity_id: object) -> str:
    return f"/activities/{activity_id}"


def activity_card(
    activity: s.Activity, *, now: datetime | None = None, target: str | None = None, width: str = "w-full"
) -> ui.element:
    """`target` makes the whole card a link (to the detail or share page); `width` sizes it in a scroller."""
    outer = ui.link(target=target).classes(f"{width} block no-underline") if target else None
    with (
        outer or nullcontext(),
        ui.element("article").classes(
            f"{'w-full' if outer else width} h-full flex flex-col gap-3 p-4 rounded-card bg-surface "
            "border border-line"
        ) as card,
    ):
        with ui.row().classes("w-full items-start gap-2 flex-nowrap"):
            with ui.row().classes("flex-1 min-w-0 gap-2"):
                _type_chip(activity.type)
                _quiet_chip(level_label(activity.skill_min, activity.skill_max))
                if activity.audience is m.Audience.WOMEN_ONLY:
                    _quiet_chip(tx.women_only)
            _price(activity.cost_pkr)
        ui.label(activity.title).classes("text-card font-semibold text-ink line-clamp-2")
        with ui.column().classes("w-full min-w-0 gap-1.5"):
            _fact("schedule", formats.when(activity.starts_at, now=now))
            if place := _place(activity):
                _fact("place", place)
        with ui.row().classes("w-full items-center gap-2 pt-3 mt-auto border-t border-line flex-nowrap"):
            avatar(activity.host.name, activity.host.avatar_url, size=28)
            ui.label(activity.host.name).classes("text-meta font-medium text-ink truncate min-w-0")
            ui.space()
            _spots(activity.spots_left)
    return outer or card


def _type_chip(activity_type: m.ActivityType) -> None:
    with ui.row().classes("items-center gap-1 h-7 pl-2 pr-2.5 rounded-full bg-raised flex-nowrap"):
        ui.icon(ICONS[activity_type]).classes("text-base text-accent")
        ui.label(LABELS[activity_type]).classes("text-meta font-semibold text-accent whitespace-nowrap")


def _quiet_chip(text: str) -> None:
    ui.label(text).classes(
        "h-7 px-2.5 rounded-full border border-line text-meta text-muted whitespace-nowrap flex items-center"
    )


def _price(cost_pkr: int) -> None:
    tone = "text-accent" if cost_pkr == 0 else "text-ink"
    ui.label(formats.rupees(cost_pkr)).classes(
        f"h-7 flex items-center text-body font-bold whitespace-nowrap {tone}"
    )


def _fact(icon: str, text: str) -> None:
    with ui.row().classes("w-full items-center gap-2 flex-nowrap min-w-0"):
        ui.icon(icon).classes("text-muted text-lg shrink-0")
        ui.label(text).classes("text-body text-muted truncate")


def _place(activity: s.Activity) -> str:
    return " \u00b7 ".join(part for part in (activity.place_name, activity.city) if part)


def _spots(spots_left: int) -> None:
    tone = "bg-accent text-on-accent" if spots_left > 0 else "bg-raised text-muted"
    ui.label(spots_label(spots_left)).classes(
        f"h-7 px-3 rounded-full text-meta font-semibold whitespace-nowrap flex items-center {tone}"
    )
