"""Cursor pagination: lists answer `{"items": [...], "next_cursor": "..." | null}`."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, Generic, TypeVar, TypeVarTuple
from uuid import UUID

import msgspec
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import QueryableAttribute

from scene_api.i18n import Message
from scene_api.lib.errors import InvalidInput

T = TypeVar("T")
R = TypeVar("R")
Ts = TypeVarTuple("Ts")

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
BAD_CURSOR = Message("errors_lib.bad_cursor")


class Page(msgspec.Struct, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


def encode_cursor(*values: Any) -> str:
    raw = json.dumps([str(value) for value in values], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, size: int) -> list[str]:
    """The values a cursor carries; a cursor that was not made by `encode_cursor` is a 422."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise InvalidInput(BAD_CURSOR, field="cursor") from exc
    if not isinstance(values, list) or len(values) != size or not all(isinstance(v, str) for v in values):
        raise InvalidInput(BAD_CURSOR, field="cursor")
    return values


def decode_position(
    cursor: str, parse_key: Callable[[str], Any] = datetime.fromisoformat
) -> tuple[Any, UUID]:
    """The `(sort key, id)` a cursor made from a row's position carries, the key read by `parse_key`
    (a time unless told); a cursor that does not hold one is a 422."""
    key, row_id = decode_cursor(cursor, 2)
    try:
        return parse_key(key), UUID(row_id)
    except ValueError as exc:
        raise InvalidInput(BAD_CURSOR, field="cursor") from exc


def clamp_limit(limit: int | None) -> int:
    if limit is None:
        return DEFAULT_LIMIT
    if limit < 1 or limit > MAX_LIMIT:
        raise InvalidInput(Message("errors_lib.limit_range", most=MAX_LIMIT), field="limit")
    return limit


def page_of(
    rows: Sequence[R], size: int, item: Callable[[R], T], position: Callable[[R], tuple[Any, ...]]
) -> Page[T]:
    """A page from a query that fetched `size + 1` rows: the extra row only says that more follow."""
    shown = rows[:size]
    next_cursor = encode_cursor(*position(shown[-1])) if len(rows) > size else None
    return Page(items=[item(row) for row in shown], next_cursor=next_cursor)


def newest_first(
    query: sa.Select[*Ts],
    created_at: QueryableAttribute[datetime],
    row_id: QueryableAttribute[UUID],
    *,
    cursor: str | None,
    size: int,
) -> sa.Select[*Ts]:
    """Order newest first, start after `cursor` (made from `(created_at, id)`), fetch `size + 1` rows."""
    if cursor:
        query = query.where(sa.tuple_(created_at, row_id) < decode_position(cursor))
    return query.order_by(created_at.desc(), row_id.desc()).limit(size + 1)


async def newest_first_page(
    session: AsyncSession,
    query: sa.Select[*Ts],
    entity: Any,
    item: Callable[..., T],
    *,
    limit: int | None,
    cursor: str | None,
) -> Page[T]:
    """One page of `query`, newest `entity` first; `entity` (a model with `created_at` and `id`) is
    the first thing `query` selects, and `item` turns each row's columns into what the page lists."""
    size = clamp_limit(limit)
    ordered = newest_first(query, entity.created_at, entity.id, cursor=cursor, size=size)
    rows: Sequence[Any] = (await session.execute(ordered)).all()
    return page_of(rows, size, lambda row: item(*row), lambda row: (row[0].created_at, row[0].id))
