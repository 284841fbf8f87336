"""Phone numbers: parsed with region PK, stored E.164."""

from __future__ import annotations

import phonenumbers

from scene_api.i18n import Message
from scene_api.lib.errors import InvalidInput


def parse_phone(raw: str) -> str:
    """`0300 1234567`, `+92 300 1234567` or `923001234567` -> `+923001234567`; anything else is a 422."""
    invalid = InvalidInput(Message("errors_lib.mobile_number"), field="phone")
    cleaned = raw.strip()
    if cleaned.startswith("92") and not cleaned.startswith("+"):
        cleaned = f"+{cleaned}"
    try:
        number = phonenumbers.parse(cleaned, "PK")
    except phonenumbers.NumberParseException as exc:
        raise invalid from exc
    if not phonenumbers.is_valid_number(number):
        raise invalid
    if phonenumbers.number_type(number) not in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    ):
        raise invalid
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
