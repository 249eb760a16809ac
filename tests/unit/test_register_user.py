from datetime import date

import pytest

from application.accounts import NewAccount
from application.ports import TokenClaims
from application.register_user import RegisterUser
from domain.errors import ConflictError, EmailTakenError, InvalidValueError, PhoneTakenError, UsernameTakenError
from tests.unit.factories import CLIENT, PASSWORD, Fakes, a_stored_customer, new_account


def register_user(fakes: Fakes) -> RegisterUser:
    return RegisterUser(fakes.users, fakes.account_rules(), fakes.tokens, fakes.limiter, fakes.limits(), fakes.uow)


async def test_registration_stores_the_hashed_password_never_the_plain_one() -> None:
    fakes = Fakes()

    session = await register_user(fakes).execute(new_account(password=PASSWORD), CLIENT)

    [stored] = fakes.users.stored()
    assert stored.password_hash == f"hashed:{PASSWORD}"
    assert PASSWORD != stored.password_hash == session.user.password_hash


async def test_a_registered_user_is_a_customer_not_a_star_nor_an_admin() -> None:
    fakes = Fakes()

    session = await register_user(fakes).execute(new_account(), CLIENT)

    [stored] = fakes.users.stored()
    assert (stored.is_star, stored.is_admin, session.user.is_star) == (False, False, False)


async def test_registration_stores_the_checked_values() -> None:
    fakes = Fakes()
    account = new_account(
        username=" Алла ",
        email="Alla@Example.COM",
        phone="+7 (999) 123-45-67",
        first_name=" Алла ",
        last_name="Пугачёва",
        date_of_birth=date(1949, 4, 15),
    )

    session = await register_user(fakes).execute(account, CLIENT)

    stored = await fakes.users.get(session.user.id)
    assert stored is not None
    assert (str(stored.username), str(stored.email), str(stored.phone)) == ("Алла", "alla@example.com", "79991234567")
    assert (stored.first_name, stored.last_name, stored.date_of_birth) == ("Алла", "Пугачёва", date(1949, 4, 15))


async def test_registration_accepts_the_phone_as_a_number() -> None:
    fakes = Fakes()

    session = await register_user(fakes).execute(new_account(phone=79991234567), CLIENT)

    assert str(session.user.phone) == "79991234567"


async def test_a_registered_user_is_stored_under_the_id_the_session_names() -> None:
    fakes = Fakes()

    session = await register_user(fakes).execute(new_account(), CLIENT)

    assert fakes.users.stored() == [session.user]


async def test_registration_issues_a_token_for_the_new_users_id_and_version() -> None:
    fakes = Fakes()
    await a_stored_customer(fakes)

    session = await register_user(fakes).execute(new_account(), CLIENT)

    assert session.user.id == 2
    assert fakes.tokens.read(session.token) == TokenClaims(user_id=2, token_version=0)


@pytest.mark.parametrize(
    ("account", "field"),
    [
        (new_account(email="alla-at-example.com"), "email"),
        (new_account(username="al"), "username"),
        (new_account(username="zemfirа"), "username"),
        (new_account(username="ivan٣"), "username"),
        (new_account(username="ivan\x00"), "username"),
        (new_account(phone="12-34"), "phone"),
        (new_account(first_name="я" * 65), "first_name"),
        (new_account(date_of_birth=date(2025, 6, 2)), "date_of_birth"),
        (new_account(password="Short-1"), "password"),
        (new_account(password="x" * 129), "password"),
        (new_account(password="PassWord"), "password"),
        (new_account(password="Пароль123"), "password"),
        (new_account(username="AllaPugacheva", password="allapugacheva"), "password"),
        (new_account(email="alla.pugacheva@example.com", password="ALLA.PUGACHEVA"), "password"),
        (new_account(email="alla1949@example.com", password="alla1949@example.com"), "password"),
        (new_account(password=" " * 8), "password"),
        (new_account(password="a" * 12), "password"),
        (new_account(password="xyzxyzxyz"), "password"),
        (new_account(username="AllaPugacheva", password="  allapugacheva  "), "password"),
    ],
    ids=[
        "bad email",
        "short username",
        "username mixing Latin and Cyrillic letters",
        "username with a non-ASCII digit",
        "username with a control character",
        "short phone",
        "long first name",
        "born tomorrow",
        "password of 7",
        "password of 129",
        "common password",
        "common password in Cyrillic",
        "password equal to the username",
        "password equal to the e-mail's name",
        "password equal to the e-mail",
        "password of spaces only",
        "password of one character",
        "password of three different characters",
        "password equal to the username with spaces around",
    ],
)
async def test_registration_refuses_an_invalid_value_naming_its_field(account: NewAccount, field: str) -> None:
    fakes = Fakes()

    with pytest.raises(InvalidValueError) as refused:
        await register_user(fakes).execute(account, CLIENT)

    assert (refused.value.field, refused.value.code) == (field, "validation_error")
    assert fakes.users.stored() == []


@pytest.mark.parametrize("password", ["wxyz" * 2, "wxyz" * 32, "  correct horse  "])
async def test_registration_accepts_passwords_of_8_to_128_characters(password: str) -> None:
    fakes = Fakes()

    session = await register_user(fakes).execute(new_account(password=password), CLIENT)

    assert session.user.password_hash == f"hashed:{password}"


@pytest.mark.parametrize(
    ("account", "error"),
    [
        (new_account(username="IVAN", email="other@example.com", phone="79990000099"), UsernameTakenError),
        (new_account(username="other", email="Ivan@Example.com", phone="79990000099"), EmailTakenError),
        (new_account(username="other", email="other@example.com", phone="+7 (999) 000-00-01"), PhoneTakenError),
        (new_account(username="ＩＶＡＮ", email="other@example.com", phone="79990000099"), UsernameTakenError),
    ],
    ids=["username in another case", "email in another case", "phone written otherwise", "username in full width"],
)
async def test_registration_refuses_a_value_another_account_holds(
    account: NewAccount, error: type[ConflictError]
) -> None:
    fakes = Fakes()
    await a_stored_customer(fakes, username="ivan", email="ivan@example.com", phone="79990000001")

    with pytest.raises(error):
        await register_user(fakes).execute(account, CLIENT)

    assert len(fakes.users.stored()) == 1


async def test_a_cyrillic_username_in_another_case_is_taken() -> None:
    fakes = Fakes()
    await a_stored_customer(fakes, username="Алла")

    with pytest.raises(UsernameTakenError):
        await register_user(fakes).execute(new_account(username="аЛЛА"), CLIENT)

    assert len(fakes.users.stored()) == 1


async def test_a_username_in_full_width_letters_is_stored_in_its_plain_form() -> None:
    fakes = Fakes()

    await register_user(fakes).execute(new_account(username="Ａｌｌａ"), CLIENT)

    [stored] = fakes.users.stored()
    assert str(stored.username) == "Alla"


async def test_registration_reports_an_invalid_value_before_a_taken_one() -> None:
    fakes = Fakes()
    await a_stored_customer(fakes, username="ivan")

    with pytest.raises(InvalidValueError) as refused:
        await register_user(fakes).execute(new_account(username="ivan", password="password"), CLIENT)

    assert refused.value.field == "password"


async def test_conflict_errors_carry_stable_codes() -> None:
    fakes = Fakes()
    await a_stored_customer(fakes, username="ivan")

    with pytest.raises(UsernameTakenError) as refused:
        await register_user(fakes).execute(new_account(username="Ivan"), CLIENT)

    assert refused.value.code == "username_taken"


async def test_registration_hashes_outside_any_transaction_and_writes_in_one() -> None:
    fakes = Fakes()

    await register_user(fakes).execute(new_account(username="ivan"), CLIENT)

    assert fakes.database.events == ["rollback", "hash", "begin_write", "commit"]
