"""Key rotation for PII at rest: re-encrypt every stored phone number with the newest key."""

from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa

from scene_api.db import models as m
from scene_api.lib.crypto import PiiCipher

if TYPE_CHECKING:
    from scene_api.services import Services

BATCH = 500


async def rotate_pii_keys(services: Services) -> int:
    """Put the new key first in SCENE_PII_ENCRYPTION_KEYS (keep the old ones after it), run this,
    then drop the old keys. Rows already on the newest key are rewritten too (harmless)."""
    cipher = PiiCipher(services.settings.pii_keys)
    rotated = 0
    for model in (m.User, m.OtpChallenge):
        last_id = None
        while True:
            query = (
                sa.select(model.id, model.phone_ciphertext)
                .where(model.phone_ciphertext.is_not(None))
                .order_by(model.id)
                .limit(BATCH)
            )
            if last_id is not None:
                query = query.where(model.id > last_id)
            rows = (await services.session.execute(query)).all()
            if not rows:
                break
            for row_id, ciphertext in rows:
                assert ciphertext is not None  # filtered by the query
                await services.session.execute(
                    sa.update(model)
                    .where(model.id == row_id)
                    .values(phone_ciphertext=cipher.rotate(ciphertext))
                )
            rotated += len(rows)
            last_id = rows[-1][0]
    services.audit.record(None, "keys.rotate_pii", "system", None, {"rows": rotated})
    return rotated
