"""The argon2 hasher and the JWT issuer against their real libraries."""

import time
from datetime import timedelta

import jwt
import pytest
from argon2 import PasswordHasher as Argon2
from argon2 import Type

from adapters.security.argon2_password_hasher import MEMORY_KIB, TIME_COST, Argon2PasswordHasher
from adapters.security.jwt_token_issuer import JwtTokenIssuer
from adapters.security.zxcvbn_common_passwords import ZxcvbnCommonPasswords
from domain.errors import AuthenticationError

SECRET = "a-secret-key-for-the-tests-of-the-issuer"


@pytest.fixture(scope="module")
def hasher() -> Argon2PasswordHasher:
    return Argon2PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


async def test_argon2_hash_is_argon2id_and_verifies_only_the_right_password(hasher: Argon2PasswordHasher) -> None:
    password_hash = await hasher.hash("correct horse battery")

    assert password_hash.startswith("$argon2id$")
    assert "correct horse battery" not in password_hash
    assert await hasher.verify(password_hash, "correct horse battery")
    assert not await hasher.verify(password_hash, "wrong horse battery")


async def test_argon2_verify_without_a_hash_is_false_even_for_the_dummy_password(
    hasher: Argon2PasswordHasher,
) -> None:
    assert not await hasher.verify(None, "not a password of anyone")
    assert not await hasher.verify("garbage", "anything")


async def test_argon2_asks_for_a_rehash_of_a_weaker_hash(hasher: Argon2PasswordHasher) -> None:
    weak = await hasher.hash("correct horse battery")

    assert Argon2PasswordHasher().needs_rehash(weak)
    assert not hasher.needs_rehash(weak)


@pytest.mark.parametrize(
    ("made_by", "again"),
    [
        (Argon2(), False),  # argon2-cffi's defaults: 64 MiB, three passes, four lanes
        (Argon2(time_cost=TIME_COST, memory_cost=MEMORY_KIB * 2, parallelism=4), False),
        (Argon2(time_cost=TIME_COST, memory_cost=MEMORY_KIB // 2), True),
        (Argon2(time_cost=TIME_COST - 1, memory_cost=MEMORY_KIB * 4), True),
        (Argon2(time_cost=TIME_COST, memory_cost=MEMORY_KIB, type=Type.I), True),
        (Argon2(time_cost=TIME_COST, memory_cost=MEMORY_KIB, hash_len=16), True),
    ],
    ids=["stronger defaults", "more memory", "less memory", "fewer passes", "argon2i", "shorter hash"],
)
def test_argon2_never_weakens_a_stronger_hash_by_making_it_again(made_by: Argon2, again: bool) -> None:
    ours = Argon2PasswordHasher()

    assert ours.needs_rehash(made_by.hash("correct horse battery")) is again


def test_argon2_makes_again_a_hash_it_cannot_read() -> None:
    assert Argon2PasswordHasher().needs_rehash("pbkdf2_sha256$260000$salt$hash")


def test_jwt_round_trip_keeps_the_user_and_the_token_version() -> None:
    issuer = JwtTokenIssuer(SECRET)

    claims = issuer.read(issuer.issue(42, 3))

    assert (claims.user_id, claims.token_version) == (42, 3)


def test_jwt_signed_with_another_key_is_refused() -> None:
    token = JwtTokenIssuer("another-secret-key-of-enough-length-here").issue(42, 0)

    with pytest.raises(AuthenticationError):
        JwtTokenIssuer(SECRET).read(token)


def test_expired_jwt_is_refused() -> None:
    token = JwtTokenIssuer(SECRET, lifetime=timedelta(seconds=-1)).issue(42, 0)

    with pytest.raises(AuthenticationError):
        JwtTokenIssuer(SECRET).read(token)


@pytest.mark.parametrize("algorithm", ["none", "HS512"])
def test_jwt_with_another_algorithm_is_refused(algorithm: str) -> None:
    claims = {"sub": "42", "ver": 0, "iat": 1, "exp": 4_000_000_000, "iss": "mystar"}
    key = None if algorithm == "none" else SECRET + "-padding-for-hs512-of-enough-length-0123456789"
    token = jwt.encode(claims, key, algorithm=algorithm)

    with pytest.raises(AuthenticationError):
        JwtTokenIssuer(SECRET).read(token)


@pytest.mark.parametrize(
    "claims",
    [
        {"sub": "42", "iat": 1, "exp": 4_000_000_000, "iss": "mystar"},
        {"sub": "abc", "ver": 0, "iat": 1, "exp": 4_000_000_000, "iss": "mystar"},
        {"sub": "42", "ver": "0", "iat": 1, "exp": 4_000_000_000, "iss": "mystar"},
        {"sub": "42", "ver": 0, "iat": 1, "exp": 4_000_000_000, "iss": "someone-else"},
        {"sub": str(2**70), "ver": 0, "iat": 1, "exp": 4_000_000_000, "iss": "mystar"},
        {"sub": " 42 ", "ver": 0, "iat": 1, "exp": 4_000_000_000, "iss": "mystar"},
        {"sub": "42", "ver": False, "iat": 1, "exp": 4_000_000_000, "iss": "mystar"},
        {"sub": 42, "ver": 0, "iat": 1, "exp": 4_000_000_000, "iss": "mystar"},
    ],
)
def test_jwt_with_missing_or_malformed_claims_is_refused(claims: dict[str, object]) -> None:
    token = jwt.encode(claims, SECRET, algorithm="HS256")

    with pytest.raises(AuthenticationError):
        JwtTokenIssuer(SECRET).read(token)


def test_common_password_list_knows_common_passwords_in_any_case() -> None:
    common = ZxcvbnCommonPasswords()

    assert common.contains("password1")
    assert common.contains("QWERTY123")
    assert not common.contains("a long enough passphrase")


def test_a_token_checked_before_still_expires_and_a_forged_one_is_never_trusted() -> None:
    issuer = JwtTokenIssuer(SECRET, lifetime=timedelta(seconds=2))  # whole seconds: 1 to 2 left
    token = issuer.issue(42, 0)
    header, payload, signature = token.split(".")
    forged = f"{header}.{payload}.{signature[:-2]}AA"

    first = issuer.read(token)
    with pytest.raises(AuthenticationError):
        issuer.read(forged)
    time.sleep(2.1)

    assert first.user_id == 42
    with pytest.raises(AuthenticationError):
        issuer.read(token)
