import pytest

from domain.errors import ConflictError, EmailTakenError, PhoneTakenError, UsernameTakenError
from tests.unit.factories import PASSWORD, Fakes, a_stored_customer, a_user


async def test_admit_hashes_the_password_into_a_user_whose_values_are_free_and_stores_nothing() -> None:
    fakes = Fakes()
    await a_stored_customer(fakes, username="ivan")
    user = a_user(username="petr", email="petr@example.com", phone="79990000099", password_hash="")

    admitted = await fakes.account_rules().admit(user, PASSWORD)

    assert (admitted.password_hash, len(fakes.users.stored())) == (f"hashed:{PASSWORD}", 1)


@pytest.mark.parametrize(
    ("username", "email", "phone", "error"),
    [
        ("IVAN", "petr@example.com", "79990000099", UsernameTakenError),
        ("ｉｖａｎ", "petr@example.com", "79990000099", UsernameTakenError),
        ("petr", "IVAN@example.com", "79990000099", EmailTakenError),
        ("petr", "petr@example.com", "+7 999 000-00-01", PhoneTakenError),
    ],
    ids=["username in another case", "username in full width", "email in another case", "phone written otherwise"],
)
async def test_admit_refuses_a_user_holding_a_value_another_account_holds(
    username: str, email: str, phone: str, error: type[ConflictError]
) -> None:
    fakes = Fakes()
    await a_stored_customer(fakes, username="ivan", email="ivan@example.com", phone="79990000001")
    user = a_user(username=username, email=email, phone=phone, password_hash="")

    with pytest.raises(error):
        await fakes.account_rules().admit(user, PASSWORD)

    assert user.password_hash == ""
