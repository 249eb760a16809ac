"""The sandbox provider's own pages: the payer pays or gives up (only with MYSTAR_PAYMENTS=sandbox)."""

from collections.abc import Awaitable, Callable
from typing import Annotated

from dishka.integrations.litestar import FromDishka
from litestar import Controller, get, post
from litestar.exceptions import NotFoundException
from litestar.params import PathParameter
from litestar.response import Redirect, Template

from adapters.payments.sandbox_payment_gateway import SandboxPaymentGateway
from application.errors import PaymentRefusedError
from domain.order import PaymentReport
from entrypoints.http.openapi import errors

Action = Callable[[str], Awaitable[PaymentReport]]
PaymentId = Annotated[str, PathParameter(max_length=64, description="The sandbox payment")]


class SandboxCheckoutController(Controller):
    path = "/payments/sandbox/{payment_id:str}"
    tags = ["Payments sandbox"]

    @get("/", summary="The sandbox's payment page, with Pay and Cancel buttons", responses=errors(400, 404))
    async def page(self, payment_id: PaymentId, sandbox: FromDishka[SandboxPaymentGateway]) -> Template:
        checkout = await sandbox.checkout(payment_id)
        if checkout is None:
            raise NotFoundException("Нет такого платежа")
        return Template("sandbox_checkout.html", context={"checkout": checkout})

    @post("/pay/", status_code=303, summary="The payer pays: the money is held", responses=errors(400, 404))
    async def pay(self, payment_id: PaymentId, sandbox: FromDishka[SandboxPaymentGateway]) -> Redirect:
        return await self._back(payment_id, sandbox, sandbox.pay)

    @post(
        "/cancel/", status_code=303, summary="The payer gives up: the payment is cancelled", responses=errors(400, 404)
    )
    async def cancel(self, payment_id: PaymentId, sandbox: FromDishka[SandboxPaymentGateway]) -> Redirect:
        return await self._back(payment_id, sandbox, sandbox.refuse)

    @staticmethod
    async def _back(payment_id: str, sandbox: SandboxPaymentGateway, action: Action) -> Redirect:
        checkout = await sandbox.checkout(payment_id)
        if checkout is None:
            raise NotFoundException("Нет такого платежа")
        try:
            await action(payment_id)
        except PaymentRefusedError:
            return Redirect(f"/payments/sandbox/{payment_id}/", status_code=303)  # already paid or cancelled
        return Redirect(checkout.return_url, status_code=303)
