import pytest

from application.identity import Caller
from application.show_star import ShowStar
from domain.errors import StarNotFoundError
from tests.unit.factories import Fakes, a_stored_customer, a_stored_star


def show_star(fakes: Fakes) -> ShowStar:
    return ShowStar(fakes.catalogue)


async def test_a_star_sees_the_own_email_and_phone() -> None:
    fakes = Fakes()
    star = await a_stored_star(fakes, username="alla", email="alla@example.com", phone="+7 999 123-45-67")

    page = await show_star(fakes).execute(star.id, Caller(star))

    assert (page.card.username, page.email, page.phone) == ("alla", "alla@example.com", 79991234567)


@pytest.mark.parametrize("viewer", ["customer", "another star"])
async def test_another_user_sees_the_card_without_contacts(viewer: str) -> None:
    fakes = Fakes()
    star = await a_stored_star(fakes, username="alla")
    other_star = await a_stored_star(fakes, username="filipp")
    customer = await a_stored_customer(fakes)
    caller = Caller(customer if viewer == "customer" else other_star)

    page = await show_star(fakes).execute(star.id, caller)

    assert (page.card.id, page.email, page.phone) == (star.id, None, None)


async def test_an_anonymous_visitor_sees_the_card_without_contacts() -> None:
    fakes = Fakes()
    star = await a_stored_star(fakes, price="15000", tags=("поп",))

    page = await show_star(fakes).execute(star.id, None)

    assert (str(page.card.price), page.card.tags, page.email, page.phone) == ("15000.00", ("поп",), None, None)


async def test_an_unknown_star_is_not_found() -> None:
    fakes = Fakes()

    with pytest.raises(StarNotFoundError) as refused:
        await show_star(fakes).execute(42, None)

    assert refused.value.code == "star_not_found"


async def test_a_customer_is_no_star_to_show() -> None:
    fakes = Fakes()
    customer = await a_stored_customer(fakes)

    with pytest.raises(StarNotFoundError):
        await show_star(fakes).execute(customer.id, Caller(customer))
