"""Steps of an order story that have no route yet (the greeting upload arrives with the uploads issue)."""

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.persistence.database import create_session_factory
from adapters.persistence.sqla_order_repository import SqlaOrderRepository


async def deliver(engine: AsyncEngine, order_id: int, star_id: int, video: str = "congratulation/greeting.mp4") -> None:
    """The star hands over the greeting, through the domain's own rule."""
    async with create_session_factory(engine)() as session:
        orders = SqlaOrderRepository(session)
        order = await orders.get(order_id, for_update=True)
        assert order is not None
        order.deliver(star_id, video, datetime.now(UTC))
        await orders.update(order)
        await session.commit()
