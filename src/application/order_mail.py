"""The e-mails about an order, each to the person's own address, queued in the order's transaction."""

from application.mail_writer import MailWriter
from application.ports import UserRepository
from domain.order import Order, OrderType

# What was ordered, as the star reads it.
_ORDERED = {OrderType.GREETING: "видео-поздравление", OrderType.INVITATION: "приглашение на праздник"}
# What is delivered, as the customer reads it.
_DELIVERED = {OrderType.GREETING: "видео-поздравление", OrderType.INVITATION: "видео"}


class OrderMail:
    def __init__(self, users: UserRepository, writer: MailWriter) -> None:
        self._users = users
        self._writer = writer

    async def paid(self, order: Order) -> None:
        await self._tell(
            order.star_id,
            f"Новый оплаченный заказ №{order.id}",
            f"Вам заказали {_ORDERED[order.order_type]} «{order.for_whom}» на {order.price} ₽. "
            "Деньги зарезервированы и будут списаны, когда вы примете заказ. "
            "Ответьте, пожалуйста, до того, как резерв истечёт.",
        )

    async def accepted(self, order: Order) -> None:
        await self._tell(
            order.customer_id,
            f"Заказ №{order.id} принят",
            f"Звезда приняла ваш заказ «{order.for_whom}»; {order.price} ₽ списаны. "
            "Мы напишем, когда видео будет готово.",
        )

    async def declined(self, order: Order) -> None:
        await self._tell(
            order.customer_id,
            f"Заказ №{order.id} отклонён",
            "К сожалению, звезда отклонила ваш заказ. Если деньги были зарезервированы, резерв снят.",
        )

    async def cancelled(self, order: Order) -> None:
        await self._tell(
            order.customer_id,
            f"Заказ №{order.id} отменён",
            "Вы отменили заказ. Если деньги были зарезервированы, резерв снят.",
        )

    async def withdrawn(self, order: Order) -> None:
        """The star learns that a paid order they were told of is off."""
        await self._tell(
            order.star_id,
            f"Заказ №{order.id} отменён покупателем",
            f"Покупатель отменил заказ «{order.for_whom}», резерв денег снят. Записывать поздравление не нужно.",
        )

    async def expired(self, order: Order) -> None:
        """Both sides learn that a paid order closed unanswered."""
        await self._tell(
            order.customer_id,
            f"Заказ №{order.id} закрыт без ответа",
            "Звезда не ответила вовремя, и заказ закрыт. Резерв денег снят.",
        )
        await self._tell(
            order.star_id,
            f"Заказ №{order.id} закрыт без ответа",
            f"Вы не ответили вовремя на заказ «{order.for_whom}», и он закрыт: резерв денег снят.",
        )

    async def delivered(self, order: Order) -> None:
        await self._tell(
            order.customer_id,
            f"Ваше {_DELIVERED[order.order_type]} готово (заказ №{order.id})",
            "Звезда записала видео для вас. Посмотреть его можно в заказе, в личном кабинете.",
        )

    async def _tell(self, user_id: int, subject: str, text: str) -> None:
        user = await self._users.get(user_id)
        if user is not None:
            await self._writer.write(user.email, subject, text)
