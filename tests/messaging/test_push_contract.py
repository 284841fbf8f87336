"""Web push against published vectors: RFC 8291 Appendix A (encryption) and RFC 8292 section 2.4 (VAPID).

The sandbox's decryption and token check are written from the RFCs without the adapter's libraries; the
adapter encrypts and signs with pywebpush's stack. Both must agree with the RFCs' own examples."""

from __future__ import annotations

import ast
import base64
import json
import stat
import time
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

import scene_sandboxes.messaging.push as sandbox_push
from scene_api.config import Settings, SettingsError
from scene_api.domain.messaging.channels.base import PushTarget
from scene_api.domain.messaging.channels.http import ProviderHttp
from scene_api.domain.messaging.channels.webpush import (
    VAPID_KEY_FILE,
    WebPush,
    application_server_key,
    encrypt_payload,
)
from scene_sandboxes.messaging.push import PushRefused, b64url_decode, decrypt_push, verify_vapid

# RFC 8291 Appendix A.
PLAINTEXT = b"When I grow up, I want to be a watermelon"
AS_PRIVATE = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw"
UA_PRIVATE = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94"
UA_PUBLIC = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4"
AUTH_SECRET = "BTBZMqHH6r4Tts7J_aSIgg"
SALT = "DGv6ra1nlYgDCS1FRnbzlw"
BODY = (
    "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8w"
    "EqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN"
)

# RFC 8292 section 2.4 (its token expired in January 2016).
RFC8292_TOKEN = (
    "eyJ0eXAiOiJKV1QiLCJhbGciOiJFUzI1NiJ9"
    ".eyJhdWQiOiJodHRwczovL3B1c2guZXhhbXBsZS5uZXQiLCJleHAiOjE0NTM1MjM3NjgsInN1YiI6Im1haWx0bzpwdXNoQGV4YW1w"
    "bGUuY29tIn0"
    ".i3CYb7t4xfxCDquptFOepC9GAu_HLGkMlMuCGSK2rpiUfnK9ojFwDXb1JrErtmysazNjjvW2L9OkSSHzvoD1oA"
)
RFC8292_KEY = "BA1Hxzyi1RUM1b5wjxsn7nGxAszw2u61m164i3MrAIxHF6YK5h4SDYic-dRuU_RCPCfA5aq9ojSwk5Y2EmClBPs"
RFC8292_EXP = 1453523768


def private_key(raw: str) -> ec.EllipticCurvePrivateKey:
    return ec.derive_private_key(int.from_bytes(b64url_decode(raw)), ec.SECP256R1())


def test_the_sandbox_decrypts_rfc_8291_appendix_a() -> None:
    plaintext = decrypt_push(b64url_decode(BODY), private_key(UA_PRIVATE), b64url_decode(AUTH_SECRET))

    assert plaintext == PLAINTEXT


def test_the_adapter_encrypts_rfc_8291_appendix_a_byte_for_byte() -> None:
    target = PushTarget(endpoint="https://push.example.net/x", p256dh=UA_PUBLIC, auth=AUTH_SECRET)

    body = encrypt_payload(target, PLAINTEXT, sender_key=private_key(AS_PRIVATE), salt=b64url_decode(SALT))

    assert body == b64url_decode(BODY)


def test_a_changed_ciphertext_does_not_decrypt() -> None:
    body = bytearray(b64url_decode(BODY))
    body[-1] ^= 1

    with pytest.raises(InvalidTag):
        decrypt_push(bytes(body), private_key(UA_PRIVATE), b64url_decode(AUTH_SECRET))


def test_the_sandbox_verifies_rfc_8292s_example_token_and_its_expiry() -> None:
    header = f"vapid t={RFC8292_TOKEN}, k={RFC8292_KEY}"

    claims = verify_vapid(header, "https://push.example.net", now=RFC8292_EXP - 3600)

    assert claims == {"aud": "https://push.example.net", "exp": RFC8292_EXP, "sub": "mailto:push@example.com"}
    with pytest.raises(PushRefused) as expired:
        verify_vapid(header, "https://push.example.net", now=RFC8292_EXP + 1)
    assert expired.value.status == 403


@pytest.fixture
async def adapter(tmp_path: Path) -> AsyncIterator[WebPush]:
    http = ProviderHttp("webpush")
    yield WebPush(Settings(state_dir=tmp_path), http)
    await http.aclose()


def test_the_adapters_token_verifies_in_the_sandbox(adapter: WebPush) -> None:
    header = adapter.vapid_authorization("https://push.example.net:8443/send/abc?x=1")
    key = b64url_decode(adapter.public_key)

    claims = verify_vapid(header, "https://push.example.net:8443", now=time.time(), restricted_to=key)

    assert claims["sub"] == "mailto:ops@scene.pk"
    assert time.time() < claims["exp"] <= time.time() + 24 * 3600


def refusal(
    header: str | None, *, audience: str = "https://push.example.net", key: bytes | None = None
) -> int:
    with pytest.raises(PushRefused) as refused:
        verify_vapid(header, audience, now=time.time(), restricted_to=key)
    return refused.value.status


def test_a_tampered_or_misdirected_token_is_refused(adapter: WebPush) -> None:
    header = adapter.vapid_authorization("https://push.example.net/send/abc")
    token, key = header.removeprefix("vapid t=").split(",k=")
    head, claims, signature = token.split(".")
    forged_claims = json.loads(b64url_decode(claims)) | {"aud": "https://push.example.net"}
    forged_claims["exp"] += 60
    forged = base64.urlsafe_b64encode(json.dumps(forged_claims).encode()).rstrip(b"=").decode()
    other_key = ec.generate_private_key(ec.SECP256R1()).public_key()
    other = other_key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)

    assert refusal(f"vapid t={head}.{forged}.{signature}, k={key}") == 403
    assert refusal(f"vapid t={head}.{claims}.{signature[:-4]}AAAA, k={key}") == 403
    assert refusal(header, audience="https://other.example.net") == 403
    assert refusal(header, key=other) == 403
    assert refusal(f"WebPush {token}") == 401
    assert refusal(None) == 401


def test_development_keeps_its_vapid_key_and_production_needs_one(tmp_path: Path) -> None:
    settings = Settings(state_dir=tmp_path / "state")

    public = application_server_key(settings)

    kept = tmp_path / "state" / VAPID_KEY_FILE
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert application_server_key(replace(settings, vapid_private_key=kept.read_text())) == public
    assert b64url_decode(public)[0] == 4  # an uncompressed point
    assert len(b64url_decode(public)) == 65
    with pytest.raises(SettingsError, match="SCENE_VAPID_PRIVATE_KEY"):
        application_server_key(replace(settings, env="production", state_dir=tmp_path / "prod"))
    with pytest.raises(SettingsError, match="SCENE_VAPID_PRIVATE_KEY"):
        application_server_key(replace(settings, vapid_private_key="not a key"))


def test_a_raw_base64url_key_works_as_configured() -> None:
    settings = Settings(vapid_private_key=AS_PRIVATE)

    assert application_server_key(settings) == (
        "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8"
    )


def test_the_push_sandbox_shares_no_code_with_the_adapter() -> None:
    imported: set[str] = set()
    for node in ast.walk(ast.parse(Path(sandbox_push.__file__).read_text())):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module or "")

    assert "cryptography.hazmat.primitives.ciphers.aead" in imported
    assert not [
        name for name in imported if name.startswith(("scene_api", "pywebpush", "http_ece", "py_vapid"))
    ]
