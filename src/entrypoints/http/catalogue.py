"""The public catalogue: categories, star lists, a star's page, star creation."""

from typing import Annotated

from dishka.integrations.litestar import FromDishka
from litestar import Controller, Response, get, post
from litestar.params import JSONBody, QueryParameter

from application.browse_stars import BrowseStars
from application.create_star import CreateStar
from application.list_categories import ListCategories
from application.show_star import ShowStar
from application.stars import NewStar
from application.views import Page, PageRequest, StarCard, StarOrder, StarQuery
from entrypoints.http.auth import OPTIONAL_BEARER, TOKEN_ANSWER, Viewer
from entrypoints.http.catalogue_answers import (
    AnyRequest,
    CatalogueAnswers,
    keeps_answers,
    kept_answer,
    kept_answer_unless_token,
)
from entrypoints.http.clients import Client
from entrypoints.http.openapi import errors
from entrypoints.http.params import DEFAULT_LIMIT, MAX_ID, TOTAL_COUNT_HEADER, Limit, Offset, with_total
from entrypoints.http.schemas import (
    CategoryOut,
    StarCreatedOut,
    StarCreateIn,
    StarDetailOut,
    StarOut,
    TagFilterIn,
    star_fields,
)

Ordering = Annotated[
    str | None, QueryParameter(description="rating, -rating, price, -price, likes, -likes or new (newest first)")
]
Search = Annotated[str | None, QueryParameter(description="Text to find in the username, first or last name")]
StarId = Annotated[int, QueryParameter(name="id", ge=1, le=MAX_ID, description="The star's id (its user id)")]
CategoryId = Annotated[int, QueryParameter(name="id", ge=1, le=MAX_ID, description="The category's id")]

# The query parameters of a page of stars (as the handlers below declare them).
PAGE_PARAMETERS = ("limit", "offset", "ordering", "q")


def star_page(page: Page[StarCard]) -> Response[list[StarOut]]:
    return with_total([StarOut.of(card) for card in page.items], page.total)


class CatalogueController(Controller):
    path = "/api"
    tags = ["Catalogue"]

    @get(
        "/categories/",
        summary="Every category",
        before_request=kept_answer,
        opt=keeps_answers(),
        responses=errors(),
    )
    async def list_categories(
        self, request: AnyRequest, answers: FromDishka[CatalogueAnswers], list_categories: FromDishka[ListCategories]
    ) -> Response[list[CategoryOut]]:
        async def categories() -> Response[list[CategoryOut]]:
            return Response([CategoryOut.of(category) for category in await list_categories.execute()])

        return await answers.answer(request, categories)

    @get(
        "/star/getlist/",
        summary="A page of stars",
        before_request=kept_answer,
        opt=keeps_answers(*PAGE_PARAMETERS),
        response_headers=TOTAL_COUNT_HEADER,
        responses=errors(400),
    )
    async def list_stars(
        self,
        request: AnyRequest,
        answers: FromDishka[CatalogueAnswers],
        browse_stars: FromDishka[BrowseStars],
        limit: Limit = DEFAULT_LIMIT,
        offset: Offset = 0,
        ordering: Ordering = None,
        q: Search = None,
    ) -> Response[list[StarOut]]:
        query = StarQuery(PageRequest(limit, offset), StarOrder.parse(ordering), q or "")

        async def page() -> Response[list[StarOut]]:
            return star_page(await browse_stars.execute(query))

        return await answers.answer(request, page)

    @get(
        "/star/id/",
        summary="One star; e-mail and phone only for that star (send its token)",
        security=OPTIONAL_BEARER,
        before_request=kept_answer_unless_token,
        opt=keeps_answers("id", star="id"),
        responses=errors(400, 404),
    )
    async def show_star(
        self,
        request: AnyRequest,
        star_id: StarId,
        viewer: FromDishka[Viewer],
        answers: FromDishka[CatalogueAnswers],
        show_star: FromDishka[ShowStar],
    ) -> Response[StarDetailOut]:
        async def card() -> Response[StarDetailOut]:
            return Response(StarDetailOut.of_page(await show_star.execute(star_id, viewer.caller)))

        if viewer.caller is not None:  # the star sees its own e-mail and phone: not an answer for others
            return await card()
        return await answers.answer(request, card)

    @get(
        "/star/category/",
        summary="A page of the stars of one category",
        before_request=kept_answer,
        opt=keeps_answers("id", *PAGE_PARAMETERS),
        response_headers=TOTAL_COUNT_HEADER,
        responses=errors(400, 404),
    )
    async def list_category(
        self,
        request: AnyRequest,
        category_id: CategoryId,
        answers: FromDishka[CatalogueAnswers],
        browse_stars: FromDishka[BrowseStars],
        limit: Limit = DEFAULT_LIMIT,
        offset: Offset = 0,
        ordering: Ordering = None,
        q: Search = None,
    ) -> Response[list[StarOut]]:
        query = StarQuery(PageRequest(limit, offset), StarOrder.parse(ordering), q or "", category_id=category_id)

        async def page() -> Response[list[StarOut]]:
            return star_page(await browse_stars.execute(query))

        return await answers.answer(request, page)

    @post(
        "/star/filter/",
        status_code=200,
        summary="Stars with any of the tags",
        response_headers=TOTAL_COUNT_HEADER,
        responses=errors(400, 413),
    )
    async def filter_stars(
        self,
        data: JSONBody[TagFilterIn],
        browse_stars: FromDishka[BrowseStars],
        limit: Limit = DEFAULT_LIMIT,
        offset: Offset = 0,
        ordering: Ordering = None,
    ) -> Response[list[StarOut]]:
        tags = (data.filter,) if isinstance(data.filter, str) else tuple(data.filter)
        query = StarQuery(PageRequest(limit, offset), StarOrder.parse(ordering), tags=tags)
        return star_page(await browse_stars.execute(query))

    @post(
        "/star/create/",
        status_code=201,
        summary="Open a star account",
        cache_control=TOKEN_ANSWER,
        responses=errors(400, 404, 409, 413, 429),
    )
    async def create_star(
        self, data: JSONBody[StarCreateIn], client: FromDishka[Client], create_star: FromDishka[CreateStar]
    ) -> StarCreatedOut:
        created = await create_star.execute(
            NewStar(
                account=data.to_account(),
                price=data.price,
                category_id=data.cat_name_id,
                price_another=data.price_another,
                profession=data.profession,
                description=data.description,
                days=data.days,
                tags=list(data.tags),
            ),
            client.key,
        )
        user = created.session.user
        return StarCreatedOut(
            **star_fields(StarCard.of(user, created.star)),
            email=str(user.email),
            phone=user.phone.as_number(),
            token=created.session.token,
        )
