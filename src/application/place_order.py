import logging
from dataclasses import dataclass
from datetime import date

from application.identity import Caller, ensure_self
from application.ports import Clock, OrderRepository, StarRepository, UnitOfWork
from domain import order as order_rules
from domain.errors import (
    InvalidValueError,
    OrderTypeUnavailableError,
    OwnStarError,
    PriceMismatchError,
    StarNotFoundError,
)
from domain.order import Order, OrderType
from domain.values import Money, MoneyInput

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class NewOrder:
    star_id: int
    for_whom: str
    comment: str
    order_type: OrderType = OrderType.GREETING
    by_date: date | None = None
    order_price: MoneyInput | None = None
    customer_id: int | None = None
    status_order: int | None = None


class PlaceOrder:
    """A customer orders a greeting. The price is the star's current price for the order type, set by
    the server: a client that names another price gets a conflict, not that price. The order starts new."""

    def __init__(self, orders: OrderRepository, stars: StarRepository, uow: UnitOfWork, clock: Clock) -> None:
        self._orders = orders
        self._stars = stars
        self._uow = uow
        self._clock = clock

    async def execute(self, caller: Caller, new_order: NewOrder) -> Order:
        ensure_self(caller, new_order.customer_id, "customer_id")
        if new_order.status_order not in (None, 0):
            raise InvalidValueError("status_order", "Новый заказ создаётся со статусом 0")
        now = self._clock.now()
        order_type = new_order.order_type
        if new_order.by_date is not None and new_order.by_date < now.date():
            raise InvalidValueError("by_date", "Дата не может быть в прошлом")
        for_whom = order_rules.for_whom(new_order.for_whom)
        if not for_whom:
            raise InvalidValueError("for_whom", "Укажите, для кого поздравление")
        comment = order_rules.comment(new_order.comment)
        if new_order.star_id == caller.id:
            raise OwnStarError("Нельзя заказать поздравление у самого себя")

        await self._uow.begin_write()
        prices = await self._stars.prices(new_order.star_id)
        if prices is None:
            raise StarNotFoundError
        price = prices.price if order_type is OrderType.GREETING else prices.price_another
        if price is None:
            raise OrderTypeUnavailableError
        if new_order.order_price is not None and Money.parse(new_order.order_price, "order_price") != price:
            raise PriceMismatchError(str(price))

        order = await self._orders.add(
            Order(
                customer_id=caller.id,
                star_id=new_order.star_id,
                order_type=order_type,
                price=price,
                for_whom=for_whom,
                comment=comment,
                ordered_at=now,
                by_date=new_order.by_date,
            )
        )
        await self._uow.commit()

        logger.info("order %s placed by %s with star %s for %s", order.id, caller.id, new_order.star_id, price)
        return order
