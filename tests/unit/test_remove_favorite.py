from application.identity import Caller
from application.remove_favorite import RemoveFavorite
from tests.unit.factories import Fakes, a_stored_customer, a_stored_star


def remove_favorite(fakes: Fakes) -> RemoveFavorite:
    return RemoveFavorite(fakes.favorites, fakes.uow)


async def test_a_favourite_is_removed_for_the_caller_only() -> None:
    fakes = Fakes()
    star = await a_stored_star(fakes)
    ivan = await a_stored_customer(fakes, username="ivan")
    petr = await a_stored_customer(fakes, username="petr")
    await fakes.favorites.add(ivan.id, star.id)
    await fakes.favorites.add(petr.id, star.id)
    await fakes.uow.commit()

    await remove_favorite(fakes).execute(Caller(ivan), star.id)

    assert fakes.favorites.stored() == {(petr.id, star.id)}


async def test_removing_a_star_that_is_not_a_favourite_is_no_error_and_changes_nothing() -> None:
    fakes = Fakes()
    star = await a_stored_star(fakes)
    ivan = await a_stored_customer(fakes, username="ivan")
    petr = await a_stored_customer(fakes, username="petr")
    await fakes.favorites.add(petr.id, star.id)
    await fakes.uow.commit()

    await remove_favorite(fakes).execute(Caller(ivan), star.id)

    assert fakes.favorites.stored() == {(petr.id, star.id)}


async def test_removing_a_favourite_twice_leaves_it_removed() -> None:
    fakes = Fakes()
    star = await a_stored_star(fakes)
    ivan = await a_stored_customer(fakes, username="ivan")
    await fakes.favorites.add(ivan.id, star.id)
    await fakes.uow.commit()
    await remove_favorite(fakes).execute(Caller(ivan), star.id)

    await remove_favorite(fakes).execute(Caller(ivan), star.id)

    assert fakes.favorites.stored() == set()
