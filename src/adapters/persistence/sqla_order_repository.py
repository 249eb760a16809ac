from advanced_alchemy.repository import SQLAlchemyAsyncRepository
from sqlalchemy import Select, and_, case, exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.persistence.tables import OrderRow
from application.ports import PaymentDue
from domain.order import DeclineReason, Order, OrderStatus, OrderType, PaymentStatus
from domain.values import Money


class OrderRowRepository(SQLAlchemyAsyncRepository[OrderRow]):
    model_type = OrderRow


class SqlaOrderRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        # SQLAlchemy's own errors: advanced-alchemy would report a lost connection as an IntegrityError.
        self._rows = OrderRowRepository(session=session, wrap_exceptions=False)

    async def add(self, order: Order) -> Order:
        row = OrderRow(
            customer_id=order.customer_id,
            star_id=order.star_id,
            order_type=order.order_type.value,
            price=order.price.amount,
            for_whom=order.for_whom,
            comment=order.comment,
            by_date=order.by_date,
            created_at=order.ordered_at,
        )
        copy_state_to_row(order, row)
        await self._rows.add(row, auto_refresh=False)
        order.id = row.id
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


def copy_state_to_row(order: Order, row: OrderRow) -> None:
    """The parts of an order that change after it is placed."""
    row.status = int(order.status)
    row.decline_reason = None if order.decline_reason is None else order.decline_reason.value
    row.decline_comment = order.decline_comment
    row.payment_status = order.payment_status.value
    row.payment_id = order.payment_id
    row.payment_key = order.payment_key
    row.payment_url = order.payment_url
    row.hold_expires_at = order.hold_expires_at
    row.payment_checked_at = order.payment_checked_at
    row.video = order.video
    row.delivered_at = order.delivered_at


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
