"""Orders with both people's names and pictures, in one statement per page."""

from sqlalchemy import ColumnElement, Select, func, or_, select
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


def _involving(user_id: int) -> ColumnElement[bool]:
    return or_(OrderRow.customer_id == user_id, OrderRow.star_id == user_id)


class SqlaOrderQueries:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def view(self, order_id: int) -> OrderView | None:
        row = (await self._session.execute(_views().where(OrderRow.id == order_id))).first()
        return None if row is None else OrderView(to_order(row[0]), *row[1:])

    async def of_participant(self, user_id: int, page: PageRequest) -> Page[OrderView]:
        views = await self._newest(user_id, page.limit, page.offset)
        total = await self._session.scalar(select(func.count()).select_from(OrderRow).where(_involving(user_id)))
        return Page(views, total or 0)

    async def latest_of_participant(self, user_id: int, limit: int) -> list[OrderView]:
        return await self._newest(user_id, limit, 0)

    async def _newest(self, user_id: int, limit: int, offset: int) -> list[OrderView]:
        statement = _views().where(_involving(user_id)).order_by(OrderRow.id.desc()).limit(limit).offset(offset)
        rows = (await self._session.execute(statement)).all()
        return [OrderView(to_order(row[0]), *row[1:]) for row in rows]
