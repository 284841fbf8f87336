"""Sending SMS (codes, approvals) through the configured SmsSender."""

from __future__ import annotations

from scene_api.domain.notifications.sms import sms_sender
from scene_api.lib.crypto import PiiCipher
from scene_api.lib.metrics import SMS_SENT
from scene_api.services import provide_services
from scene_tasks.context import JobContext

SENT_MARKER_SECONDS = 86400


async def send_sms(ctx: JobContext, *, phone_ciphertext: str, body: str) -> bool:
    """Send once: a retry of the same job (same SAQ key) finds the marker and does nothing."""
    runtime = ctx["runtime"]
    marker = f"sms:sent:{ctx['job'].key}"
    if not await runtime.redis.set(marker, "1", ex=SENT_MARKER_SECONDS, nx=True):
        return False
    phone = PiiCipher(runtime.settings.pii_keys).decrypt(phone_ciphertext)
    try:
        async with provide_services(runtime) as services:
            await sms_sender(runtime.settings, services.session).send(phone, body)
        SMS_SENT.inc()
    except BaseException:
        await runtime.redis.delete(marker)
        raise
    return True
