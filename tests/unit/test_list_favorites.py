from application.identity import Caller
from application.list_favorites import ListFavorites
from application.views import PageRequest
from tests.unit.factories import Fakes, a_stored_customer, a_stored_star


def list_favorites(fakes: Fakes) -> ListFavorites:
    return ListFavorites(fakes.catalogue)


async def test_the_caller_sees_the_own_favourites_as_star_cards() -> None:
    fakes = Fakes()
    alla = await a_stored_star(fakes, username="alla", price="15000")
    filipp = await a_stored_star(fakes, username="filipp")
    zemfira = await a_stored_star(fakes, username="zemfira")
    ivan = await a_stored_customer(fakes, username="ivan")
    petr = await a_stored_customer(fakes, username="petr")
    for user, star in [(ivan, zemfira), (ivan, alla), (petr, filipp)]:
        await fakes.favorites.add(user.id, star.id)
    await fakes.uow.commit()

    page = await list_favorites(fakes).execute(Caller(ivan), PageRequest())

    assert ([card.username for card in page.items], page.total) == (["alla", "zemfira"], 2)
    assert str(page.items[0].price) == "15000.00"


async def test_a_caller_without_favourites_sees_none() -> None:
    fakes = Fakes()
    alla = await a_stored_star(fakes)
    ivan = await a_stored_customer(fakes, username="ivan")
    petr = await a_stored_customer(fakes, username="petr")
    await fakes.favorites.add(petr.id, alla.id)
    await fakes.uow.commit()

    page = await list_favorites(fakes).execute(Caller(ivan), PageRequest())

    assert (page.items, page.total) == ([], 0)


async def test_favourites_come_in_pages_counting_them_all() -> None:
    fakes = Fakes()
    stars = [await a_stored_star(fakes, username=f"star{number}") for number in range(3)]
    ivan = await a_stored_customer(fakes, username="ivan")
    for star in stars:
        await fakes.favorites.add(ivan.id, star.id)
    await fakes.uow.commit()

    page = await list_favorites(fakes).execute(Caller(ivan), PageRequest(limit=1, offset=1))

    assert ([card.username for card in page.items], page.total) == (["star1"], 3)
