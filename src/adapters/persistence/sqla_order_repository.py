import functools

from advanced_alchemy.repository import SQLAlchemyAsyncRepository
from sqlalchemy import Select, and_, bindparam, case, exists, insert, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.persistence.driver_statements import DriverStatement, postgres_driver
from adapters.persistence.tables import OrderRow
from application.ports import PaymentDue
from domain.order import DeclineReason, Order, OrderStatus, OrderType, PaymentStatus
from domain.values import Money

# Every column but the id given, so that nothing is left to defaults the driver would not apply.
_INSERT = (
    insert(OrderRow)
    .values({column.key: bindparam(column.key) for column in OrderRow.__table__.columns if column.key != "id"})
    .returning(OrderRow.id)
)
_INSERT_ON_DRIVER = DriverStatement.of(_INSERT)


class OrderRowRepository(SQLAlchemyAsyncRepository[OrderRow]):
    model_type = OrderRow


class SqlaOrderRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    @functools.cached_property
    def _rows(self) -> OrderRowRepository:
        """Made when first needed: it costs more to make than a small request's statements. SQLAlchemy's
        own errors, not advanced-alchemy's: it would report a lost connection as an IntegrityError."""
        return OrderRowRepository(session=self._session, wrap_exceptions=False)

    async def add(self, order: Order) -> Order:
        # One INSERT ... RETURNING, on PostgreSQL straight through asyncpg (driver_statements).
        values = {
            "customer_id": order.customer_id,
            "star_id": order.star_id,
            "order_type": order.order_type.value,
            "price": order.price.amount,
            "for_whom": order.for_whom,
            "comment": order.comment,
            "by_date": order.by_date,
            "created_at": order.ordered_at,
            "updated_at": order.ordered_at,
            **state_columns(order),
        }
        driver = await postgres_driver(self._session)
        if driver is not None:
            order.id = await driver.fetch_value(_INSERT_ON_DRIVER, **values)
        else:
            order.id = (await self._session.execute(_INSERT, values)).scalar_one()
        return order

    async def get(self, order_id: int, *, for_update: bool = False) -> Order | None:
        statement = select(OrderRow).where(OrderRow.id == order_id)
        return await self._one(statement.with_for_update() if for_update else statement)

    async def find_by_payment(self, payment_id: str) -> Order | None:
        if not payment_id:
            return None
        return await self._one(select(OrderRow).where(OrderRow.payment_id == payment_id).with_for_update())

    async def lock_unless_busy(self, order_id: int) -> Order | None:
        return await self._one(select(OrderRow).where(OrderRow.id == order_id).with_for_update(skip_locked=True))

    async def needing_payment_work(self, due: PaymentDue, limit: int) -> list[int]:
        new, declined = int(OrderStatus.NEW), int(OrderStatus.DECLINED)
        pending, held = PaymentStatus.PENDING.value, PaymentStatus.HELD.value
        lapsing = and_(
            OrderRow.payment_status == held, OrderRow.status == new, OrderRow.hold_expires_at <= due.lapse_before
        )
        unsettled = or_(
            and_(OrderRow.payment_status == pending, OrderRow.status == new),
            and_(OrderRow.payment_status.in_((pending, held)), OrderRow.status == declined),
        )
        not_asked_lately = or_(OrderRow.payment_checked_at.is_(None), OrderRow.payment_checked_at <= due.recheck_before)
        statement = (
            select(OrderRow.id)
            .where(or_(lapsing, unsettled), not_asked_lately)
            .order_by(case((lapsing, 0), else_=1), OrderRow.payment_checked_at.asc().nulls_first(), OrderRow.id)
            .limit(limit)
        )
        return list((await self._session.scalars(statement)).all())

    async def _one(self, statement: Select[OrderRow]) -> Order | None:
        result = await self._session.execute(statement.execution_options(populate_existing=True))
        row = result.scalar_one_or_none()
        return None if row is None else to_order(row)

    async def update(self, order: Order) -> None:
        row = await self._session.get(OrderRow, order.id)
        if row is None:
            raise LookupError(f"order {order.id} vanished")
        copy_state_to_row(order, row)
        await self._rows.update(row, auto_refresh=False)

    async def has_delivered(self, customer_id: int, star_id: int) -> bool:
        delivered = exists().where(
            OrderRow.customer_id == customer_id, OrderRow.star_id == star_id, OrderRow.video.is_not(None)
        )
        return bool(await self._session.scalar(select(delivered)))


def state_columns(order: Order) -> dict[str, object]:
    """The parts of an order that change after it is placed."""
    return {
        "status": int(order.status),
        "decline_reason": None if order.decline_reason is None else order.decline_reason.value,
        "decline_comment": order.decline_comment,
        "payment_status": order.payment_status.value,
        "payment_id": order.payment_id,
        "payment_key": order.payment_key,
        "payment_url": order.payment_url,
        "hold_expires_at": order.hold_expires_at,
        "payment_checked_at": order.payment_checked_at,
        "video": order.video,
        "delivered_at": order.delivered_at,
    }


def copy_state_to_row(order: Order, row: OrderRow) -> None:
    for name, value in state_columns(order).items():
        setattr(row, name, value)


def to_order(row: OrderRow) -> Order:
    return Order(
        id=row.id,
        customer_id=row.customer_id,
        star_id=row.star_id,
        order_type=OrderType(row.order_type),
        price=Money(row.price),
        for_whom=row.for_whom,
        comment=row.comment,
        ordered_at=row.created_at,
        by_date=row.by_date,
        status=OrderStatus(row.status),
        decline_reason=None if row.decline_reason is None else DeclineReason(row.decline_reason),
        decline_comment=row.decline_comment,
        payment_status=PaymentStatus(row.payment_status),
        payment_id=row.payment_id,
        payment_key=row.payment_key,
        payment_url=row.payment_url,
        hold_expires_at=row.hold_expires_at,
        payment_checked_at=row.payment_checked_at,
        video=row.video,
        delivered_at=row.delivered_at,
    )
