"""msgspec's words for a refused value (`Expected `str` of length <= 80 - at `$.name``) as a sentence
a person reads, in their language (catalogue section `validation`): for the pages' own input checks
and for the API's 422 answers to readers of another language than English."""

from __future__ import annotations

import re

from scene_api.i18n import Message

RULES: tuple[tuple[str, str], ...] = (
    (r"length <= (\d+)", "at_most_characters"),
    (r"length >= (\d+)", "at_least_characters"),
    (r"`int` >= (-?\d+)", "at_least"),
    (r"`int` <= (-?\d+)", "at_most"),
)


def refused_value(text: str) -> Message:
    """What to fix, from msgspec's description of what was wrong."""
    for pattern, key in RULES:
        if found := re.search(pattern, text):
            return Message(f"validation.{key}", count=found.group(1))
    if re.search(r"Expected `int( \| null)?`", text):
        return Message("validation.whole_number")
    return Message("validation.check_value")
