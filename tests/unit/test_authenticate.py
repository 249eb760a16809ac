import pytest

from application.authenticate import Authenticate
from domain.errors import AuthenticationError
from tests.unit.factories import Fakes, a_stored_customer


def authenticate(fakes: Fakes) -> Authenticate:
    return Authenticate(fakes.tokens, fakes.users)


async def test_a_valid_token_names_its_user_as_the_caller() -> None:
    fakes = Fakes()
    await a_stored_customer(fakes, username="someone")
    user = await a_stored_customer(fakes, username="ivan")

    caller = await authenticate(fakes).execute(fakes.tokens.issue(user.id, user.token_version))

    assert (caller.id, str(caller.user.username)) == (user.id, "ivan")


async def test_a_token_of_an_unknown_user_is_refused() -> None:
    fakes = Fakes()

    with pytest.raises(AuthenticationError) as refused:
        await authenticate(fakes).execute(fakes.tokens.issue(42, 0))

    assert refused.value.code == "not_authenticated"


async def test_a_token_issued_before_a_password_change_is_refused() -> None:
    fakes = Fakes()
    user = await a_stored_customer(fakes)
    token = fakes.tokens.issue(user.id, user.token_version)
    user.change_password("hashed:a brand new password")
    await fakes.users.update(user)
    await fakes.uow.commit()

    with pytest.raises(AuthenticationError):
        await authenticate(fakes).execute(token)


async def test_a_token_issued_after_a_password_change_is_accepted() -> None:
    fakes = Fakes()
    user = await a_stored_customer(fakes)
    user.change_password("hashed:a brand new password")
    await fakes.users.update(user)
    await fakes.uow.commit()

    caller = await authenticate(fakes).execute(fakes.tokens.issue(user.id, user.token_version))

    assert caller.user.token_version == 1


@pytest.mark.parametrize("token", ["", "garbage", "Bearer token:1:0", "token:1:"])
async def test_a_garbage_token_is_refused(token: str) -> None:
    fakes = Fakes()
    await a_stored_customer(fakes)

    with pytest.raises(AuthenticationError):
        await authenticate(fakes).execute(token)
