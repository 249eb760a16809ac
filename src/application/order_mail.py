"""The e-mails about an order, each to the person's own address, queued in the order's transaction."""

from dataclasses import dataclass

from application.ports import Clock, Outbox, UserRepository
from domain.mail import Mail
from domain.order import Order


@dataclass(frozen=True, slots=True)
class ServiceAddress:
    """Where people find the service (MYSTAR_PUBLIC_URL), for the links in e-mails."""

    public_url: str


class OrderMail:
    def __init__(self, users: UserRepository, outbox: Outbox, clock: Clock, address: ServiceAddress) -> None:
        self._users = users
        self._outbox = outbox
        self._clock = clock
        self._address = address

    async def paid(self, order: Order) -> None:
        await self._tell(
            order.star_id,
            f"Новый оплаченный заказ №{order.id}",
            f"Вам заказали видео-поздравление «{order.for_whom}» на {order.price} ₽. Деньги зарезервированы и "
            "будут списаны, когда вы примете заказ. Ответьте, пожалуйста, до того, как резерв истечёт.",
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

    async def expired(self, order: Order) -> None:
        await self._tell(
            order.customer_id,
            f"Заказ №{order.id} закрыт без ответа",
            "Звезда не ответила вовремя, и заказ закрыт. Резерв денег снят.",
        )

    async def delivered(self, order: Order) -> None:
        await self._tell(
            order.customer_id,
            f"Ваше видео-поздравление готово (заказ №{order.id})",
            "Звезда записала поздравление. Посмотреть его можно в заказе, в личном кабинете.",
        )

    async def _tell(self, user_id: int, subject: str, text: str) -> None:
        user = await self._users.get(user_id)
        if user is None:
            return
        body = f"{text}\n\nMy Star: {self._address.public_url}/\n"
        await self._outbox.add(Mail(to=user.email.value, subject=subject, body=body), self._clock.now())
