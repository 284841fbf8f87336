"""Making a race happen on purpose, for the tests that show what a lock or an atomic step prevents."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

WAIT_SECONDS = 5.0


class Together:
    """A meeting point: each request that calls `meet()` waits until `expected` have arrived (or
    `WAIT_SECONDS` passed), so they all read before any writes, however busy the machine is."""

    def __init__(self, expected: int) -> None:
        self.expected = expected
        self.arrived = 0
        self.everyone = asyncio.Event()

    async def meet(self) -> None:
        self.arrived += 1
        if self.arrived >= self.expected:
            self.everyone.set()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.everyone.wait(), WAIT_SECONDS)


def count_together(monkeypatch: pytest.MonkeyPatch, owner: type, name: str, racers: int) -> None:
    """Make `owner.name` (a method that counts a member's rows) meet the other racers after counting."""
    count: Callable[..., Awaitable[Any]] = getattr(owner, name)
    together = Together(racers)

    async def count_then_meet(*args: Any, **kwargs: Any) -> Any:
        counted = await count(*args, **kwargs)
        await together.meet()
        return counted

    monkeypatch.setattr(owner, name, count_then_meet)
