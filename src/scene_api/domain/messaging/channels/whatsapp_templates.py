"""The WhatsApp message templates Scene has submitted for approval, and which message kinds use them.

WhatsApp lets a business start a conversation only with a template approved in WhatsApp Manager, so
every kind sent by WhatsApp names one here. A template is approved per language (`en`, `ur`) with
fixed wording; Scene fills its placeholders from the already translated `OutgoingMessage`. The
wording each template was submitted with is in docs/messaging.md ("WhatsApp Business Cloud API").
A kind missing from `TEMPLATE_FOR_KIND` is not sent by WhatsApp: the router skips the channel.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class TemplateCategory(enum.StrEnum):
    """Meta's template categories, which decide the price and the review rules."""

    AUTHENTICATION = "AUTHENTICATION"
    UTILITY = "UTILITY"


@dataclass(frozen=True)
class Template:
    name: str
    category: TemplateCategory
    body_fields: tuple[str, ...]
    """The `OutgoingMessage` fields that fill the body's {{1}}, {{2}}, ... in order."""
    button: str
    """The one button's parameter: `code` (the copy-code button of an authentication template, which
    carries the code) or `link` (a URL button whose approved URL is `{public_url}/{{1}}`, filled with
    the path of `message.link`)."""


SIGN_IN_CODE = Template("scene_sign_in_code", TemplateCategory.AUTHENTICATION, ("code",), "code")
REQUEST_APPROVED = Template("scene_request_approved", TemplateCategory.UTILITY, ("title", "body"), "link")
WAITLIST_OFFER = Template("scene_waitlist_offer", TemplateCategory.UTILITY, ("title", "body"), "link")
CONFIRMED = Template("scene_confirmed", TemplateCategory.UTILITY, ("title", "body"), "link")
REMINDER = Template("scene_reminder", TemplateCategory.UTILITY, ("title", "body"), "link")
CANCELLED = Template("scene_cancelled", TemplateCategory.UTILITY, ("title", "body"), "link")

TEMPLATE_FOR_KIND: dict[str, Template] = {
    "code": SIGN_IN_CODE,
    "join_approved": REQUEST_APPROVED,
    "event_request_approved": REQUEST_APPROVED,
    "waitlist_offer": WAITLIST_OFFER,
    "waitlist_offer_lapsing": WAITLIST_OFFER,
    "booking_confirmed": CONFIRMED,
    "order_paid": CONFIRMED,
    "activity_reminder": REMINDER,
    "event_reminder": REMINDER,
    "booking_reminder": REMINDER,
    "hold_lapsing": REMINDER,
    "activity_cancelled": CANCELLED,
    "event_cancelled": CANCELLED,
    "booking_cancelled": CANCELLED,
}
"""Every kind WhatsApp carries. Others (a host's new request, a rejected request, an expired order,
...) stay in-app, push and SMS: each new template is one more review by Meta, so only messages a
member must not miss outside the app have one."""

LANGUAGES = ("en", "ur")
"""The languages every template is approved in (Meta's language codes)."""
