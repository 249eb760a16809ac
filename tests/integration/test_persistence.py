"""The SQLAlchemy repositories and the catalogue queries on SQLite and PostgreSQL."""

import asyncio
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from adapters.persistence.database import create_session_factory
from adapters.persistence.sqla_category_repository import SqlaCategoryRepository
from adapters.persistence.sqla_star_catalogue import SqlaStarCatalogue
from adapters.persistence.sqla_star_repository import SqlaStarRepository
from adapters.persistence.sqla_user_repository import SqlaUserRepository
from application.views import PageRequest, StarOrder, StarQuery
from domain.errors import EmailTakenError, PhoneTakenError, UsernameTakenError
from domain.star import StarProfile
from domain.user import User
from domain.values import Email, Money, Phone, Tag, Username


def a_user(name: str, *, email: str | None = None, phone: str | None = None, is_star: bool = False) -> User:
    return User(
        username=Username(name),
        email=Email(email or f"{name.lower()}@example.com"),
        phone=Phone(phone or str(79_000_000_000 + zlib.crc32(name.encode()) % 1_000_000_000)),
        password_hash="$argon2id$not-a-real-hash",
        first_name=name.capitalize(),
        is_star=is_star,
    )


async def add_star(session: AsyncSession, name: str, category_id: int, tags: tuple[str, ...] = ()) -> int:
    user = await SqlaUserRepository(session).add(a_user(name, is_star=True))
    await SqlaStarRepository(session).add(
        StarProfile(user.id, category_id, Money(Decimal("1000.00")), tags=tuple(Tag(tag) for tag in tags))
    )
    return user.id


@contextmanager
def counting_statements(engine: AsyncEngine) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(*args: object) -> None:
        statement = str(args[2])
        if not statement.startswith("BEGIN"):  # SQLite's BEGIN IMMEDIATE opens the transaction, it queries nothing
            statements.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", count)


async def test_user_round_trips_through_the_repository(session: AsyncSession) -> None:
    users = SqlaUserRepository(session)

    stored = await users.add(a_user("Masha"))
    await session.commit()
    loaded = await users.get(stored.id)

    assert loaded == stored
    assert stored.id > 0


async def test_user_is_found_by_email_or_username_without_regard_to_case(session: AsyncSession) -> None:
    users = SqlaUserRepository(session)
    stored = await users.add(a_user("Masha"))
    await session.commit()

    by_email = await users.find_by_login("MASHA@example.com")
    by_username = await users.find_by_login("mAsHa")
    nobody = await users.find_by_login("petya")

    assert by_email is not None
    assert by_email.id == stored.id
    assert by_username is not None
    assert by_username.id == stored.id
    assert nobody is None


async def test_find_taken_names_each_taken_value_and_ignores_the_users_own(session: AsyncSession) -> None:
    users = SqlaUserRepository(session)
    masha = await users.add(a_user("Masha", phone="79001112233"))
    await session.commit()

    taken = await users.find_taken(Username("MASHA"), Email("masha@example.com"), Phone("79001112233"))
    own = await users.find_taken(
        Username("masha"), Email("masha@example.com"), Phone("79001112233"), except_user_id=masha.id
    )

    assert (taken.username, taken.email, taken.phone) == (True, True, True)
    assert (own.username, own.email, own.phone) == (False, False, False)


@pytest.mark.parametrize(
    ("second", "error"),
    [
        (a_user("MASHA", email="other@example.com", phone="79990000001"), UsernameTakenError),
        (a_user("other", email="masha@example.com", phone="79990000002"), EmailTakenError),
        (a_user("other", email="other@example.com", phone="79001112233"), PhoneTakenError),
    ],
)
async def test_the_database_refuses_a_duplicate_that_slipped_past_the_check(
    session: AsyncSession, second: User, error: type[Exception]
) -> None:
    users = SqlaUserRepository(session)
    await users.add(a_user("Masha", phone="79001112233"))
    await session.commit()

    with pytest.raises(error):
        await users.add(second)

    await session.commit()
    assert await users.find_by_login("masha") is not None


async def test_concurrent_registrations_of_one_username_store_one_user(engine: AsyncEngine) -> None:
    factory = create_session_factory(engine)

    async def register(index: int) -> str:
        async with factory() as session:
            try:
                await SqlaUserRepository(session).add(
                    a_user("Masha", email=f"masha{index}@example.com", phone=f"7900000000{index}")
                )
                await session.commit()
            except UsernameTakenError:
                return "taken"
            return "stored"

    outcomes = await asyncio.gather(*(register(index) for index in range(5)))

    assert sorted(outcomes) == ["stored", "taken", "taken", "taken", "taken"]


async def test_star_profile_round_trips_with_its_tags_in_order(session: AsyncSession) -> None:
    category = await SqlaCategoryRepository(session).add("Певцы", None)
    user = await SqlaUserRepository(session).add(a_user("zemfira", is_star=True))
    stars = SqlaStarRepository(session)
    profile = StarProfile(
        user.id,
        category.id,
        Money(Decimal("15000.00")),
        Money(Decimal("150000.00")),
        "Певица",
        "Запишу поздравление",
        5,
        (Tag("рок"), Tag("музыка")),
    )

    await stars.add(profile)
    await session.commit()
    profile.tags = (Tag("музыка"), Tag("концерт"))
    profile.price = Money(Decimal("16000.00"))
    await stars.update(profile)
    await session.commit()

    assert await stars.get(user.id) == profile
    assert await stars.get(user.id + 1000) is None


async def test_two_stars_can_share_tags(session: AsyncSession) -> None:
    category = await SqlaCategoryRepository(session).add("Певцы", None)

    await add_star(session, "first", category.id, ("музыка",))
    await add_star(session, "second", category.id, ("музыка", "рок"))
    await session.commit()

    page = await SqlaStarCatalogue(session).search(StarQuery(tags=("музыка",)))
    assert page.total == 2


async def test_star_list_runs_the_same_number_of_statements_for_3_and_for_60_stars(
    engine: AsyncEngine, session: AsyncSession
) -> None:
    category = await SqlaCategoryRepository(session).add("Певцы", None)
    for index in range(3):
        await add_star(session, f"star{index:02d}", category.id, ("музыка", f"тег{index}"))
    await session.commit()
    catalogue = SqlaStarCatalogue(session)

    with counting_statements(engine) as few:
        small = await catalogue.search(StarQuery(PageRequest(limit=500)))
    for index in range(3, 60):
        await add_star(session, f"star{index:02d}", category.id, ("музыка", f"тег{index}"))
    await session.commit()
    with counting_statements(engine) as many:
        large = await catalogue.search(StarQuery(PageRequest(limit=500)))

    assert (len(small.items), len(large.items)) == (3, 60)
    assert all(len(card.tags) == 2 for card in large.items)
    assert len(few) == len(many) == 3


async def test_catalogue_card_carries_the_star_and_user_fields(session: AsyncSession) -> None:
    category = await SqlaCategoryRepository(session).add("Певцы", None)
    star_id = await add_star(session, "zemfira", category.id, ("рок",))
    await session.commit()

    card = await SqlaStarCatalogue(session).get(star_id)

    assert card is not None
    assert (card.id, card.username, card.first_name, card.category_id) == (star_id, "zemfira", "Zemfira", category.id)
    assert (card.price, card.rating, card.likes, card.tags) == (Decimal("1000.00"), Decimal("0.0"), 0, ("рок",))


async def test_catalogue_pages_are_stable_under_equal_sort_keys(session: AsyncSession) -> None:
    category = await SqlaCategoryRepository(session).add("Певцы", None)
    ids = [await add_star(session, f"star{index:02d}", category.id) for index in range(7)]
    await session.commit()
    catalogue = SqlaStarCatalogue(session)

    pages = [
        await catalogue.search(StarQuery(PageRequest(limit=3, offset=offset), order=StarOrder.PRICE))
        for offset in (0, 3, 6)
    ]

    assert [card.id for page in pages for card in page.items] == ids


async def test_cyrillic_usernames_are_one_account_without_regard_to_case(session: AsyncSession) -> None:
    users = SqlaUserRepository(session)
    alla = await users.add(a_user("Алла", email="alla@example.com", phone="79001110000"))
    await session.commit()

    by_upper = await users.find_by_login("АЛЛА")
    by_lower = await users.find_by_login("алла")
    taken = await users.find_taken(Username("аЛЛа"), None, None)

    assert by_upper is not None
    assert by_lower is not None
    assert by_upper.id == by_lower.id == alla.id
    assert taken.username
    with pytest.raises(UsernameTakenError):
        await users.add(a_user("АЛЛА", email="other@example.com", phone="79001110001"))
