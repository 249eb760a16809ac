import logging
from collections.abc import AsyncIterator

from application.identity import Caller, ensure_self
from application.media_intake import MediaIntake
from application.order_mail import OrderMail
from application.orders import find_order_of
from application.ports import Clock, OrderRepository, UnitOfWork
from domain.media import congratulation_folder
from domain.order import Order

logger = logging.getLogger(__name__)


class DeliverCongratulation:
    """The star of an accepted, paid order uploads the greeting, once. The order is checked before the
    video is taken in and again, under its row lock, before it is marked delivered; a refused or failed
    delivery leaves no file behind."""

    def __init__(
        self, orders: OrderRepository, intake: MediaIntake, mail: OrderMail, uow: UnitOfWork, clock: Clock
    ) -> None:
        self._orders = orders
        self._intake = intake
        self._mail = mail
        self._uow = uow
        self._clock = clock

    async def execute(
        self, caller: Caller, order_id: int, chunks: AsyncIterator[bytes], star_id: int | None = None
    ) -> Order:
        ensure_self(caller, star_id, "star_id")
        order = await find_order_of(self._orders, caller, order_id)
        order.ensure_deliverable_by(caller.id)
        await self._uow.rollback()  # no transaction stays open while the video arrives

        path = await self._intake.video(chunks, congratulation_folder(order_id))
        try:
            await self._uow.begin_write()
            order = await find_order_of(self._orders, caller, order_id, for_update=True)
            order.deliver(caller.id, path, self._clock.now())
            await self._orders.update(order)
            await self._mail.delivered(order)
            await self._uow.commit()
        except BaseException:
            await self._intake.forget(path)
            raise
        logger.info("order %s delivered by star %s", order.id, caller.id)
        return order
