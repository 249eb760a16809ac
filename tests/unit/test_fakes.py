"""The fakes stand in for the real adapters, so they must keep the promises of the ports too."""

import pytest

from application.ports import TokenClaims
from domain.errors import AuthenticationError, ConflictError, EmailTakenError, PhoneTakenError, UsernameTakenError
from domain.values import Money, Username
from tests.unit.factories import PASSWORD, a_star_profile, a_user
from tests.unit.fakes import FakePasswordHasher, FakeStarRepository, FakeTokenIssuer, FakeUserRepository


async def users_holding_ivan() -> FakeUserRepository:
    users = FakeUserRepository()
    await users.add(a_user(username="ivan", email="ivan@example.com", phone="79990000001"))
    return users


@pytest.mark.parametrize(
    ("username", "email", "phone", "error"),
    [
        ("IVAN", "other@example.com", "79990000002", UsernameTakenError),
        ("other", "ivan@example.com", "79990000002", EmailTakenError),
        ("other", "other@example.com", "79990000001", PhoneTakenError),
    ],
)
async def test_the_fake_user_repository_refuses_a_second_holder_of_a_unique_value(
    username: str, email: str, phone: str, error: type[ConflictError]
) -> None:
    users = await users_holding_ivan()

    with pytest.raises(error):
        await users.add(a_user(username=username, email=email, phone=phone))

    assert len(users.stored()) == 1


async def test_the_fake_user_repository_refuses_an_update_to_another_users_value() -> None:
    users = await users_holding_ivan()
    petr = await users.add(a_user(username="petr", email="petr@example.com", phone="79990000002"))
    petr.username = Username.parse("Ivan")

    with pytest.raises(UsernameTakenError):
        await users.update(petr)

    assert [str(user.username) for user in users.stored()] == ["ivan", "petr"]


async def test_the_fake_user_repository_hands_out_copies_as_rows_are() -> None:
    users = await users_holding_ivan()
    user = await users.get(1)
    assert user is not None

    user.first_name = "Иван"

    stored = await users.get(1)
    assert stored is not None
    assert stored.first_name == ""


async def test_the_fake_star_repository_starts_counters_at_zero_and_never_updates_them() -> None:
    stars = FakeStarRepository()
    await stars.add(a_star_profile(user_id=1, likes=5, rating_total=10, rating_count=2, top=True))
    stars.put(a_star_profile(user_id=2, likes=5))
    changed = a_star_profile(user_id=2, price="1", likes=0)

    await stars.update(changed)

    first, second = stars.stored()
    assert (first.likes, first.rating_count, first.top) == (0, 0, True)
    assert (second.likes, second.price) == (5, Money.parse("1"))


def test_the_fake_token_issuer_reads_what_it_issued() -> None:
    tokens = FakeTokenIssuer()

    claims = tokens.read(tokens.issue(7, 3))

    assert claims == TokenClaims(user_id=7, token_version=3)


def test_the_fake_token_issuer_refuses_a_token_it_did_not_issue() -> None:
    with pytest.raises(AuthenticationError):
        FakeTokenIssuer().read("token:7")


async def test_the_fake_password_hasher_verifies_its_hashes_and_nothing_without_one() -> None:
    hasher = FakePasswordHasher()
    password_hash = await hasher.hash(PASSWORD)

    results = [
        await hasher.verify(password_hash, PASSWORD),
        await hasher.verify(password_hash, "other"),
        await hasher.verify(None, PASSWORD),
    ]

    assert results == [True, False, False]
    assert (hasher.needs_rehash(password_hash), hasher.needs_rehash(f"weak:{PASSWORD}")) == (False, True)
