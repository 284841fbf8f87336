"""Rotating the PII key re-encrypts phone numbers; members still sign in and are still found."""

from dataclasses import replace

import pytest
from cryptography.fernet import InvalidToken

from scene_api.db import models as m
from scene_api.domain.ops.keys import rotate_pii_keys
from scene_api.lib.crypto import PiiCipher
from scene_api.runtime import Runtime
from scene_api.services import provide_services
from tests.helpers import PHONES, create_member


async def test_rotation_moves_every_phone_to_the_new_key(runtime, settings):
    member = await create_member(runtime, PHONES[0], handle="ayesha")
    rotated_settings = replace(settings, pii_encryption_keys=f"new-key-2026,{settings.pii_encryption_keys}")
    rotated_runtime = await Runtime.open(rotated_settings)
    try:
        async with provide_services(rotated_runtime) as services:
            assert await rotate_pii_keys(services) == 1
        async with provide_services(rotated_runtime) as services:
            stored = await services.session.get_one(m.User, member.id)
            assert PiiCipher(["new-key-2026"]).decrypt(stored.phone_ciphertext) == PHONES[0]
            with pytest.raises(InvalidToken):
                PiiCipher(settings.pii_keys).decrypt(stored.phone_ciphertext)
            assert services.auth.account(stored).phone == PHONES[0]
    finally:
        await rotated_runtime.close()
