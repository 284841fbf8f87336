"""Domain errors and how every error becomes `{"error": {"code", "message", "details"}}`."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from asyncpg.exceptions import DataError as PostgresDataError
from asyncpg.exceptions import OperatorInterventionError, PostgresConnectionError
from asyncpg.exceptions._base import DataError as DriverDataError
from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, NotAuthorizedException, ValidationException
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR
from litestar.types import ExceptionHandlersMap
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError
from urllib3.exceptions import MaxRetryError

from scene_api.i18n import DEFAULT, Message, en, render, valid
from scene_api.lib.validation import refused_value

log = logging.getLogger(__name__)


class DomainError(Exception):
    """A rule said no. Services raise these; the API and the UI show the message to the person in
    their language (`message_in`): services pass a catalogue `Message` (or, for text that is not
    translated, a plain string). `message` is the English text, for logs and English readers.

    `keep_changes=True` commits what the unit of work wrote before the error travels on: for the
    few refusals that must leave a trace (a wrong OTP counts an attempt, a reused refresh token
    revokes its family).
    """

    status_code = 400
    code = "bad_request"

    def __init__(
        self,
        message: Message | str,
        *,
        details: dict[str, Any] | None = None,
        code: str | None = None,
        keep_changes: bool = False,
    ) -> None:
        self.said = message
        self.message = render(message, DEFAULT)
        super().__init__(self.message)
        self.details = details or {}
        self.keep_changes = keep_changes
        if code is not None:
            self.code = code

    def message_in(self, language: str) -> str:
        return render(self.said, language)

    def details_in(self, language: str) -> dict[str, Any]:
        return self.details


class InvalidInput(DomainError):
    """Input a rule refused. `field` names what to fix: details become {"fields": {field: message}}."""

    status_code = 422
    code = "invalid"

    def __init__(self, message: Message | str, *, field: str | None = None, **kwargs: Any) -> None:
        self.field = field
        if field is not None:
            kwargs["details"] = {"fields": {field: render(message, DEFAULT)}} | kwargs.get("details", {})
        super().__init__(message, **kwargs)

    def details_in(self, language: str) -> dict[str, Any]:
        if self.field is None:
            return self.details
        return self.details | {"fields": {self.field: self.message_in(language)}}


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

    def __init__(self, message: Message | str, *, retry_after: int) -> None:
        super().__init__(message, details={"retry_after": retry_after})
        self.retry_after = retry_after


CONSTRAINTS = "constraints"
"""The catalogue section naming, per constraint, what a refusal by the database means."""


def constraint_name(error: IntegrityError) -> str:
    orig = getattr(error, "orig", None)
    name = getattr(orig, "constraint_name", None) or getattr(
        getattr(orig, "__cause__", None), "constraint_name", None
    )
    return str(name or "")


def conflict_from_integrity(error: IntegrityError) -> Conflict:
    """Turn a constraint the database enforced into a clear 409 (never a 500)."""
    name = constraint_name(error)
    known = name in en.MESSAGES[CONSTRAINTS]
    message = Message(f"{CONSTRAINTS}.{name}" if known else f"{CONSTRAINTS}.other")
    return Conflict(message, details={"constraint": name} if name else {})


def refused_by_database(error: BaseException) -> bool:
    """Whether PostgreSQL or its driver refused a value (a NUL in text, a number out of range): SQLSTATE
    class 22, which SQLAlchemy's asyncpg dialect wraps in a plain `DBAPIError`, or the driver's own
    check of a query argument. `lib/boundary.py` keeps these out; this is the last line behind it."""
    return any(isinstance(seen, (DataError, PostgresDataError, DriverDataError)) for seen in _causes(error))


def not_storable() -> InvalidInput:
    """The refusal for a value the database would not take (see `refused_by_database`)."""
    return InvalidInput(Message("validation.not_storable"), code="not_storable")


UNAVAILABLE_RETRY_AFTER_SECONDS = 5

SERVICE_DOWN: tuple[type[Exception], ...] = (
    RedisConnectionError,
    RedisTimeoutError,
    MaxRetryError,  # S3, through the minio client
    ConnectionError,  # a refused or reset socket (PostgreSQL restarting)
    OperatorInterventionError,  # PostgreSQL shutting down or starting up
    PostgresConnectionError,
)


def service_down(error: BaseException) -> bool:
    """Whether Redis, S3 or PostgreSQL could not be reached (stopped, restarting, refusing connections),
    looking through the wrappers SQLAlchemy puts around the driver's error."""
    return any(
        isinstance(seen, SERVICE_DOWN) or getattr(seen, "connection_invalidated", False)
        for seen in _causes(error)
    )


def _causes(error: BaseException) -> Iterator[BaseException]:
    """`error`, then what it wraps (SQLAlchemy's `orig`, else `__cause__`), down to the driver's error."""
    seen: BaseException | None = error
    while seen is not None:
        yield seen
        seen = getattr(seen, "orig", None) or seen.__cause__


def service_unavailable_handler(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    """A server Scene relies on did not answer: a 503 with Retry-After the client can act on, not a 500."""
    log.warning("a backing service is unavailable on %s %s: %r", request.method, request.url.path, exc)
    return _answer(
        503,
        "service_unavailable",
        render(Message("errors_lib.unavailable"), request_language(request)),
        {"retry_after": UNAVAILABLE_RETRY_AFTER_SECONDS},
        headers={"Retry-After": str(UNAVAILABLE_RETRY_AFTER_SECONDS)},
    )


def _answer(
    status_code: int,
    code: str,
    message: str,
    details: dict[str, Any] | None = None,
    *,
    headers: dict[str, str] | None = None,
) -> Response[Any]:
    """Every error answer: `{"error": {"code", "message", "details"}}` as JSON."""
    return Response(
        {"error": {"code": code, "message": message, "details": details or {}}},
        status_code=status_code,
        headers=headers,
        media_type=MediaType.JSON,
    )


def request_language(request: Request[Any, Any, Any]) -> str:
    """The reader's language from `Accept-Language` (`ur`, `ur-PK`, `ur;q=0.9, en`): its first choice
    that Scene speaks, else English."""
    for part in request.headers.get("accept-language", "").split(","):
        language = valid(part.split(";")[0].strip().split("-")[0].lower())
        if language:
            return language
    return DEFAULT


def domain_error_handler(request: Request[Any, Any, Any], exc: DomainError) -> Response[Any]:
    headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, RateLimited) else None
    language = request_language(request)
    return _answer(
        exc.status_code, exc.code, exc.message_in(language), exc.details_in(language), headers=headers
    )


def integrity_error_handler(request: Request[Any, Any, Any], exc: IntegrityError) -> Response[Any]:
    return domain_error_handler(request, conflict_from_integrity(exc))


def database_error_handler(request: Request[Any, Any, Any], exc: DBAPIError) -> Response[Any]:
    """A value the database refused is the client's to fix (422); any other database failure is ours."""
    if refused_by_database(exc):
        log.warning("the database refused a value on %s %s: %s", request.method, request.url.path, exc.orig)
        return domain_error_handler(request, not_storable())
    if service_down(exc):
        return service_unavailable_handler(request, exc)
    return unexpected_error_handler(request, exc)


def _validation_details(exc: ValidationException, language: str) -> dict[str, Any]:
    """The refused fields, each with what is wrong: msgspec's own words in English, a plain sentence
    in other languages."""
    fields: dict[str, str] = {}
    for item in exc.extra if isinstance(exc.extra, list) else []:
        if isinstance(item, dict):
            key = str(item.get("key") or item.get("source") or "body")
            said = str(item.get("message", "is invalid"))
            fields[key] = said if language == DEFAULT else render(refused_value(said), language)
    return {"fields": fields} if fields else {}


def http_error_handler(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    if isinstance(exc, ValidationException):
        details = _validation_details(exc, request_language(request))
        fields: dict[str, str] = details.get("fields", {})
        message = (
            render(
                Message("validation.invalid", names=", ".join(fields), problems="; ".join(fields.values())),
                request_language(request),
            )
            if fields
            else exc.detail
        )
        return _answer(422, "invalid", message, details)
    code = "not_authenticated" if isinstance(exc, NotAuthorizedException) else _code_for(exc.status_code)
    return _answer(
        exc.status_code,
        code,
        exc.detail,
        exc.extra if isinstance(exc.extra, dict) else None,
        headers=exc.headers,
    )


def unexpected_error_handler(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return _answer(
        HTTP_500_INTERNAL_SERVER_ERROR,
        "internal_error",
        render(Message("errors_lib.internal"), request_language(request)),
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
    DBAPIError: database_error_handler,
    HTTPException: http_error_handler,
    **dict.fromkeys(SERVICE_DOWN, service_unavailable_handler),
    Exception: unexpected_error_handler,
}
