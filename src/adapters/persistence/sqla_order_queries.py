"""Orders with both people's names and pictures, in one statement per page."""

from sqlalchemy import Select, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from adapters.persistence.sqla_order_repository import to_order
from adapters.persistence.tables import OrderRow, StarRow, UserRow
from application.views import OrderView, Page, PageRequest

_STAR_USER = aliased(UserRow, name="star_user")
_CUSTOMER = aliased(UserRow, name="customer")


def _views() -> Select[OrderRow, str, str | None, str, str | None, str]:
    return (
        select(
            OrderRow, _STAR_USER.username, _STAR_USER.avatar, _CUSTOMER.username, _CUSTOMER.avatar, StarRow.profession
        )
        .join(_STAR_USER, _STAR_USER.id == OrderRow.star_id)
        .join(StarRow, StarRow.user_id == OrderRow.star_id)
        .join(_CUSTOMER, _CUSTOMER.id == OrderRow.customer_id)
    )


class SqlaOrderQueries:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def view(self, order_id: int) -> OrderView | None:
        row = (await self._session.execute(_views().where(OrderRow.id == order_id))).first()
        return None if row is None else OrderView(to_order(row[0]), *row[1:])

    async def of_participant(self, user_id: int, page: PageRequest) -> Page[OrderView]:
        mine = or_(OrderRow.customer_id == user_id, OrderRow.star_id == user_id)
        statement = _views().where(mine).order_by(OrderRow.id.desc()).limit(page.limit).offset(page.offset)
        rows = (await self._session.execute(statement)).all()
        total = await self._session.scalar(select(func.count()).select_from(OrderRow).where(mine))
        return Page([OrderView(to_order(row[0]), *row[1:]) for row in rows], total or 0)
