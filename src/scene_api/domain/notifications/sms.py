"""Sending SMS: an interface, and the development sender that keeps messages in an outbox."""

from __future__ import annotations

import logging
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from scene_api.config import Settings
from scene_api.db import models as m
from scene_api.lib.crypto import blind_index, mask_phone

log = logging.getLogger("scene.sms")


class SmsSender(Protocol):
    async def send(self, phone_e164: str, body: str) -> None: ...


class OutboxSmsSender:
    """Development and test sender: writes the message to the log and the `sms_outbox` table,
    where tests and the UI's development mode read codes back. No message leaves the machine."""

    def __init__(self, settings: Settings, session: AsyncSession) -> None:
        self.settings = settings
        self.session = session

    async def send(self, phone_e164: str, body: str) -> None:
        masked = mask_phone(phone_e164[-4:])
        self.session.add(
            m.SmsOutbox(
                phone_blind_index=blind_index(self.settings.blind_index_key, phone_e164),
                phone_masked=masked,
                body=body,
            )
        )
        log.info("SMS to %s: %s", masked, body)


def sms_sender(settings: Settings, session: AsyncSession) -> SmsSender:
    if settings.sms_backend == "console":
        return OutboxSmsSender(settings, session)
    raise ValueError(f"unknown SCENE_SMS_BACKEND {settings.sms_backend!r}")
