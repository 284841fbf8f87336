"""The development SMS gateway: the message goes to the log and the `sms_outbox` table, nowhere else.

Tests and the development sign-in screen read codes back from the outbox. Production refuses it.
"""

from __future__ import annotations

import logging
import uuid
from typing import TYPE_CHECKING

from scene_api.db import models as m
from scene_api.domain.messaging.channels.base import OutgoingMessage, SendResult
from scene_api.lib.crypto import blind_index, mask_phone

if TYPE_CHECKING:
    from scene_api.runtime import Runtime

log = logging.getLogger("scene.sms")


class ConsoleSms:
    name = "console"

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    async def send(self, to_e164: str, message: OutgoingMessage) -> SendResult:
        masked = mask_phone(to_e164[-4:])
        async with self.runtime.session_factory() as session:
            session.add(
                m.SmsOutbox(
                    phone_blind_index=blind_index(self.runtime.settings.blind_index_key, to_e164),
                    phone_masked=masked,
                    body=message.text,
                )
            )
            await session.commit()
        log.info("SMS to %s: %s", masked, message.text)
        return SendResult(provider=self.name, provider_message_id=f"console-{uuid.uuid4()}")
