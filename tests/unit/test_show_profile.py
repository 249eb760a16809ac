import pytest

from application.identity import Caller
from application.show_profile import ShowProfile
from domain.errors import AccessDeniedError, NotYourselfError
from tests.unit.factories import Fakes, a_stored_customer, a_stored_star


def show_profile(fakes: Fakes) -> ShowProfile:
    return ShowProfile(fakes.stars)


async def test_a_customer_sees_the_own_account_without_a_star_side() -> None:
    fakes = Fakes()
    user = await a_stored_customer(fakes, username="ivan")

    profile = await show_profile(fakes).execute(Caller(user))

    assert (profile.user.id, str(profile.user.username), profile.star, profile.orders) == (user.id, "ivan", None, ())


async def test_a_star_sees_the_own_star_side_too() -> None:
    fakes = Fakes()
    user = await a_stored_star(fakes, price="25000", tags=("поп",))

    profile = await show_profile(fakes).execute(Caller(user))

    assert profile.star is not None
    assert (profile.star.user_id, str(profile.star.price)) == (user.id, "25000.00")
    assert [str(tag) for tag in profile.star.tags] == ["поп"]


async def test_user_id_and_is_star_describing_the_caller_are_accepted() -> None:
    fakes = Fakes()
    user = await a_stored_star(fakes)

    profile = await show_profile(fakes).execute(Caller(user), user_id=user.id, is_star=True)

    assert profile.user.id == user.id


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
