"""The ops page's Messages tab: delivery per channel and kind for a period, what providers charged, the
commonest errors and the latest refused callbacks (never a message's text or a phone number)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from nicegui import ui

from scene_api.db import models as m
from scene_api.domain.ops import schemas as ops_s
from scene_api.lib.timezone import to_local
from scene_ui import formats
from scene_ui.formats import short_date
from scene_ui.i18n import Labels, labels, texts
from scene_ui.pages.admin_shared import (
    Filters,
    Panel,
    as_admin,
    pill,
    quiet_note,
    table,
    table_row,
)

PAGE = "admin_messages"
tx = texts(PAGE)
T = TypeVar("T")

PERIODS: Labels[int] = Labels(PAGE, {1: "period_today", 7: "period_week", 30: "period_month"})
"""Days back (1: today) -> the chip's label."""
DEFAULT_DAYS = 7
CHANNELS = labels(PAGE, "channel_", m.Channel)
STATUSES = labels(PAGE, "status_", m.DeliveryStatus)
SHOWN_STATUSES = (
    m.DeliveryStatus.QUEUED,
    m.DeliveryStatus.SENT,
    m.DeliveryStatus.DELIVERED,
    m.DeliveryStatus.READ,
    m.DeliveryStatus.FAILED,
    m.DeliveryStatus.SKIPPED,
)
"""`sending` lasts the length of a provider call; it shows only when a message is caught in it."""


def rate_tone(rate: float | None) -> str:
    if rate is None:
        return "quiet"
    return "good" if rate >= 0.95 else "warn" if rate >= 0.8 else "bad"


def percent(rate: float) -> str:
    return f"{rate:.0%}"


def amount(cost: ops_s.ProviderCost) -> str:
    """`USD 0.0237`: a provider's price as precise as it reported it."""
    return f"{cost.currency} {format(cost.amount.normalize(), ',f')}"


class MessagesPanel(Panel):
    def __init__(self) -> None:
        self.days = DEFAULT_DAYS
        self.stats: ops_s.MessageStats | None = None
        self.periods = Filters(PERIODS, DEFAULT_DAYS, self.choose_period)

    async def load(self) -> None:
        days = self.days
        stats = await as_admin(lambda services, me: services.admin.message_stats(me, days=days))
        if days == self.days:
            self.stats = stats

    def render(self) -> None:
        self.periods.render("message-period")
        self.view()

    async def choose_period(self, days: int) -> None:
        self.days = days
        await self.load()
        self.view.refresh()

    @ui.refreshable_method
    def view(self) -> None:
        stats = self.stats
        if stats is None:
            return
        ui.label(tx("since", day=short_date(to_local(stats.since).date()))).classes("text-meta text-muted")
        if not any(channel.counts.total for channel in stats.channels):
            quiet_note(tx.no_messages)
        else:
            for channel in stats.channels:
                _channel_card(channel)
        _titled_table(tx.errors, tx.no_errors, "message-errors", stats.errors, _error)
        _titled_table(tx.rejected, tx.no_rejected, "rejected-webhooks", stats.rejected_webhooks, _rejected)


def _channel_card(channel: ops_s.ChannelDelivery) -> None:
    counts = channel.counts
    with (
        ui.column()
        .classes("w-full gap-3 p-4 rounded-card bg-surface border border-line")
        .mark(f"channel-{channel.channel.value}")
    ):
        with ui.row().classes("w-full items-center gap-2 flex-nowrap"):
            with ui.column().classes("flex-1 min-w-0 gap-0"):
                ui.label(CHANNELS[channel.channel]).classes("text-title font-bold text-ink")
                ui.label(
                    tx("messages", count=f"{counts.total:,}", s="" if counts.total == 1 else "s")
                ).classes("text-meta text-muted")
            rate = counts.delivery_rate
            pill(tx("rate", percent=percent(rate)) if rate is not None else tx.no_rate, rate_tone(rate)).mark(
                f"rate-{channel.channel.value}"
            )
        if not counts.total:
            return
        _status_grid(counts)
        if channel.channel is m.Channel.PUSH:
            ui.label(tx.push_note).classes("text-label text-muted")
        _costs(channel.costs)
        _kinds(channel.kinds)


def _status_grid(counts: ops_s.DeliveryCounts) -> None:
    shown = [*SHOWN_STATUSES, m.DeliveryStatus.SENDING] if counts.sending else SHOWN_STATUSES
    with ui.element("div").classes("w-full grid grid-cols-3 gap-px rounded-lg overflow-hidden bg-line"):
        for status in shown:
            count = getattr(counts, status.value)
            tone = "text-danger" if status is m.DeliveryStatus.FAILED and count else "text-ink"
            with ui.column().classes("min-w-0 gap-0 px-3 py-2 bg-surface"):
                ui.label(f"{count:,}").classes(f"text-body font-extrabold {tone}")
                ui.label(STATUSES[status]).classes("text-label text-muted uppercase tracking-wide truncate")


def _costs(costs: list[ops_s.ProviderCost]) -> None:
    with ui.row().classes("w-full items-baseline gap-x-3 gap-y-1"):
        ui.label(tx.cost).classes("text-label font-bold uppercase tracking-wider text-muted")
        if not costs:
            ui.label(tx.no_cost).classes("text-meta text-muted")
        for cost in costs:
            ui.label(amount(cost)).classes("text-meta font-bold text-ink").props(
                f'title="{tx("priced", count=cost.messages)}"'
            )


TOTAL_COLUMN = "w-14 shrink-0 text-end whitespace-nowrap"
RATE_COLUMN = "w-20 shrink-0 text-end whitespace-nowrap"


def _kinds(kinds: list[ops_s.KindDelivery]) -> None:
    with ui.column().classes("w-full gap-0"):
        with ui.row().classes("w-full items-baseline gap-2 flex-nowrap pb-1 border-b border-line"):
            for text, column in (
                (tx.by_kind, "flex-1"),
                (tx.kind_total, TOTAL_COLUMN),
                (tx.kind_rate, RATE_COLUMN),
            ):
                ui.label(text).classes(f"{column} text-label font-bold uppercase tracking-wider text-muted")
        for kind in kinds:
            counts = kind.counts
            with ui.row().classes("w-full items-center gap-2 flex-nowrap py-1.5").mark(f"kind-{kind.kind}"):
                with ui.row().classes("flex-1 min-w-0 items-baseline gap-2 flex-nowrap"):
                    ui.label(kind.kind).classes("min-w-0 text-meta text-ink font-mono truncate")
                    if counts.failed:
                        ui.label(tx("failed", count=counts.failed)).classes(
                            "text-label font-semibold text-danger whitespace-nowrap"
                        )
                ui.label(f"{counts.total:,}").classes(f"{TOTAL_COLUMN} text-meta font-bold text-ink")
                rate = counts.delivery_rate
                ui.label(percent(rate) if rate is not None else "\u2013").classes(
                    f"{RATE_COLUMN} text-meta text-muted"
                )


def _section_title(text: str) -> None:
    ui.label(text).classes("text-title font-bold text-ink pt-2")


def _titled_table(
    title: str, empty: str, marker: str, rows: Sequence[T], row: Callable[[T, bool], None]
) -> None:
    """One of the tab's lists under its title: a quiet note when it is empty, else a table of `rows`, each
    drawn by `row(item, first)`."""
    _section_title(title)
    if not rows:
        quiet_note(empty)
        return
    with table() as card:
        card.mark(marker)
        for index, item in enumerate(rows):
            row(item, index == 0)


def _error(error: ops_s.ErrorCount, first: bool) -> None:
    with table_row(f"error-{error.error_code}", first=first):
        with ui.row().classes("w-full items-baseline gap-2 flex-nowrap"):
            ui.label(error.error_code).classes(
                "flex-1 min-w-0 text-body font-bold text-ink font-mono truncate"
            )
            ui.label(tx("times", count=f"{error.count:,}")).classes(
                "text-meta font-bold text-danger whitespace-nowrap"
            )
        ui.label(f"{CHANNELS[error.channel]} \u00b7 {error.provider}").classes("text-meta text-muted")


def _rejected(entry: ops_s.RejectedWebhookEntry, first: bool) -> None:
    with table_row(f"rejected-{entry.provider}", first=first):
        with ui.row().classes("w-full items-baseline gap-2 flex-nowrap"):
            ui.label(entry.provider).classes("flex-1 min-w-0 text-body font-bold text-ink truncate")
            ui.label(formats.ago(entry.received_at)).classes("text-label text-muted whitespace-nowrap")
        ui.label(entry.reason).classes("text-meta text-muted break-words")
        if entry.remote_addr:
            ui.label(tx("from_address", address=entry.remote_addr)).classes(
                "text-meta text-muted font-mono break-all"
            )
