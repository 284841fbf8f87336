"""Each adapter's signing against vectors worked out by hand from the documented algorithm, and each
adapter refusing what was tampered with (JazzCash: tests/payments/contracts/test_jazzcash.py)."""

import base64
from datetime import UTC, datetime
from types import SimpleNamespace

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from scene_api.config import Settings
from scene_api.domain.payments.providers import easypaisa
from scene_api.domain.payments.providers.base import CheckoutRequest

SETTINGS = Settings(
)
RUNTIME = SimpleNamespace(settings=SETTINGS)
REQUEST = CheckoutRequest(
    reference="SCNABC123",
    amount_pkr=4500,
    description="Court 2, Smash Point: Fri 8 pm!",
    created_at=datetime(2026, 11, 27, 15, 0, tzinfo=UTC),
    expires_at=datetime(2026, 11, 27, 15, 10, tzinfo=UTC),
    callback_url="https://api.scene.pk/api/v1/payments/callbacks/x",
    return_url="https://api.scene.pk/api/v1/payments/return/x",
)
