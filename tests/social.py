"""Helpers for the member, trust and safety tests: signed-in people and rows arranged in the database."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from PIL import Image

from scene_api.db import models as m
from scene_api.lib.timezone import utcnow
from scene_api.runtime import Runtime
from tests.helpers import create_member, sign_in


@dataclass
class Person:
    user: m.User
    headers: dict[str, str]
    phone: str

    @property
    def id(self) -> UUID:
        return self.user.id


async def person(runtime: Runtime, number: int, handle: str | None = None, **fields: Any) -> Person:
    """Member number `number` (phone +92 300 000 0NNN), signed in."""
    phone = f"+92300{number:07d}"
    user = await create_member(runtime, phone, handle=handle or f"member_{number}", **fields)
    return Person(user, await sign_in(runtime, user), phone)


async def people(runtime: Runtime, *handles: str) -> list[Person]:
    """One signed-in member per handle, numbered from 1."""
    return [await person(runtime, number, handle) for number, handle in enumerate(handles, start=1)]


async def arrange(runtime: Runtime, *rows: Any) -> None:
    """Store rows (vouches, blocks, circles...) directly, in one transaction."""
    async with runtime.session_factory() as session:
        for row in rows:
            session.add(row)
            await session.flush()
        await session.commit()


def a_minute_apart(*rows: Any) -> tuple[Any, ...]:
    """Rows dated newest first, a minute apart, so that newest-first pages have a known order."""
    now = utcnow()
    for age, row in enumerate(rows):
        row.created_at = now - timedelta(minutes=age)
    return rows


async def count(runtime: Runtime, model: Any, *where: Any) -> int:
    async with runtime.session_factory() as session:
        return int(await session.scalar(sa.select(sa.func.count()).select_from(model).where(*where)) or 0)


def picture(kind: str = "PNG", size: tuple[int, int] = (800, 600), mode: str = "RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, (200, 30, 90) if mode == "RGB" else 0).save(out, kind)
    return out.getvalue()


async def every_page(client: Any, path: str, headers: dict[str, str], **params: Any) -> list[Any]:
    """The items of every page of a list, following `next_cursor` to the end."""
    items: list[Any] = []
    cursor = None
    while True:
        answer = await client.get(
            path, params=params | ({"cursor": cursor} if cursor else {}), headers=headers
        )
        assert answer.status_code == 200, answer.text
        items += answer.json()["items"]
        if not (cursor := answer.json()["next_cursor"]):
            return items
