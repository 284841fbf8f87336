"""Input boxes the forms share."""

from __future__ import annotations

from nicegui import ui


def long_text(
    label: str, *, value: str = "", placeholder: str | None = None, limit: int | None = None
) -> ui.textarea:
    """The box for a longer text (a description, a reason): outlined, the form's width, growing with what is
    typed; at most `limit` characters when given."""
    props = f"outlined autogrow maxlength={limit}" if limit else "outlined autogrow"
    return ui.textarea(label, value=value, placeholder=placeholder).props(props).classes("w-full")
