"""The catalogue's read side in Core queries: a page of stars costs three statements whatever its size."""

from collections import defaultdict
from collections.abc import Sequence
from typing import Any, TypeAlias

from sqlalchemy import ColumnElement, Row, Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.persistence.tables import FavoriteRow, StarRow, StarTagRow, TagRow, UserRow
from application.views import Page, StarCard, StarOrder, StarQuery

AnySelect: TypeAlias = Select[*tuple[Any, ...]]
AnyRow: TypeAlias = Row[*tuple[Any, ...]]

_CARD_COLUMNS = (
    StarRow.user_id,
    UserRow.username,
    UserRow.first_name,
    UserRow.last_name,
    UserRow.avatar,
    StarRow.price,
    StarRow.price_another,
    StarRow.category_id,
    StarRow.rating,
    StarRow.rating_count,
    StarRow.likes,
    StarRow.days,
    StarRow.profession,
    StarRow.description,
    StarRow.top,
    StarRow.video_hi,
)

# Each ordering is an index read in one direction (see the star table's indexes): ties go by id, in the
# ordering's own direction, so that no page needs a sort of every star.
_ORDER_BY: dict[StarOrder, tuple[ColumnElement[Any], ...]] = {
    StarOrder.FEATURED: (StarRow.top.desc(), StarRow.user_id.asc()),
    StarOrder.RATING: (StarRow.rating.asc(), StarRow.user_id.asc()),
    StarOrder.RATING_DESC: (StarRow.rating.desc(), StarRow.user_id.desc()),
    StarOrder.PRICE: (StarRow.price.asc(), StarRow.user_id.asc()),
    StarOrder.PRICE_DESC: (StarRow.price.desc(), StarRow.user_id.desc()),
    StarOrder.LIKES: (StarRow.likes.asc(), StarRow.user_id.asc()),
    StarOrder.LIKES_DESC: (StarRow.likes.desc(), StarRow.user_id.desc()),
    StarOrder.NEWEST: (StarRow.created_at.desc(), StarRow.user_id.desc()),
}


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _filtered(statement: AnySelect, query: StarQuery) -> AnySelect:
    if query.text:
        statement = statement.where(UserRow.search_text.like(f"%{_escape_like(query.text)}%", escape="\\"))
    if query.category_id is not None:
        statement = statement.where(StarRow.category_id == query.category_id)
    if query.tags:
        tagged = (
            select(StarTagRow.star_id).join(TagRow, TagRow.id == StarTagRow.tag_id).where(TagRow.name.in_(query.tags))
        )
        statement = statement.where(StarRow.user_id.in_(tagged))
    if query.favorite_of is not None:
        favorites = select(FavoriteRow.star_id).where(FavoriteRow.user_id == query.favorite_of)
        statement = statement.where(StarRow.user_id.in_(favorites))
    return statement


class SqlaStarCatalogue:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def search(self, query: StarQuery) -> Page[StarCard]:
        base = select(*_CARD_COLUMNS).join(UserRow, UserRow.id == StarRow.user_id)
        statement = (
            _filtered(base, query).order_by(*_ORDER_BY[query.order]).limit(query.page.limit).offset(query.page.offset)
        )
        rows = (await self._session.execute(statement)).all()

        # Every star has its user (a foreign key): the users are joined only to search their names.
        counted = select(func.count()).select_from(StarRow)
        if query.text:
            counted = counted.join(UserRow, UserRow.id == StarRow.user_id)
        total = (await self._session.execute(_filtered(counted, query))).scalar_one()
        return Page(await self._cards(rows), total)

    async def get(self, star_id: int) -> StarCard | None:
        statement = (
            select(*_CARD_COLUMNS).join(UserRow, UserRow.id == StarRow.user_id).where(StarRow.user_id == star_id)
        )
        row = (await self._session.execute(statement)).first()
        if row is None:
            return None
        return (await self._cards([row]))[0]

    async def _cards(self, rows: Sequence[AnyRow]) -> list[StarCard]:
        tags = await self._tags_of([row.user_id for row in rows])
        return [
            StarCard(
                id=row.user_id,
                username=row.username,
                first_name=row.first_name,
                last_name=row.last_name,
                price=row.price,
                price_another=row.price_another,
                category_id=row.category_id,
                rating=row.rating,
                rating_count=row.rating_count,
                likes=row.likes,
                days=row.days,
                profession=row.profession,
                description=row.description,
                tags=tuple(tags[row.user_id]),
                top=row.top,
                avatar=row.avatar,
                video=row.video_hi,
            )
            for row in rows
        ]

    async def _tags_of(self, star_ids: list[int]) -> dict[int, list[str]]:
        """The tags of all these stars in one statement."""
        tags: dict[int, list[str]] = defaultdict(list)
        if not star_ids:
            return tags
        rows = await self._session.execute(
            select(StarTagRow.star_id, TagRow.name)
            .join(TagRow, TagRow.id == StarTagRow.tag_id)
            .where(StarTagRow.star_id.in_(star_ids))
            .order_by(StarTagRow.star_id, StarTagRow.position)
        )
        for star_id, name in rows:
            tags[star_id].append(name)
        return tags
