"""Declarative base and column helpers shared by every model."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from advanced_alchemy.base import UUIDv7AuditBase
from advanced_alchemy.types import DateTimeUTC

Base = UUIDv7AuditBase
"""UUIDv7 primary key (time ordered) plus UTC `created_at` / `updated_at` on every table."""

metadata = Base.metadata


def enum_type(enum_cls: type[enum.Enum], *, name: str | None = None, length: int = 24) -> sa.Enum:
    """A VARCHAR with a CHECK constraint listing the enum's values (no native PG enum to migrate).

    `name` names the CHECK constraint; give one when a table has two columns of the same enum.
    """
    return sa.Enum(
        enum_cls,
        name=name or enum_cls.__name__.lower(),
        native_enum=False,
        create_constraint=True,
        length=length,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


def utc_datetime() -> DateTimeUTC:
    return DateTimeUTC(timezone=True)


def fk(target: str, *, ondelete: str = "CASCADE", **kwargs: Any) -> sa.ForeignKey:
    return sa.ForeignKey(target, ondelete=ondelete, **kwargs)


__all__ = ["Base", "datetime", "enum_type", "fk", "metadata", "utc_datetime"]
