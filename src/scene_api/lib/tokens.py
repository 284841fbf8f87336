"""Access tokens: short-lived JWTs with an algorithm allow-list, audience and expiry checked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

import jwt

from scene_api.config import Settings
from scene_api.i18n import Message
from scene_api.lib.errors import NotAuthenticated
from scene_api.lib.timezone import utcnow

ALLOWED_ALGORITHMS = ("HS256", "HS384", "HS512")


@dataclass(frozen=True)
class AccessClaims:
    user_id: UUID
    family_id: UUID
    """The refresh-token family this access token was issued with; revoking the family ends it."""


def issue_access_token(settings: Settings, user_id: UUID, family_id: UUID) -> str:
    if settings.jwt_algorithm not in ALLOWED_ALGORITHMS:
        raise ValueError(f"SCENE_JWT_ALGORITHM must be one of {ALLOWED_ALGORITHMS}")
    now = utcnow()
    claims = {
        "sub": str(user_id),
        "fam": str(family_id),
        "aud": settings.jwt_audience,
        "iat": now,
        "exp": now + timedelta(minutes=settings.access_token_minutes),
        "typ": "access",
    }
    return jwt.encode(claims, settings.jwt_secret, algorithm=settings.jwt_algorithm)


def read_access_token(settings: Settings, token: str) -> AccessClaims:
    try:
        claims = jwt.decode(
            token,
            settings.jwt_secret,
            algorithms=[settings.jwt_algorithm],
            audience=settings.jwt_audience,
            options={"require": ["exp", "iat", "sub", "aud", "fam"]},
        )
        if claims.get("typ") != "access":
            raise NotAuthenticated(Message("errors_lib.not_access_token"))
        return AccessClaims(user_id=UUID(claims["sub"]), family_id=UUID(claims["fam"]))
    except jwt.ExpiredSignatureError as exc:
        raise NotAuthenticated(Message("errors_lib.session_expired"), code="token_expired") from exc
    except (jwt.InvalidTokenError, ValueError) as exc:
        raise NotAuthenticated(Message("errors_lib.token_invalid")) from exc
