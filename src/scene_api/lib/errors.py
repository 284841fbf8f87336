"""Domain errors and how every error becomes `{"error": {"code", "message", "details"}}`."""

from __future__ import annotations

import logging
from typing import Any

from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, NotAuthorizedException, ValidationException
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR
from litestar.types import ExceptionHandlersMap
from sqlalchemy.exc import IntegrityError

log = logging.getLogger(__name__)


class DomainError(Exception):
    """A rule said no. Services raise these; the API and the UI show `message` to the person.

    `keep_changes=True` commits what the unit of work wrote before the error travels on: for the
    few refusals that must leave a trace (a wrong OTP counts an attempt, a reused refresh token
    revokes its family).
    """

    status_code = 400
    code = "bad_request"

    def __init__(
        self,
        message: str,
        *,
        details: dict[str, Any] | None = None,
        code: str | None = None,
        keep_changes: bool = False,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or {}
        self.keep_changes = keep_changes
        if code is not None:
            self.code = code


class InvalidInput(DomainError):
    """Input a rule refused. `field` names what to fix: details become {"fields": {field: message}}."""

    status_code = 422
    code = "invalid"

    def __init__(self, message: str, *, field: str | None = None, **kwargs: Any) -> None:
        if field is not None:
            kwargs["details"] = {"fields": {field: message}} | kwargs.get("details", {})
        super().__init__(message, **kwargs)


class NotAuthenticated(DomainError):
    status_code = 401
    code = "not_authenticated"


class PermissionDenied(DomainError):
    status_code = 403
    code = "forbidden"


class NotFound(DomainError):
    status_code = 404
    code = "not_found"


class Conflict(DomainError):
    status_code = 409
    code = "conflict"


class RateLimited(DomainError):
    status_code = 429
    code = "rate_limited"

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message, details={"retry_after": retry_after})
        self.retry_after = retry_after


CONSTRAINT_MESSAGES: dict[str, str] = {
    "uq_vouches_pair": "You have already vouched for this member.",
    "ck_vouches_no_self_vouch": "You cannot vouch for yourself.",
    "no_overlapping_live_bookings": "That slot was just taken. Pick another time or court.",
    "ck_activities_seats_within_capacity": "This activity is full.",
    "uq_bookings_live_activity": "This activity already holds a court.",
    "ck_ticket_tiers_sold_within_quantity": "Not enough tickets left in this tier.",
    "ck_events_sold_within_capacity": "This event is sold out.",
    "uq_blocks_pair": "You have already blocked this member.",
    "uq_users_handle": "That handle is taken.",
    "uq_join_requests_live_activity": "You already have a request for this activity.",
    "uq_join_requests_live_event": "You already have a request for this event.",
    "uq_circle_members_pair": "Already a member of this circle.",
    "uq_circles_slug": "A circle with that name was created at the same moment; try again.",
    "uq_venues_slug": "That venue address (slug) is taken; pick another.",
    "uq_courts_venue_name": "This venue already has a court with that name.",
    "uq_opening_hours_venue_weekday": "The hours were changed at the same moment; try again.",
    "uq_special_hours_venue_day": "The hours were changed at the same moment; try again.",
    "uq_price_rules_venue_duration": "The prices were changed at the same moment; try again.",
}


def constraint_name(error: IntegrityError) -> str:
    orig = getattr(error, "orig", None)
    name = getattr(orig, "constraint_name", None) or getattr(
        getattr(orig, "__cause__", None), "constraint_name", None
    )
    return str(name or "")


def conflict_from_integrity(error: IntegrityError) -> Conflict:
    """Turn a constraint the database enforced into a clear 409 (never a 500)."""
    name = constraint_name(error)
    message = CONSTRAINT_MESSAGES.get(name, "This conflicts with existing data.")
    return Conflict(message, details={"constraint": name} if name else {})


def _body(code: str, message: str, details: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details or {}}}


def domain_error_handler(_: Request[Any, Any, Any], exc: DomainError) -> Response[Any]:
    headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, RateLimited) else None
    return Response(
        _body(exc.code, exc.message, exc.details),
        status_code=exc.status_code,
        headers=headers,
        media_type=MediaType.JSON,
    )


def integrity_error_handler(request: Request[Any, Any, Any], exc: IntegrityError) -> Response[Any]:
    return domain_error_handler(request, conflict_from_integrity(exc))


def _validation_details(exc: ValidationException) -> dict[str, Any]:
    fields: dict[str, str] = {}
    for item in exc.extra if isinstance(exc.extra, list) else []:
        if isinstance(item, dict):
            key = str(item.get("key") or item.get("source") or "body")
            fields[key] = str(item.get("message", "is invalid"))
    return {"fields": fields} if fields else {}


def http_error_handler(_: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    if isinstance(exc, ValidationException):
        details = _validation_details(exc)
        names = ", ".join(details.get("fields", {})) or "request"
        message = (
            f"Invalid {names}: " + "; ".join(details.get("fields", {}).values()) if details else exc.detail
        )
        return Response(_body("invalid", message, details), status_code=422, media_type=MediaType.JSON)
    code = "not_authenticated" if isinstance(exc, NotAuthorizedException) else _code_for(exc.status_code)
    return Response(
        _body(code, exc.detail, exc.extra if isinstance(exc.extra, dict) else None),
        status_code=exc.status_code,
        headers=exc.headers,
        media_type=MediaType.JSON,
    )


def unexpected_error_handler(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return Response(
        _body("internal_error", "Something went wrong on our side. Please try again."),
        status_code=HTTP_500_INTERNAL_SERVER_ERROR,
        media_type=MediaType.JSON,
    )


def _code_for(status_code: int) -> str:
    return {
        400: "bad_request",
        401: "not_authenticated",
        403: "forbidden",
        404: "not_found",
        405: "method_not_allowed",
        409: "conflict",
        413: "too_large",
        429: "rate_limited",
    }.get(status_code, "error")


exception_handlers: ExceptionHandlersMap = {
    DomainError: domain_error_handler,
    IntegrityError: integrity_error_handler,
    HTTPException: http_error_handler,
    Exception: unexpected_error_handler,
}
