# ruff: noqa: RUF001  (Urdu sentences end with the Urdu full stop)
"""A service's refusal toasts in the member's language."""

from scene_api.db import models as m
from scene_api.i18n import en, ur
from tests.ui.desk import open_venue


async def test_an_urdu_owner_reads_a_refused_check_in_in_urdu(user, sign_in, runtime):
    me = await sign_in(role=m.UserRole.VENUE_OWNER, handle="bilal_courts", name="Bilal Ahmed", locale="ur")
    await open_venue(runtime, me)

    await user.open("/owner")
    user.find(marker="check-in").click()
    await user.should_see(marker="checkin-dialog")
    user.find(marker="checkin-code").type("NOPE1234")
    user.find(marker="confirm-checkin").click()

    await user.should_see("آپ کے وینیوز میں ایسی کوئی بکنگ نہیں ملی۔")
    assert ur.MESSAGES["errors_bookings"]["not_at_your_venues"] == "آپ کے وینیوز میں ایسی کوئی بکنگ نہیں ملی۔"
    await user.should_not_see(en.MESSAGES["errors_bookings"]["not_at_your_venues"])
