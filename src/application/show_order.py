from application.identity import Caller
from application.ports import OrderQueries
from application.views import OrderView
from domain.errors import OrderNotFoundError


class ShowOrder:
    """One order, for its customer and its star only; `star_id`, when given, must be the order's star."""

    def __init__(self, queries: OrderQueries) -> None:
        self._queries = queries

    async def execute(self, caller: Caller, order_id: int, star_id: int | None = None) -> OrderView:
        view = await self._queries.view(order_id)
        if view is None or not view.order.involves(caller.id):
            raise OrderNotFoundError
        if star_id is not None and star_id != view.order.star_id:
            raise OrderNotFoundError
        return view
