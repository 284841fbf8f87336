"""From database rows to response schemas: the fields of the same name are copied, not listed by hand."""

from __future__ import annotations

from typing import Any, TypeVar

import msgspec

Schema = TypeVar("Schema", bound=msgspec.Struct)


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
