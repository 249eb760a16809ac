import pytest

from application.identity import Caller
from application.unlike_star import UnlikeStar
from domain.errors import LikeNotFoundError
from tests.unit.factories import Fakes, a_stored_customer, a_stored_star, stored_star


def unlike_star(fakes: Fakes) -> UnlikeStar:
    return UnlikeStar(fakes.likes, fakes.catalogue_version, fakes.uow)


async def test_an_unlike_removes_the_like_and_uncounts_it() -> None:
    fakes = Fakes()
    star = await a_stored_star(fakes, likes=5)
    ivan = await a_stored_customer(fakes, username="ivan")
    petr = await a_stored_customer(fakes, username="petr")
    await fakes.likes.add(ivan.id, star.id)
    await fakes.likes.add(petr.id, star.id)
    await fakes.uow.commit()

    await unlike_star(fakes).execute(Caller(ivan), star.id)

    assert (fakes.likes.stored(), stored_star(fakes, star.id).likes) == ({(petr.id, star.id)}, 6)


async def test_taking_back_a_like_that_is_not_there_is_not_found() -> None:
    fakes = Fakes()
    star = await a_stored_star(fakes, likes=5)
    ivan = await a_stored_customer(fakes, username="ivan")
    petr = await a_stored_customer(fakes, username="petr")
    await fakes.likes.add(petr.id, star.id)
    await fakes.uow.commit()

    with pytest.raises(LikeNotFoundError) as refused:
        await unlike_star(fakes).execute(Caller(ivan), star.id)

    assert refused.value.code == "like_not_found"
    assert (fakes.likes.stored(), stored_star(fakes, star.id).likes) == ({(petr.id, star.id)}, 6)
