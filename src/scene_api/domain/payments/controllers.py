"""HTTP adapter for payments: checkout, reading a payment, provider callbacks and browser returns."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from litestar import Controller, HttpMethod, Request, Response, get, post, route
from litestar.openapi.datastructures import ResponseSpec
from litestar.response import Redirect

from scene_api.db import models as m
from scene_api.domain.payments import pages
from scene_api.domain.payments import schemas as s
from scene_api.services import Services


async def request_fields(request: Request[Any, Any, Any]) -> dict[str, str]:
    """Everything a provider sent, as text: query string, then a form or a JSON object."""
    fields = {key: str(value) for key, value in request.query_params.items()}
    if request.method != HttpMethod.POST:
        return fields
    if "json" in request.headers.get("content-type", ""):
        try:
            body = json.loads(await request.body())
        except ValueError:
            body = None
        # A JSON null is no value (JazzCash's IPN leaves nulls out of its hash), never the text "None".
        values = body.items() if isinstance(body, dict) else ()
        return fields | {key: "" if value is None else str(value) for key, value in values}
    return fields | {key: str(value) for key, value in (await request.form()).items()}


class PaymentController(Controller):
    path = "/api/v1/payments"
    tags = ["payments"]

    @post("/checkout", summary="Start paying online: answers where to send the payer")
    async def checkout(self, services: Services, actor: m.User, data: s.CheckoutCreate) -> s.Checkout:
        return await services.payments.start_checkout(
            actor, purpose=data.purpose, target_id=data.target_id, provider=data.provider
        )

    @get("/{payment_id:uuid}", summary="One of my payments (admins: any)")
    async def get_payment(self, services: Services, actor: m.User, payment_id: UUID) -> s.Payment:
        return await services.payments.get(actor, payment_id)


class ProviderController(Controller):
    """What providers and the payer's browser send back. No sign-in: callbacks are verified by the
    provider's signature (or its status inquiry), and a return only ever leads to our own pages."""

    path = "/api/v1/payments"
    tags = ["payments"]

    @route(
        "/callbacks/{provider:str}",
        http_method=[HttpMethod.GET, HttpMethod.POST],
        summary="Provider notification (PayFast and Easypaisa notify with GET)",
        responses={
            400: ResponseSpec(
                data_container=dict[str, Any],
                description="Rejected (bad signature, unknown payment, wrong amount), in provider terms",
            )
        },
    )
    async def callback(
        self, request: Request[Any, Any, Any], services: Services, provider: m.PaymentProviderName
    ) -> Response[Any]:
        reply = await services.payments.handle_callback(provider, await request_fields(request))
        return Response(reply.body, status_code=reply.status_code, media_type=reply.media_type)

    @route(
        "/return/{provider:str}",
        http_method=[HttpMethod.GET, HttpMethod.POST],
        summary="Where the payer's browser comes back from the provider",
    )
    async def browser_return(
        self, request: Request[Any, Any, Any], services: Services, provider: m.PaymentProviderName
    ) -> Response[Any]:
        step = await services.payments.handle_return(provider, await request_fields(request))
        if step.action:
            return pages.html_response(pages.auto_submit(step.action, step.fields))
        return Redirect(step.url or "/", status_code=303)
