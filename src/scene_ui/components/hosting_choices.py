"""Two hosting choices the create wizard and the host's panel share: who gets in at once because
someone the host trusts vouched for them, and whether an activity still short of players is called
off 2 or 1 hours before it starts."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from nicegui import ui

from scene_api.db import models as m
from scene_ui.components.chips import chip, mark
from scene_ui.i18n import texts

tx = texts("hosting")

UNDERFILL_CHOICES: tuple[int | None, ...] = (2, 1, None)
"""Hours before the start (None: never), in the order they are offered."""


def trusted_key(choice: m.TrustedApproval) -> str:
    return f"trusted_{choice.value}"


def underfill_key(hours: int | None) -> str:
    return f"underfill_{hours or 'none'}"


def trusted_choice(value: m.TrustedApproval, on_pick: Callable[[m.TrustedApproval], Any]) -> ui.column:
    """Three options, each with a line saying whose vouch lets a request straight in."""
    with ui.column().classes("w-full gap-2").mark("trusted-approval") as column:
        with ui.column().classes("w-full gap-0.5"):
            ui.label(tx.trusted_title).classes("text-body font-semibold text-ink")
            ui.label(tx.trusted_hint).classes("text-meta text-muted")
        with ui.column().classes("w-full gap-2").props(f'role="radiogroup" aria-label="{tx.trusted_title}"'):
            for choice in m.TrustedApproval:
                picked = choice is value
                tone = "border-accent bg-accent-soft" if picked else "border-line bg-page"
                # text-page: Quasar tints a hovered or focused button in its own colour (q-focus-helper);
                # a light tint dropped the muted hint to 4.35:1 (4.2 focused), a dark one keeps it >= 4.6
                with (
                    ui.button(color=None, on_click=partial(on_pick, choice))
                    .props(
                        f'unelevated no-caps align="left" role="radio" aria-checked="{str(picked).lower()}"'
                    )
                    .classes(f"w-full min-h-14 px-3 py-2 rounded-2xl border text-start text-page {tone}")
                    .mark(f"trusted-{choice.value}"),
                    ui.row().classes("w-full items-center gap-3 flex-nowrap"),
                ):
                    with ui.column().classes("flex-1 min-w-0 gap-0 items-start"):
                        ui.label(tx(trusted_key(choice))).classes("text-body font-semibold text-ink")
                        ui.label(tx(f"{trusted_key(choice)}_hint")).classes(
                            "text-meta text-muted text-start normal-case"
                        )
                    ui.icon("radio_button_checked" if picked else "radio_button_unchecked").classes(
                        f"text-xl shrink-0 {'text-accent' if picked else 'text-muted'}"
                    )
    return column


def underfill_choice(value: int | None, on_pick: Callable[[int | None], Any]) -> ui.column:
    """`2 h before / 1 h before / Don't cancel`, as chips."""
    with ui.column().classes("w-full gap-2").mark("underfill") as column:
        with ui.column().classes("w-full gap-0.5"):
            ui.label(tx.underfill_title).classes("text-body font-semibold text-ink")
            ui.label(tx.underfill_hint).classes("text-meta text-muted")
        with ui.row().classes("w-full gap-2").props(f'role="group" aria-label="{tx.underfill_title}"'):
            for hours in UNDERFILL_CHOICES:
                button = chip(tx(underfill_key(hours)), on_click=partial(on_pick, hours))
                button.mark(f"underfill-{hours or 'none'}")
                mark(button, hours == value)
    return column


def approval_summary(auto_approve: bool, trusted: m.TrustedApproval) -> str:
    """How requests get in, in a few words (the wizard's review)."""
    if auto_approve:
        return tx.summary_everyone
    if trusted is m.TrustedApproval.NONE:
        return tx.summary_manual
    return tx(f"summary_{trusted.value}")


def underfill_summary(hours: int | None) -> str:
    return tx("summary_underfill", hours=hours) if hours else tx.summary_no_underfill
