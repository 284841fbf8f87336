"""The ops page's Messages tab in the user simulation: delivery per channel and kind for a period, cost,
errors and refused callbacks, never a message's text or a phone number."""

from datetime import timedelta

from scene_api.db import models as m
from scene_api.lib.timezone import utcnow
from scene_api.services import provide_services
from tests.helpers import english
from tests.message_rows import delivery, store

S = m.DeliveryStatus


async def test_the_messages_tab_shows_delivery_per_channel_and_kind_for_the_chosen_period(
    user, sign_in, runtime
):
    await sign_in(role=m.UserRole.ADMIN, handle="hamza_q", name="Hamza Qureshi")
    await store(
        runtime,
        *[
            delivery(m.Channel.SMS, "code", S.DELIVERED, provider="twilio", cost="0.0079", currency="USD")
            for _ in range(3)
        ],
        delivery(m.Channel.SMS, "code", S.FAILED, provider="twilio", error_code="30007"),
        delivery(m.Channel.WHATSAPP, "booking_confirmed", S.READ, provider="whatsapp"),
        delivery(
            m.Channel.SMS,
            "activity_reminder",
            S.DELIVERED,
            provider="veevo",
            created_at=utcnow() - timedelta(days=3),
        ),
    )
    async with provide_services(runtime) as services:
        await services.messaging.reject_webhook(
            "twilio",
            "X-Twilio-Signature does not match",
            remote_addr="203.0.113.9",
            headers={},
            body=b"To=%2B923001234567&Body=Your+code+is+482913",
        )

    await user.open("/admin?tab=messages")

    await user.should_see(english("admin").tab_messages)
    await user.should_see(marker="channel-sms")
    await user.should_see(english("admin_messages").messages.format(count=5, s="s"))
    await user.should_see(english("admin_messages").rate.format(percent="80%"))
    await user.should_see("USD 0.0237")
    await user.should_see(marker="kind-activity_reminder")
    await user.should_see(marker="error-30007")
    await user.should_see("X-Twilio-Signature does not match")
    await user.should_see(english("admin_messages").from_address.format(address="203.0.113.9"))
    await user.should_not_see("923001234567")
    await user.should_not_see("482913")

    user.find(marker="message-period-1").click()
    await user.should_see(english("admin_messages").messages.format(count=4, s="s"))
    await user.should_not_see(marker="kind-activity_reminder")
    await user.should_see(english("admin_messages").rate.format(percent="75%"))


async def test_a_quiet_period_says_so(user, sign_in):
    await sign_in(role=m.UserRole.ADMIN, handle="hamza_q", name="Hamza Qureshi")

    await user.open("/admin?tab=messages")

    await user.should_see(english("admin_messages").no_messages)
    await user.should_see(english("admin_messages").no_errors)
    await user.should_see(english("admin_messages").no_rejected)
