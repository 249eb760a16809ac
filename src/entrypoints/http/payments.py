"""Paying for an order: the pay link, the way to the provider's page and back, the provider's notifications."""

import logging
from typing import Annotated, Any
from urllib.parse import urlencode

from dishka.integrations.litestar import FromDishka
from litestar import Controller, get, post
from litestar.connection import ASGIConnection
from litestar.exceptions import PermissionDeniedException
from litestar.handlers import BaseRouteHandler
from litestar.params import JSONBody, QueryParameter
from litestar.response import Redirect, Template

from application.accept_order import AcceptOrder
from application.handle_payment_notification import HandlePaymentNotification
from application.identity import Caller
from application.refresh_payment import RefreshPayment
from application.show_payment_link import ShowPaymentLink
from application.start_payment import StartPayment
from entrypoints.http.auth import BEARER_SECURITY, OPTIONAL_BEARER, Viewer, require_caller
from entrypoints.http.clients import Client, client_address, within
from entrypoints.http.openapi import errors
from entrypoints.http.params import MAX_ID
from entrypoints.http.schemas import CaptureOut, NotificationHandledOut, PaymentLinkOut, PaymentNotificationIn
from entrypoints.settings import Settings

logger = logging.getLogger(__name__)

OrderId = Annotated[int, QueryParameter(ge=1, le=MAX_ID, description="The order")]
Signature = Annotated[str | None, QueryParameter(max_length=200, description="The pay link's signature")]


def signed_link(settings: Settings, path: str, order_id: int, signature: str) -> str:
    """A link of the service (`/payments/` to pay, `/payments/done/` to come back) for one order."""
    return f"{settings.public_url}{path}?{urlencode({'order_id': order_id, 'sig': signature})}"


async def from_the_provider(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    """A guard: with MYSTAR_PAYMENT_NOTIFY_ALLOW set, notifications come from those networks only,
    refused before their body is read."""
    settings: Settings = await connection.state.dishka_container.get(Settings)
    networks = settings.notify_networks()
    sender = client_address(connection, settings.proxy_networks())
    if networks and not within(sender, networks):
        logger.warning("payment notification from %s refused: not an allowed network", sender)
        raise PermissionDeniedException("Уведомления принимаются только от платёжного сервиса")


class OrderPaymentController(Controller):
    path = "/api/order/pay"
    tags = ["Payments"]
    security = BEARER_SECURITY
    guards = [require_caller]

    @get("/", summary="The link on which the order's customer pays", responses=errors(400, 401, 403, 404, 409))
    async def link(
        self,
        order_id: OrderId,
        caller: FromDishka[Caller],
        show_link: FromDishka[ShowPaymentLink],
        settings: FromDishka[Settings],
    ) -> PaymentLinkOut:
        return PaymentLinkOut(
            link=signed_link(settings, "/payments/", order_id, await show_link.execute(caller, order_id))
        )

    @get(
        "/capture/",
        summary="Kept for old clients: the star accepts the order, which captures its held money",
        responses=errors(400, 401, 403, 404, 409, 502, 503),
    )
    async def capture(
        self, order_id: OrderId, caller: FromDishka[Caller], accept_order: FromDishka[AcceptOrder]
    ) -> CaptureOut:
        await accept_order.execute(caller, order_id)
        return CaptureOut(status="captured")


class PaymentController(Controller):
    path = "/payments"
    tags = ["Payments"]

    @get(
        "/",
        status_code=302,
        security=OPTIONAL_BEARER,
        summary="Go to the provider's payment page (the payment is made once per order)",
        responses=errors(400, 403, 404, 409, 502, 503),
    )
    async def start(
        self,
        order_id: OrderId,
        viewer: FromDishka[Viewer],
        start_payment: FromDishka[StartPayment],
        settings: FromDishka[Settings],
        sig: Signature = None,
    ) -> Redirect:
        target = await start_payment.execute(
            order_id,
            viewer.caller,
            sig,
            lambda signature: signed_link(settings, "/payments/done/", order_id, signature),
        )
        return Redirect(target, status_code=302)

    @post(
        "/notifications/",
        status_code=200,
        summary="The provider's notifications (read back from the provider, never trusted)",
        guards=[from_the_provider],
        responses=errors(400, 403, 413, 429, 502, 503),
    )
    async def notification(
        self,
        data: JSONBody[PaymentNotificationIn],
        client: FromDishka[Client],
        settings: FromDishka[Settings],
        handle: FromDishka[HandlePaymentNotification],
    ) -> NotificationHandledOut:
        # From the provider's own networks, nothing is held back; from anywhere else, a source is counted.
        source = None if settings.notify_networks() else client.key
        outcome = await handle.execute(data.object.id, source)
        return NotificationHandledOut(status=outcome.value)

    @get(
        "/done/",
        summary="Where the provider sends the customer back: how the payment went (an HTML page)",
        responses=errors(400, 403, 404, 502, 503),
    )
    async def done(
        self,
        order_id: OrderId,
        refresh: FromDishka[RefreshPayment],
        settings: FromDishka[Settings],
        sig: Signature = None,
    ) -> Template:
        order = await refresh.execute(order_id, sig or "")
        return Template(
            "payment_done.html",
            context={
                "order": order,
                "payment": order.payment_status.value,
                "pay_again": signed_link(settings, "/payments/", order.id, sig or ""),
            },
        )
