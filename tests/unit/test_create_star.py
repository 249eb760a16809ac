from decimal import Decimal

import pytest

from application.create_star import CreateStar
from application.ports import TokenClaims
from application.stars import NewStar
from domain.errors import CategoryNotFoundError, InvalidValueError, UsernameTakenError
from tests.unit.factories import CLIENT, PASSWORD, Fakes, a_stored_customer, new_account, new_star


def create_star(fakes: Fakes) -> CreateStar:
    return CreateStar(
        fakes.users,
        fakes.stars,
        fakes.categories,
        fakes.account_rules(),
        fakes.tokens,
        fakes.limiter,
        fakes.limits(),
        fakes.catalogue_version,
        fakes.uow,
    )


async def fakes_with_a_category() -> Fakes:
    fakes = Fakes()
    await fakes.categories.add("Певцы", None)
    await fakes.uow.commit()
    return fakes


async def test_a_new_star_is_a_user_with_a_star_profile_in_the_category() -> None:
    fakes = await fakes_with_a_category()

    created = await create_star(fakes).execute(new_star(category_id=1, price="15000", price_another="50000.5"), CLIENT)

    [user] = fakes.users.stored()
    [star] = fakes.stars.stored()
    assert (user.is_star, star.user_id, created.star.user_id) == (True, user.id, user.id)
    assert (star.category_id, str(star.price), str(star.price_another)) == (1, "15000.00", "50000.50")


async def test_a_new_star_starts_with_no_likes_no_ratings_and_not_top() -> None:
    fakes = await fakes_with_a_category()

    await create_star(fakes).execute(new_star(), CLIENT)

    [star] = fakes.stars.stored()
    assert (star.likes, star.rating_total, star.rating_count, star.rating, star.top) == (0, 0, 0, Decimal("0.0"), False)


async def test_a_new_stars_password_is_stored_hashed() -> None:
    fakes = await fakes_with_a_category()

    await create_star(fakes).execute(new_star(account=new_account(password=PASSWORD)), CLIENT)

    [user] = fakes.users.stored()
    assert user.password_hash == f"hashed:{PASSWORD}"


async def test_a_new_stars_tags_are_normalised_and_each_kept_once() -> None:
    fakes = await fakes_with_a_category()

    await create_star(fakes).execute(new_star(tags=[" Rock ", "ROCK", "Поп  музыка", "поп музыка", "jazz"]), CLIENT)

    [star] = fakes.stars.stored()
    assert [str(tag) for tag in star.tags] == ["rock", "поп музыка", "jazz"]


@pytest.mark.parametrize(("days", "expected"), [(None, 7), (3, 3)])
async def test_a_new_star_delivers_in_seven_days_unless_told_otherwise(days: int | None, expected: int) -> None:
    fakes = await fakes_with_a_category()

    await create_star(fakes).execute(new_star(days=days), CLIENT)

    [star] = fakes.stars.stored()
    assert star.days == expected


async def test_star_creation_issues_a_token_for_the_stored_star() -> None:
    fakes = await fakes_with_a_category()

    created = await create_star(fakes).execute(new_star(), CLIENT)

    [user] = fakes.users.stored()
    assert fakes.tokens.read(created.session.token) == TokenClaims(user_id=user.id, token_version=0)


async def test_an_unknown_category_is_refused_and_nothing_is_stored() -> None:
    fakes = await fakes_with_a_category()

    with pytest.raises(CategoryNotFoundError) as refused:
        await create_star(fakes).execute(new_star(category_id=2), CLIENT)

    assert refused.value.code == "category_not_found"
    assert (fakes.users.stored(), fakes.stars.stored()) == ([], [])


@pytest.mark.parametrize(
    ("star", "field"),
    [
        (new_star(price="дорого"), "price"),
        (new_star(price="-1"), "price"),
        (new_star(price="0"), "price"),
        (new_star(price="0.00"), "price"),
        (new_star(price_another="-0.01"), "price_another"),
        (new_star(price_another=0), "price_another"),
        (new_star(profession="Певица\x00"), "profession"),
        (new_star(account=new_account(username="zemfirа")), "username"),
        (new_star(days=0), "days"),
        (new_star(days=61), "days"),
        (new_star(profession="x" * 129), "profession"),
        (new_star(tags=["   "]), "tags"),
        (new_star(tags=[f"tag {number}" for number in range(21)]), "tags"),
        (new_star(account=new_account(email="no address")), "email"),
        (new_star(account=new_account(password="password")), "password"),
    ],
)
async def test_star_creation_refuses_an_invalid_value_naming_its_field(star: NewStar, field: str) -> None:
    fakes = await fakes_with_a_category()

    with pytest.raises(InvalidValueError) as refused:
        await create_star(fakes).execute(star, CLIENT)

    assert refused.value.field == field
    assert (fakes.users.stored(), fakes.stars.stored()) == ([], [])


@pytest.mark.parametrize(
    ("star", "field"),
    [
        (new_star(category_id=99, price="бесплатно"), "price"),
        (new_star(category_id=99, account=new_account(email="no address")), "email"),
        (new_star(category_id=99, account=new_account(password="short")), "password"),
    ],
)
async def test_a_validation_error_wins_over_an_unknown_category(star: NewStar, field: str) -> None:
    fakes = await fakes_with_a_category()

    with pytest.raises(InvalidValueError) as refused:
        await create_star(fakes).execute(star, CLIENT)

    assert refused.value.field == field


async def test_a_star_cannot_take_a_username_another_account_holds_in_full_width_letters() -> None:
    fakes = await fakes_with_a_category()
    await a_stored_customer(fakes, username="alla")

    with pytest.raises(UsernameTakenError):
        await create_star(fakes).execute(new_star(account=new_account(username="ＡＬＬＡ")), CLIENT)

    assert (len(fakes.users.stored()), fakes.stars.stored()) == (1, [])


async def test_a_star_cannot_take_a_username_another_account_holds() -> None:
    fakes = await fakes_with_a_category()
    await a_stored_customer(fakes, username="alla")

    with pytest.raises(UsernameTakenError):
        await create_star(fakes).execute(new_star(account=new_account(username="ALLA")), CLIENT)

    assert (len(fakes.users.stored()), fakes.stars.stored()) == (1, [])
