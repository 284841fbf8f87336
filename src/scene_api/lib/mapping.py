"""Between database rows and schemas: the fields of the same name are copied, not listed by hand
(rows to response schemas with `from_row`, create requests to new rows with `new_row`)."""

from __future__ import annotations

from typing import Any, TypeVar

import msgspec
import sqlalchemy as sa

Schema = TypeVar("Schema", bound=msgspec.Struct)
Row = TypeVar("Row")


def from_row(schema: type[Schema], row: object, **computed: Any) -> Schema:
    """`schema` filled from `row`'s attributes of the same names, and from `computed` for the fields
    the row has not or shows differently (these win). A field neither gives takes its default.

    `row` may be an ORM row or another schema. Relationships are never loaded (they raise): pass
    what they hold in `computed`, e.g. `host=person_summary(host)`."""
    kind = type(row)
    copied = {
        name: getattr(row, name)
        for name in schema.__struct_fields__
        if name not in computed and hasattr(kind, name)
    }
    return msgspec.convert(copied | computed, schema)


def new_row(model: type[Row], request: msgspec.Struct, **computed: Any) -> Row:
    """A new `model` row from a create request: the request's fields that are columns of `model`,
    plain text trimmed (a title sent as " Padel " is stored "Padel"; enum members stay as they
    are), and `computed` for the columns the request has not or that are worked out from it
    (these win: the place columns over the raw `city`, `lat`, `lng`). Fields that are no column
    (`circle_ids`, an event's `tiers`) are left to the caller."""
    columns = sa.inspect(model).column_attrs.keys()
    copied = {
        name: _trimmed(getattr(request, name))
        for name in request.__struct_fields__
        if name in columns and name not in computed
    }
    return model(**copied, **computed)


def _trimmed(value: Any) -> Any:
    return value.strip() if type(value) is str else value
