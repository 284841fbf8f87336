"""Access tokens: short-lived JWTs with an algorithm allow-list, audience and expiry checked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from uuid import UUID

import jwt

from scene_api.config import Settings
from scene_api.i18n import Message
from scene_api.lib.errors import NotAuthenticated
from scene_api.lib.timezone import utcnow

ALLOWED_ALGORITHMS = ("HS256", "HS384", "HS512")
VERIFIED_TOKENS = 4096
"""Access tokens whose checks are kept (about 1 KB each): more than the members one API process serves
within a token's lifetime."""


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
    """The claims of a valid, unexpired access token. Whether its sign-in is still live is the database's
    to say (`AuthService.authenticate`), on every request."""
    claims, expires_at = _verified(settings.jwt_secret, settings.jwt_algorithm, settings.jwt_audience, token)
    if utcnow().timestamp() >= expires_at:
        raise NotAuthenticated(Message("errors_lib.session_expired"), code="token_expired")
    return claims


@lru_cache(maxsize=VERIFIED_TOKENS)
def _verified(secret: str, algorithm: str, audience: str, token: str) -> tuple[AccessClaims, float]:
    """A token's signature, audience and claims checked once, its expiry kept for the check on each use:
    a member sends the same token with every request for its lifetime, and decoding it cost a tenth of a
    profile request's CPU (bench/RESULTS.md, section 11). A refusal is not kept (`lru_cache` keeps only
    what returns), so an invalid token is checked again each time; a new secret is a new key."""
    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=[algorithm],
            audience=audience,
            options={"require": ["exp", "iat", "sub", "aud", "fam"]},
        )
        if claims.get("typ") != "access":
            raise NotAuthenticated(Message("errors_lib.not_access_token"))
        return AccessClaims(user_id=UUID(claims["sub"]), family_id=UUID(claims["fam"])), float(claims["exp"])
    except jwt.ExpiredSignatureError as exc:
        raise NotAuthenticated(Message("errors_lib.session_expired"), code="token_expired") from exc
    except (jwt.InvalidTokenError, ValueError, TypeError) as exc:
        raise NotAuthenticated(Message("errors_lib.token_invalid")) from exc
