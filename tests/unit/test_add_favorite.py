import pytest

from application.add_favorite import AddFavorite
from application.identity import Caller
from domain.errors import NotYourselfError, StarNotFoundError
from tests.unit.factories import Fakes, a_stored_customer, a_stored_star


def add_favorite(fakes: Fakes) -> AddFavorite:
    return AddFavorite(fakes.favorites, fakes.stars, fakes.uow)


async def test_a_star_added_to_favourites_is_stored_and_answers_true() -> None:
    fakes = Fakes()
    star = await a_stored_star(fakes)
    customer = await a_stored_customer(fakes)

    added = await add_favorite(fakes).execute(Caller(customer), star.id)

    assert (added, fakes.favorites.stored()) == (True, {(customer.id, star.id)})


async def test_adding_a_favourite_again_answers_false_and_changes_nothing() -> None:
    fakes = Fakes()
    star = await a_stored_star(fakes)
    customer = await a_stored_customer(fakes)
    await add_favorite(fakes).execute(Caller(customer), star.id)

    added = await add_favorite(fakes).execute(Caller(customer), star.id)

    assert (added, fakes.favorites.stored()) == (False, {(customer.id, star.id)})


async def test_cust_id_naming_the_caller_is_accepted() -> None:
    fakes = Fakes()
    star = await a_stored_star(fakes)
    customer = await a_stored_customer(fakes)

    added = await add_favorite(fakes).execute(Caller(customer), star.id, cust_id=customer.id)

    assert added is True


@pytest.mark.parametrize("star_id", [42, 2], ids=["unknown id", "a customer"])
async def test_only_a_star_can_be_a_favourite(star_id: int) -> None:
    fakes = Fakes()
    customer = await a_stored_customer(fakes, username="ivan")
    await a_stored_customer(fakes, username="petr")

    with pytest.raises(StarNotFoundError):
        await add_favorite(fakes).execute(Caller(customer), star_id)

    assert fakes.favorites.stored() == set()


async def test_cust_id_of_someone_else_is_refused() -> None:
    fakes = Fakes()
    star = await a_stored_star(fakes)
    customer = await a_stored_customer(fakes, username="ivan")
    other = await a_stored_customer(fakes, username="petr")

    with pytest.raises(NotYourselfError) as refused:
        await add_favorite(fakes).execute(Caller(customer), star.id, cust_id=other.id)

    assert (refused.value.field, fakes.favorites.stored()) == ("cust_id", set())
