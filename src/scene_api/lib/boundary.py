"""Input at the boundary: one rule for every value a client sends, checked before any handler runs.

Litestar and msgspec check types and the limits a schema declares; this adds what PostgreSQL and
Python's date arithmetic refuse with a 500 when they meet it further in:

- text holds no NUL or other control character (tab and newline are allowed in long text: a field
  whose declared limit is `LONG_TEXT_FROM` characters or more, such as bios and descriptions);
- dates and datetimes fall within `EARLIEST` .. `LATEST` (a local day near year 1 or 9999 overflows
  when it is turned into UTC);
- integers fit PostgreSQL's INTEGER (every integer column of the schema is one).

`check_request` runs as the app's `before_request` hook: it reads the handler's declared types
(query, path and JSON body) and walks the raw values with `msgspec.inspect`, so every endpoint is
covered without touching it, and a new one is covered the day it is added. A refusal is an
`InvalidInput` (422) naming the field, e.g. `bio` or `tiers[0].name`.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import cache
from typing import Any

import msgspec
from litestar import Request
from litestar.enums import ScopeType

from scene_api.i18n import Message
from scene_api.lib.errors import InvalidInput

EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)
INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1
LONG_TEXT_FROM = 300
"""A text field that may hold this many characters or more is long text: tab and newline allowed."""

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_IN_LONG_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean_text(text: str, *, long_text: bool = False) -> bool:
    """True when `text` holds no control character (tab, newline and CR allowed in long text)."""
    return (_CONTROL_IN_LONG_TEXT if long_text else _CONTROL).search(text) is None


def check_text(text: str, field: str, *, long_text: bool = False) -> None:
    if not clean_text(text, long_text=long_text):
        raise _refused(field, "validation.control_character")


def check_day(day: date, field: str) -> None:
    if not EARLIEST <= day <= LATEST:
        raise _refused(field, "validation.date_out_of_range", earliest=str(EARLIEST), latest=str(LATEST))


def check_integer(number: int, field: str) -> None:
    if not INT32_MIN <= number <= INT32_MAX:
        raise _refused(field, "validation.number_out_of_range", least=str(INT32_MIN), most=str(INT32_MAX))


def _refused(field: str, key: str, **values: str) -> InvalidInput:
    """The refusal of a value, naming its field (`body` for a whole body that is one value)."""
    field = field or "body"
    return InvalidInput(Message(key, field=field, **values), field=field)


_STRUCTS = (msgspec.inspect.StructType, msgspec.inspect.DataclassType)
_SEQUENCES = (
    msgspec.inspect.ListType,
    msgspec.inspect.SetType,
    msgspec.inspect.FrozenSetType,
    msgspec.inspect.VarTupleType,
)


def check_value(value: Any, kind: msgspec.inspect.Type, field: str) -> None:
    """Walk a raw (JSON-decoded or query-string) `value` along its declared type and refuse what
    the database or date arithmetic cannot take. Values of the wrong type are left to msgspec."""
    kind = _unwrapped(kind)
    if isinstance(kind, msgspec.inspect.UnionType):
        member = next((member for member in kind.types if _matches(value, member)), None)
        if member is not None:
            check_value(value, member, field)
    elif isinstance(kind, msgspec.inspect.AnyType):
        _check_untyped(value, field)
    elif isinstance(value, dict):
        _check_mapping(value, kind, field)
    elif isinstance(value, list) and isinstance(kind, _SEQUENCES):
        for index, element in enumerate(value):
            check_value(element, kind.item_type, f"{field}[{index}]")
    else:
        _check_scalar(value, kind, field)


def _check_mapping(value: dict[str, Any], kind: msgspec.inspect.Type, field: str) -> None:
    if isinstance(kind, _STRUCTS):
        for declared in kind.fields:
            if declared.encode_name in value:
                check_value(value[declared.encode_name], declared.type, _joined(field, declared.encode_name))
    elif isinstance(kind, msgspec.inspect.DictType):
        for key, element in value.items():
            check_text(str(key), field)
            check_value(element, kind.value_type, _joined(field, str(key)))


def _check_scalar(value: Any, kind: msgspec.inspect.Type, field: str) -> None:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return
    if isinstance(kind, msgspec.inspect.StrType) and isinstance(value, str):
        check_text(value, field, long_text=kind.max_length is None or kind.max_length >= LONG_TEXT_FROM)
    elif isinstance(kind, msgspec.inspect.IntType) and (number := _integer(value)) is not None:
        check_integer(number, field)
    elif (day := _day(value, kind)) is not None:
        check_day(day, field)


def _day(value: str | int, kind: msgspec.inspect.Type) -> date | None:
    """The calendar day a date or datetime value names; None for other types and for text that msgspec
    will refuse anyway."""
    if not isinstance(value, str):
        return None
    try:
        if isinstance(kind, msgspec.inspect.DateType):
            return date.fromisoformat(value)
        if isinstance(kind, msgspec.inspect.DateTimeType):
            return datetime.fromisoformat(value).date()
    except ValueError:
        return None
    return None


def _check_untyped(value: Any, field: str) -> None:
    """Free-form JSON (a provider's callback): text anywhere in it may still not hold a NUL."""
    if isinstance(value, str):
        check_text(value, field, long_text=True)
    elif isinstance(value, dict):
        for key, element in value.items():
            check_text(str(key), field)
            _check_untyped(element, _joined(field, str(key)))
    elif isinstance(value, list):
        for index, element in enumerate(value):
            _check_untyped(element, f"{field}[{index}]")


def _matches(value: Any, kind: msgspec.inspect.Type) -> bool:
    """Whether the union member `kind` is the one a raw `value` would decode as."""
    kind = _unwrapped(kind)
    if isinstance(kind, msgspec.inspect.NoneType):
        return value is None
    if isinstance(value, dict):
        return isinstance(kind, (*_STRUCTS, msgspec.inspect.DictType))
    if isinstance(value, list):
        return isinstance(kind, _SEQUENCES)
    return value is not None


def _unwrapped(kind: msgspec.inspect.Type) -> msgspec.inspect.Type:
    """The type under `Annotated[..., Meta(...)]` extras (descriptions, examples)."""
    return kind.type if isinstance(kind, msgspec.inspect.Metadata) else kind


def _integer(value: int | str) -> int | None:
    if isinstance(value, int):
        return value
    try:
        return int(value)
    except ValueError:
        return None


def _joined(field: str, name: str) -> str:
    return f"{field}.{name}" if field else name


def _type_info(annotation: Any) -> msgspec.inspect.Type | None:
    """What msgspec makes of a parameter's type, worked out once per type: its inspection cost more CPU
    than the rest of the check together (bench/RESULTS.md, section 11). Keyed by the type, never by the
    route: a route handler holds its whole app, which a cache would keep alive."""
    try:
        return _known_type_info(annotation)
    except TypeError:  # an unhashable annotation: inspected each time
        return _inspect(annotation)


@cache
def _known_type_info(annotation: Any) -> msgspec.inspect.Type | None:
    return _inspect(annotation)


def _inspect(annotation: Any) -> msgspec.inspect.Type | None:
    try:
        return msgspec.inspect.type_info(annotation)
    except (TypeError, ValueError):
        return None


async def check_request(request: Request[Any, Any, Any]) -> None:
    """The `before_request` hook: every query and path value, and a JSON body, against the rule."""
    if request.scope["type"] != ScopeType.HTTP:
        return
    for name, value in request.path_params.items():
        if isinstance(value, str):
            check_text(value, name)
        elif isinstance(value, int) and not isinstance(value, bool):
            check_integer(value, name)
    parameters = request.route_handler.parsed_fn_signature.parameters
    declared = {
        getattr(definition.kwarg_definition, "query", None) or name: definition
        for name, definition in parameters.items()
    }
    for name, value in request.query_params.multi_items():
        check_text(value, name)
        if (definition := declared.get(name)) is not None and (kind := _type_info(definition.annotation)):
            check_value(_single(value, kind), kind, name)
    data = parameters.get("data")
    if data is not None and "json" in request.content_type[0] and (kind := _type_info(data.annotation)):
        body = await request.body()
        if body:
            try:
                decoded = msgspec.json.decode(body)
            except msgspec.DecodeError:
                return  # Litestar refuses it with its own 400
            check_value(decoded, kind, "")


def _single(value: str, kind: msgspec.inspect.Type) -> Any:
    """A query value as the collection a list parameter expects (each `?x=` is one item)."""
    kinds = kind.types if isinstance(kind, msgspec.inspect.UnionType) else (kind,)
    return [value] if any(isinstance(_unwrapped(member), _SEQUENCES) for member in kinds) else value
