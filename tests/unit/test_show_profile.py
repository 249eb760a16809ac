import pytest

from application.identity import Caller
from application.show_profile import ShowProfile
from domain.errors import AccessDeniedError, NotYourselfError
from tests.unit.factories import Fakes, a_stored_customer, a_stored_order, a_stored_star


def show_profile(fakes: Fakes) -> ShowProfile:
    return ShowProfile(fakes.stars, fakes.order_queries)


async def test_a_customer_sees_the_own_account_without_a_star_side_and_no_orders() -> None:
    fakes = Fakes()
    user = await a_stored_customer(fakes, username="ivan")

    page = await show_profile(fakes).execute(Caller(user))

    assert (page.profile.user.id, str(page.profile.user.username), page.profile.star, page.orders) == (
        user.id,
        "ivan",
        None,
        [],
    )


async def test_a_star_sees_the_own_star_side_too() -> None:
    fakes = Fakes()
    user = await a_stored_star(fakes, price="25000", tags=("поп",))

    page = await show_profile(fakes).execute(Caller(user))

    assert page.profile.star is not None
    assert (page.profile.star.user_id, str(page.profile.star.price)) == (user.id, "25000.00")
    assert [str(tag) for tag in page.profile.star.tags] == ["поп"]


async def test_a_customer_sees_the_orders_placed_newest_first_and_nobody_elses() -> None:
    fakes = Fakes()
    alla = await a_stored_star(fakes, username="alla")
    filipp = await a_stored_star(fakes, username="filipp")
    ivan = await a_stored_customer(fakes, username="ivan")
    petr = await a_stored_customer(fakes, username="petr")
    first = await a_stored_order(fakes, customer=ivan, star=alla)
    await a_stored_order(fakes, customer=petr, star=alla)
    second = await a_stored_order(fakes, customer=ivan, star=filipp)

    page = await show_profile(fakes).execute(Caller(ivan))

    assert [view.order.id for view in page.orders] == [second.id, first.id]
    assert [view.star_username for view in page.orders] == ["filipp", "alla"]


async def test_a_star_sees_the_orders_received_newest_first_and_nobody_elses() -> None:
    fakes = Fakes()
    alla = await a_stored_star(fakes, username="alla")
    filipp = await a_stored_star(fakes, username="filipp")
    ivan = await a_stored_customer(fakes, username="ivan")
    petr = await a_stored_customer(fakes, username="petr")
    from_ivan = await a_stored_order(fakes, customer=ivan, star=alla)
    await a_stored_order(fakes, customer=ivan, star=filipp)
    from_petr = await a_stored_order(fakes, customer=petr, star=alla)

    page = await show_profile(fakes).execute(Caller(alla))

    assert [(view.order.id, view.customer_username) for view in page.orders] == [
        (from_petr.id, "petr"),
        (from_ivan.id, "ivan"),
    ]


async def test_user_id_and_is_star_describing_the_caller_are_accepted() -> None:
    fakes = Fakes()
    user = await a_stored_star(fakes)

    page = await show_profile(fakes).execute(Caller(user), user_id=user.id, is_star=True)

    assert page.profile.user.id == user.id


async def test_user_id_of_someone_else_is_refused() -> None:
    fakes = Fakes()
    user = await a_stored_customer(fakes, username="ivan")
    other = await a_stored_customer(fakes, username="petr")

    with pytest.raises(NotYourselfError) as refused:
        await show_profile(fakes).execute(Caller(user), user_id=other.id)

    assert (refused.value.field, refused.value.code) == ("user_id", "not_yourself")


@pytest.mark.parametrize("is_star_of_the_caller", [True, False])
async def test_is_star_that_does_not_describe_the_caller_is_refused(is_star_of_the_caller: bool) -> None:
    fakes = Fakes()
    user = await (a_stored_star(fakes) if is_star_of_the_caller else a_stored_customer(fakes))

    with pytest.raises(AccessDeniedError) as refused:
        await show_profile(fakes).execute(Caller(user), is_star=not is_star_of_the_caller)

    assert refused.value.code == "forbidden"
