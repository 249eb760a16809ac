"""Likes, favourites and ratings of stars."""

from dishka.integrations.litestar import FromDishka
from litestar import Controller, Response, delete, get, post, put
from litestar.params import JSONBody

from application.add_favorite import AddFavorite
from application.identity import Caller
from application.like_star import LikeStar
from application.list_favorites import ListFavorites
from application.rate_star import RateStar
from application.remove_favorite import RemoveFavorite
from application.unlike_star import UnlikeStar
from application.views import PageRequest
from entrypoints.http.auth import BEARER_SECURITY, require_caller
from entrypoints.http.openapi import errors, message, message_or_error
from entrypoints.http.params import DEFAULT_LIMIT, TOTAL_COUNT_HEADER, Limit, Offset, with_total
from entrypoints.http.schemas import RatingIn, StarIdIn, StarOut, StarReactionIn


class ReactionController(Controller):
    path = "/api"
    tags = ["Likes, favourites, ratings"]
    security = BEARER_SECURITY
    guards = [require_caller]

    @post(
        "/star/like/",
        status_code=201,
        summary="Like a star (once)",
        responses=errors(400, 401, 404, 413)
        | message_or_error(403, 'Already liked: `["Лайк уже стоит"]`; the error shape for another refusal'),
    )
    async def like(
        self, data: JSONBody[StarReactionIn], caller: FromDishka[Caller], like_star: FromDishka[LikeStar]
    ) -> list[str]:
        await like_star.execute(caller, data.star_id, data.cust_id)
        return ["Оценка выставлена"]

    @delete("/star/like/", status_code=200, summary="Take a like back", responses=errors(400, 401, 404, 413))
    async def unlike(
        self, data: JSONBody[StarIdIn], caller: FromDishka[Caller], unlike_star: FromDishka[UnlikeStar]
    ) -> list[str]:
        await unlike_star.execute(caller, data.star_id)
        return ["Лайк удален"]

    @get(
        "/star/favorite/",
        summary="The caller's favourite stars",
        response_headers=TOTAL_COUNT_HEADER,
        responses=errors(400, 401),
    )
    async def favorites(
        self,
        caller: FromDishka[Caller],
        list_favorites: FromDishka[ListFavorites],
        limit: Limit = DEFAULT_LIMIT,
        offset: Offset = 0,
    ) -> Response[list[StarOut]]:
        page = await list_favorites.execute(caller, PageRequest(limit, offset))
        return with_total([StarOut.of(card) for card in page.items], page.total)

    @post(
        "/star/favorite/",
        status_code=201,
        summary="Add a star to the favourites (201 added, 200 already there)",
        responses=errors(400, 401, 403, 404, 413) | message(200, 'Already a favourite: `["Уже в избранном"]`'),
    )
    async def add_favorite(
        self, data: JSONBody[StarReactionIn], caller: FromDishka[Caller], add_favorite: FromDishka[AddFavorite]
    ) -> Response[list[str]]:
        if await add_favorite.execute(caller, data.star_id, data.cust_id):
            return Response(["Добавлено в избранное"], status_code=201)
        return Response(["Уже в избранном"], status_code=200)

    @delete(
        "/star/favorite/", status_code=200, summary="Remove a star from the favourites", responses=errors(400, 401, 413)
    )
    async def remove_favorite(
        self, data: JSONBody[StarIdIn], caller: FromDishka[Caller], remove_favorite: FromDishka[RemoveFavorite]
    ) -> list[str]:
        await remove_favorite.execute(caller, data.star_id)
        return ["Удалено из избранного"]

    @put(
        "/ratestar/",
        status_code=201,
        summary="Rate a star 1–5 (201 first rating, 200 changed)",
        responses=errors(400, 401, 403, 404, 413) | message(200, 'The rating changed: `["Оценка обновлена"]`'),
    )
    async def rate(
        self, data: JSONBody[RatingIn], caller: FromDishka[Caller], rate_star: FromDishka[RateStar]
    ) -> Response[list[str]]:
        if await rate_star.execute(caller, data.adresant, data.rating, data.comment, data.adresat):
            return Response(["Оценка выставлена"], status_code=201)
        return Response(["Оценка обновлена"], status_code=200)
