"""Placing, deciding, cancelling and following orders."""

from typing import Annotated

from dishka.integrations.litestar import FromDishka
from litestar import Controller, Response, get, post
from litestar.params import JSONBody, QueryParameter

from application.accept_order import AcceptOrder
from application.cancel_order import CancelOrder
from application.decline_order import DeclineOrder
from application.identity import Caller
from application.list_orders import ListOrders
from application.media_links import MediaLinks
from application.place_order import NewOrder, PlaceOrder
from application.show_order import ShowOrder
from application.views import PageRequest
from domain.errors import InvalidValueError
from entrypoints.http.auth import BEARER_SECURITY, require_caller
from entrypoints.http.openapi import errors
from entrypoints.http.params import (
    DEFAULT_LIMIT,
    MAX_ID,
    TOTAL_COUNT_HEADER,
    Flag,
    Limit,
    Offset,
    parse_flag,
    with_total,
)
from entrypoints.http.schemas import (
    OrderCreatedOut,
    OrderDecisionIn,
    OrderDetailOut,
    OrderIdIn,
    OrderIn,
    OrderListItemOut,
    parse_order_type,
)

ACCEPTED = ["Заказ принят"]
DECLINED = ["Заказ отклонен"]
CANCELLED = ["Заказ отменен"]
_ACCEPT_WORDS = {"accept": True, "reject": False, "decline": False}


class OrderController(Controller):
    path = "/api"
    tags = ["Orders"]
    security = BEARER_SECURITY
    guards = [require_caller]

    @post(
        "/order/",
        status_code=201,
        summary="Order a greeting (the server sets the price)",
        responses=errors(400, 401, 403, 404, 409, 413),
    )
    async def place(
        self, data: JSONBody[OrderIn], caller: FromDishka[Caller], place_order: FromDishka[PlaceOrder]
    ) -> OrderCreatedOut:
        order = await place_order.execute(
            caller,
            NewOrder(
                star_id=data.star_id,
                for_whom=data.for_whom,
                comment=data.comment,
                order_type=parse_order_type(data.type),
                by_date=data.by_date,
                order_price=data.order_price,
                customer_id=data.customer_id,
                status_order=data.status_order,
            ),
        )
        return OrderCreatedOut(order_id=order.id)

    @post(
        ["/orderaccept/", "/order/accept/"],
        status_code=201,
        summary="The star accepts (capturing the held money) or declines (releasing it) an order",
        responses=errors(400, 401, 403, 404, 409, 413, 502, 503),
    )
    async def decide(
        self,
        data: JSONBody[OrderDecisionIn],
        caller: FromDishka[Caller],
        accept_order: FromDishka[AcceptOrder],
        decline_order: FromDishka[DeclineOrder],
    ) -> list[str]:
        accept = _ACCEPT_WORDS.get(data.accept.strip().lower())
        if accept is None:
            raise InvalidValueError("accept", 'Ожидается "accept", "reject" или "decline"')
        if accept:
            await accept_order.execute(caller, data.order_id)
            return ACCEPTED
        await decline_order.execute(caller, data.order_id, data.reason)
        return DECLINED

    @post(
        "/order/cancel/",
        status_code=200,
        summary="The customer cancels a new order (its held money is released)",
        responses=errors(400, 401, 403, 404, 409, 413, 502, 503),
    )
    async def cancel(
        self, data: JSONBody[OrderIdIn], caller: FromDishka[Caller], cancel_order: FromDishka[CancelOrder]
    ) -> list[str]:
        await cancel_order.execute(caller, data.order_id)
        return CANCELLED

    @get("/order/cust/detail/", summary="One order, for its customer or its star", responses=errors(400, 401, 404))
    async def detail(
        self,
        order_id: Annotated[int, QueryParameter(ge=1, le=MAX_ID, description="The order")],
        caller: FromDishka[Caller],
        show_order: FromDishka[ShowOrder],
        links: FromDishka[MediaLinks],
        star_id: Annotated[int | None, QueryParameter(ge=1, le=MAX_ID, description="Must be the order's star")] = None,
    ) -> OrderDetailOut:
        return OrderDetailOut.of(await show_order.execute(caller, order_id, star_id), links.link)

    @get(
        "/order/list/",
        summary="The caller's orders, newest first",
        response_headers=TOTAL_COUNT_HEADER,
        responses=errors(400, 401, 403),
    )
    async def list_orders(
        self,
        caller: FromDishka[Caller],
        list_orders: FromDishka[ListOrders],
        links: FromDishka[MediaLinks],
        is_star: Flag = None,
        user_id: Annotated[int | None, QueryParameter(ge=1, le=MAX_ID, description="Must be the caller")] = None,
        limit: Limit = DEFAULT_LIMIT,
        offset: Offset = 0,
    ) -> Response[list[OrderListItemOut]]:
        page = await list_orders.execute(caller, PageRequest(limit, offset), user_id, parse_flag(is_star, "is_star"))
        return with_total([OrderListItemOut.of_view(view, links.link) for view in page.items], page.total)
