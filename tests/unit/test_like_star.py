import pytest

from application.identity import Caller
from application.like_star import LikeStar
from domain.errors import AlreadyLikedError, NotYourselfError, OwnStarError, StarNotFoundError
from tests.unit.factories import Fakes, a_stored_customer, a_stored_star, stored_star


def like_star(fakes: Fakes) -> LikeStar:
    return LikeStar(fakes.likes, fakes.stars, fakes.catalogue_version, fakes.uow)


async def test_a_like_is_stored_and_counted_on_the_star() -> None:
    fakes = Fakes()
    star = await a_stored_star(fakes, likes=7)
    customer = await a_stored_customer(fakes)

    await like_star(fakes).execute(Caller(customer), star.id)

    assert (fakes.likes.stored(), stored_star(fakes, star.id).likes) == ({(customer.id, star.id)}, 8)


async def test_a_star_likes_another_star() -> None:
    fakes = Fakes()
    alla = await a_stored_star(fakes, username="alla")
    filipp = await a_stored_star(fakes, username="filipp")

    await like_star(fakes).execute(Caller(filipp), alla.id)

    assert (fakes.likes.stored(), stored_star(fakes, alla.id).likes) == ({(filipp.id, alla.id)}, 1)


async def test_cust_id_naming_the_caller_is_accepted() -> None:
    fakes = Fakes()
    star = await a_stored_star(fakes)
    customer = await a_stored_customer(fakes)

    await like_star(fakes).execute(Caller(customer), star.id, cust_id=customer.id)

    assert fakes.likes.stored() == {(customer.id, star.id)}


async def test_a_second_like_is_refused_and_the_count_stays() -> None:
    fakes = Fakes()
    star = await a_stored_star(fakes)
    customer = await a_stored_customer(fakes)
    await like_star(fakes).execute(Caller(customer), star.id)

    with pytest.raises(AlreadyLikedError) as refused:
        await like_star(fakes).execute(Caller(customer), star.id)

    assert (refused.value.code, refused.value.message) == ("already_liked", "Лайк уже стоит")
    assert (fakes.likes.stored(), stored_star(fakes, star.id).likes) == ({(customer.id, star.id)}, 1)


async def test_a_star_cannot_like_itself() -> None:
    fakes = Fakes()
    star = await a_stored_star(fakes, likes=3)

    with pytest.raises(OwnStarError):
        await like_star(fakes).execute(Caller(star), star.id)

    assert (fakes.likes.stored(), stored_star(fakes, star.id).likes) == (set(), 3)


async def test_an_unknown_star_is_not_found() -> None:
    fakes = Fakes()
    customer = await a_stored_customer(fakes)

    with pytest.raises(StarNotFoundError):
        await like_star(fakes).execute(Caller(customer), 42)

    assert fakes.likes.stored() == set()


async def test_a_customer_is_no_star_to_like() -> None:
    fakes = Fakes()
    customer = await a_stored_customer(fakes, username="ivan")
    other = await a_stored_customer(fakes, username="petr")

    with pytest.raises(StarNotFoundError):
        await like_star(fakes).execute(Caller(customer), other.id)


async def test_cust_id_of_someone_else_is_refused() -> None:
    fakes = Fakes()
    star = await a_stored_star(fakes)
    customer = await a_stored_customer(fakes, username="ivan")
    other = await a_stored_customer(fakes, username="petr")

    with pytest.raises(NotYourselfError) as refused:
        await like_star(fakes).execute(Caller(customer), star.id, cust_id=other.id)

    assert (refused.value.field, fakes.likes.stored()) == ("cust_id", set())
