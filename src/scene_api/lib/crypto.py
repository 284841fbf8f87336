"""Secrets at rest: phone encryption with key rotation, blind indexes, token hashes, short codes."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from functools import lru_cache

from cryptography.fernet import Fernet, MultiFernet

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
"""No 0/O or 1/I: codes are read aloud and typed on phones."""


def _fernet_key(secret: str) -> bytes:
    return base64.urlsafe_b64encode(hashlib.sha256(secret.encode()).digest())


@lru_cache(maxsize=8)
def _cipher(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(_fernet_key(key)) for key in keys])


class PiiCipher:
    """Encrypts with the first key, decrypts with any: add a new key first, then `rotate` old rows."""

    def __init__(self, keys: list[str]) -> None:
        if not keys:
            raise ValueError("at least one PII encryption key is needed")
        self._cipher = _cipher(tuple(keys))

    def encrypt(self, plaintext: str) -> str:
        return self._cipher.encrypt(plaintext.encode()).decode()

    def decrypt(self, ciphertext: str) -> str:
        return self._cipher.decrypt(ciphertext.encode()).decode()

    def rotate(self, ciphertext: str) -> str:
        return self._cipher.rotate(ciphertext.encode()).decode()


def blind_index(key: str, value: str) -> str:
    """A keyed hash to look a value up by without storing it in clear."""
    return hmac.new(key.encode(), value.encode(), hashlib.sha256).hexdigest()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_code(length: int = 8) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def new_token() -> str:
    return secrets.token_urlsafe(32)


def mask_phone(last4: str) -> str:
    """How anyone but the owner and admins sees a number: +92 3** *** 4567."""
    return f"+92 3** ***{last4}"
