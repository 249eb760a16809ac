import pytest

from application.log_in import Credentials, LogIn
from application.ports import TokenClaims
from domain.errors import InvalidCredentialsError
from tests.unit.factories import CLIENT, PASSWORD, Fakes, a_stored_customer, a_user, stored_user
from tests.unit.fakes import FakePasswordHasher


def log_in(fakes: Fakes) -> LogIn:
    return LogIn(fakes.users, fakes.hasher, fakes.tokens, fakes.limiter, fakes.limits(), fakes.uow)


@pytest.mark.parametrize("login", ["ivan@example.com", "IVAN@Example.Com", "  ivan@example.com "])
async def test_login_by_email_in_any_case(login: str) -> None:
    fakes = Fakes()
    user = await a_stored_customer(fakes, username="ivan", email="ivan@example.com")

    session = await log_in(fakes).execute(Credentials(login, PASSWORD), CLIENT)

    assert session.user.id == user.id


@pytest.mark.parametrize("login", ["Ivan_Petrov", "ivan_petrov", "IVAN_PETROV"])
async def test_login_by_username_in_any_case(login: str) -> None:
    fakes = Fakes()
    user = await a_stored_customer(fakes, username="Ivan_Petrov")

    session = await log_in(fakes).execute(Credentials(login, PASSWORD), CLIENT)

    assert session.user.id == user.id


async def test_login_by_a_cyrillic_username_in_another_case() -> None:
    fakes = Fakes()
    user = await a_stored_customer(fakes, username="Алла")

    session = await log_in(fakes).execute(Credentials("АЛЛА", PASSWORD), CLIENT)

    assert session.user.id == user.id


async def test_login_by_a_decomposed_cyrillic_username() -> None:
    fakes = Fakes()
    user = await a_stored_customer(fakes, username="Пугачёва")

    session = await log_in(fakes).execute(Credentials("пугаче\u0308ва", PASSWORD), CLIENT)

    assert session.user.id == user.id


async def test_login_by_the_username_typed_in_full_width_letters_as_it_was_registered() -> None:
    """Registration folds «ｉｖａｎ» to «ivan» (NFKC); the same letters typed at login must find that account."""
    fakes = Fakes()
    user = await a_stored_customer(fakes, username="ｉｖａｎ")

    session = await log_in(fakes).execute(Credentials("ｉｖａｎ", PASSWORD), CLIENT)

    assert session.user.id == user.id


@pytest.mark.parametrize("login", ["ivan\x00", "iv\x1ban", "ivan\ud800"])
async def test_a_login_with_control_characters_names_nobody(login: str) -> None:
    fakes = Fakes()
    await a_stored_customer(fakes, username="ivan")

    with pytest.raises(InvalidCredentialsError):
        await log_in(fakes).execute(Credentials(login, PASSWORD), CLIENT)


async def test_login_issues_a_token_for_the_users_id_and_current_version() -> None:
    fakes = Fakes()
    await a_stored_customer(fakes, username="someone")
    await fakes.users.add(a_user(username="ivan", phone="79990000077", token_version=3))
    await fakes.uow.commit()

    session = await log_in(fakes).execute(Credentials("ivan", PASSWORD), CLIENT)

    assert fakes.tokens.read(session.token) == TokenClaims(user_id=2, token_version=3)


async def test_login_with_a_password_in_another_case_is_refused() -> None:
    fakes = Fakes()
    await a_stored_customer(fakes, username="ivan")

    with pytest.raises(InvalidCredentialsError) as refused:
        await log_in(fakes).execute(Credentials("ivan", PASSWORD.upper()), CLIENT)

    assert refused.value.code == "invalid_credentials"


@pytest.mark.parametrize(
    "credentials",
    [
        Credentials("ivan", "not the password"),
        Credentials("nobody", PASSWORD),
        Credentials("nobody@example.com", PASSWORD),
    ],
    ids=["wrong password", "unknown username", "unknown e-mail"],
)
async def test_login_with_an_unknown_user_gets_the_same_answer_as_a_wrong_password(credentials: Credentials) -> None:
    fakes = Fakes()
    await a_stored_customer(fakes, username="ivan")

    with pytest.raises(InvalidCredentialsError) as refused:
        await log_in(fakes).execute(credentials, CLIENT)

    assert (refused.value.code, refused.value.message) == ("invalid_credentials", InvalidCredentialsError().message)


async def test_login_with_unknown_user_still_verifies_a_password() -> None:
    fakes = Fakes()

    with pytest.raises(InvalidCredentialsError):
        await log_in(fakes).execute(Credentials("nobody@example.com", PASSWORD), CLIENT)

    assert fakes.hasher.verifications == 1


async def test_login_rehashes_a_password_hashed_with_outdated_parameters() -> None:
    fakes = Fakes()
    old_hash = await FakePasswordHasher("weak").hash(PASSWORD)
    user = await fakes.users.add(a_user(username="ivan", password_hash=old_hash))
    await fakes.uow.commit()

    await log_in(fakes).execute(Credentials("ivan", PASSWORD), CLIENT)

    assert stored_user(fakes, user.id).password_hash == f"hashed:{PASSWORD}"


async def test_login_with_a_current_hash_changes_nothing() -> None:
    fakes = Fakes()
    user = await a_stored_customer(fakes, username="ivan")

    await log_in(fakes).execute(Credentials("ivan", PASSWORD), CLIENT)

    assert fakes.users.stored() == [user]


async def test_failed_login_does_not_rehash() -> None:
    fakes = Fakes()
    old_hash = await FakePasswordHasher("weak").hash(PASSWORD)
    user = await fakes.users.add(a_user(username="ivan", password_hash=old_hash))
    await fakes.uow.commit()

    with pytest.raises(InvalidCredentialsError):
        await log_in(fakes).execute(Credentials("ivan", "wrong password"), CLIENT)

    assert fakes.users.stored() == [user]


async def test_login_ends_its_read_before_the_slow_password_check() -> None:
    fakes = Fakes()
    await a_stored_customer(fakes, username="ivan")
    fakes.database.events.clear()

    await log_in(fakes).execute(Credentials("ivan", PASSWORD), CLIENT)

    assert fakes.database.events == ["rollback", "verify"]
