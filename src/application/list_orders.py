from application.identity import Caller, ensure_self, ensure_star_flag
from application.ports import OrderQueries
from application.views import OrderView, Page, PageRequest


class ListOrders:
    """The caller's orders, placed or received, newest first; `user_id` and `is_star`, when given,
    must describe the caller."""

    def __init__(self, queries: OrderQueries) -> None:
        self._queries = queries

    async def execute(
        self, caller: Caller, page: PageRequest, user_id: int | None = None, is_star: bool | None = None
    ) -> Page[OrderView]:
        ensure_self(caller, user_id, "user_id")
        ensure_star_flag(caller, is_star)
        return await self._queries.of_participant(caller.id, page)
