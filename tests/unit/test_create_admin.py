import pytest

from application.create_admin import CreateAdmin
from domain.errors import InvalidValueError, UsernameTakenError
from tests.unit.factories import PASSWORD, Fakes, a_stored_customer, new_account


def create_admin(fakes: Fakes) -> CreateAdmin:
    return CreateAdmin(fakes.users, fakes.account_rules(), fakes.uow)


async def test_an_admin_is_stored_as_an_operator_not_a_star() -> None:
    fakes = Fakes()

    admin = await create_admin(fakes).execute(new_account(username="operator", password=PASSWORD))

    [stored] = fakes.users.stored()
    assert (stored.id, stored.is_admin, stored.is_star) == (admin.id, True, False)
    assert stored.password_hash == f"hashed:{PASSWORD}"


async def test_an_admin_password_follows_the_rules_of_every_account() -> None:
    fakes = Fakes()

    with pytest.raises(InvalidValueError) as refused:
        await create_admin(fakes).execute(new_account(password="qwerty123"))

    assert refused.value.field == "password"
    assert fakes.users.stored() == []


async def test_an_admin_cannot_take_a_username_another_account_holds() -> None:
    fakes = Fakes()
    customer = await a_stored_customer(fakes, username="operator")

    with pytest.raises(UsernameTakenError):
        await create_admin(fakes).execute(new_account(username="Operator"))

    assert fakes.users.stored() == [customer]
