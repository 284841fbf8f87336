"""PayFast, JazzCash and Easypaisa adapters behind one `PaymentProvider` interface."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scene_api.db import models as m
from scene_api.domain.payments.providers.base import PaymentProvider
from scene_api.domain.payments.providers.easypaisa import Easypaisa
from scene_api.domain.payments.providers.jazzcash import JazzCash
from scene_api.domain.payments.providers.payfast import PayFast

if TYPE_CHECKING:
    from scene_api.runtime import Runtime

ADAPTERS: dict[m.PaymentProviderName, type[PaymentProvider]] = {
    m.PaymentProviderName.PAYFAST: PayFast,
    m.PaymentProviderName.JAZZCASH: JazzCash,
    m.PaymentProviderName.EASYPAISA: Easypaisa,
}


def adapter_for(name: m.PaymentProviderName, runtime: Runtime) -> PaymentProvider:
    return ADAPTERS[name](runtime)
