"""Password reset: a link by e-mail that works once, within its hour, for its own account only; the same
answer for every address; the new password ends every earlier login; limits on requests and attempts."""

import re
from datetime import timedelta

import pytest

from application.authenticate import Authenticate
from application.errors import TooManyRequestsError
from application.password_reset import ResetPolicy
from application.ports import Rate
from application.purge_stale_records import PurgeStaleRecords
from application.request_password_reset import RequestPasswordReset
from application.reset_password import ResetPassword
from application.validate_reset_token import ValidateResetToken
from domain.errors import AuthenticationError, InvalidValueError, ResetTokenExpiredError, ResetTokenNotFoundError
from domain.password_reset import PasswordResetToken, token_digest
from domain.user import User
from tests.unit.factories import PASSWORD, SERVICE_URL, Fakes, a_stored_customer
from tests.unit.fakes import NOW

POLICY = ResetPolicy()
NEW_PASSWORD = "a brand new passphrase"
CLIENT = "203.0.113.7"
LINK = re.compile(re.escape(f"{SERVICE_URL}/password_reset/confirm/?token=") + r"([A-Za-z0-9_-]+)\n")


def request_reset(fakes: Fakes, policy: ResetPolicy = POLICY) -> RequestPasswordReset:
    return RequestPasswordReset(
        fakes.users, fakes.reset_tokens, fakes.account_mail(), fakes.limiter, fakes.uow, fakes.clock, policy
    )


def reset_password(fakes: Fakes, policy: ResetPolicy = POLICY) -> ResetPassword:
    return ResetPassword(
        fakes.users,
        fakes.reset_tokens,
        fakes.account_rules(),
        fakes.hasher,
        fakes.account_mail(),
        fakes.limiter,
        fakes.uow,
        fakes.clock,
        policy,
    )


def validate(fakes: Fakes, policy: ResetPolicy = POLICY) -> ValidateResetToken:
    return ValidateResetToken(fakes.reset_tokens, fakes.limiter, fakes.clock, policy)


async def a_link(fakes: Fakes, user: User) -> str:
    """The secret of a reset link mailed to this user."""
    await request_reset(fakes).execute(user.email.value, CLIENT)
    secrets: list[str] = [
        secret for mail in fakes.outbox.mails() if mail.to == user.email.value for secret in LINK.findall(mail.body)
    ]
    return secrets[-1]


async def test_a_known_address_gets_a_link_whose_secret_is_stored_only_as_a_hash() -> None:
    fakes = Fakes()
    user = await a_stored_customer(fakes, email="ivan@example.com")

    await request_reset(fakes).execute("ivan@example.com", CLIENT)

    [mail] = fakes.outbox.mails()
    assert mail.to == "ivan@example.com"
    secret = LINK.search(mail.body).group(1)  # type: ignore[union-attr]
    assert len(secret) >= 43  # 32 random bytes, URL-safe base64: 256 bits
    [token] = fakes.reset_tokens.stored()
    assert (token.user_id, token.digest, token.expires_at) == (user.id, token_digest(secret), NOW + POLICY.lifetime)
    assert mail.expires_at == token.expires_at


async def test_the_address_is_found_in_any_case_and_with_spaces_around() -> None:
    fakes = Fakes()
    await a_stored_customer(fakes, email="ivan@example.com")

    await request_reset(fakes).execute("  IVAN@Example.COM ", CLIENT)

    assert [mail.to for mail in fakes.outbox.mails()] == ["ivan@example.com"]


async def test_every_link_is_different() -> None:
    fakes = Fakes()
    user = await a_stored_customer(fakes)

    secrets = {await a_link(fakes, user) for _ in range(3)}

    assert len(secrets) == 3


async def test_an_unknown_address_gets_the_same_answer_after_the_same_time_and_nothing_is_stored() -> None:
    known, unknown = Fakes(), Fakes()
    await a_stored_customer(known, email="ivan@example.com")
    await a_stored_customer(unknown, email="ivan@example.com")

    await request_reset(known).execute("ivan@example.com", CLIENT)
    await request_reset(unknown).execute("nobody@example.com", CLIENT)

    assert known.clock.slept_until == unknown.clock.slept_until == [NOW + POLICY.answer_floor]
    assert (unknown.outbox.mails(), unknown.reset_tokens.stored()) == ([], [])
    assert len(known.outbox.mails()) == 1


async def test_a_malformed_address_is_refused_before_anything_is_counted() -> None:
    fakes = Fakes()

    with pytest.raises(InvalidValueError) as refused:
        await request_reset(fakes).execute("not an address", CLIENT)

    assert refused.value.field == "email"
    assert fakes.limiter.events == {}


@pytest.mark.parametrize("known", [True, False])
async def test_an_address_gets_five_requests_an_hour_known_or_not(known: bool) -> None:
    fakes = Fakes()
    await a_stored_customer(fakes, email="ivan@example.com")
    address = "ivan@example.com" if known else "nobody@example.com"
    request = request_reset(fakes)
    for number in range(5):
        await request.execute(address, f"198.51.100.{number}")

    with pytest.raises(TooManyRequestsError) as refused:
        await request.execute(address.upper(), "198.51.100.99")

    assert timedelta(minutes=59) < refused.value.retry_after <= timedelta(hours=1)
    assert len(fakes.outbox.mails()) == (5 if known else 0)
    fakes.clock.advance(timedelta(hours=1))
    await request.execute(address, "198.51.100.99")


async def test_a_client_gets_twenty_requests_an_hour_whatever_the_addresses() -> None:
    fakes = Fakes()
    request = request_reset(fakes)
    for number in range(20):
        await request.execute(f"person{number}@example.com", CLIENT)

    with pytest.raises(TooManyRequestsError):
        await request.execute("someone.else@example.com", CLIENT)
    await request.execute("someone.else@example.com", "198.51.100.1")


async def test_a_request_for_a_known_address_leaves_other_peoples_expired_links_as_they_were() -> None:
    # An attacker's own expired link must not tell, by turning from "expired" to "not found", that a
    # request for someone's address found an account.
    fakes = Fakes()
    attacker = await a_stored_customer(fakes, username="attacker", email="attacker@example.com")
    await a_stored_customer(fakes, username="victim", email="victim@example.com")
    own = await a_link(fakes, attacker)
    fakes.clock.advance(POLICY.lifetime + timedelta(seconds=1))

    await request_reset(fakes).execute("victim@example.com", CLIENT)

    with pytest.raises(ResetTokenExpiredError):
        await validate(fakes).execute(own, CLIENT)


async def test_expired_links_are_purged_on_the_services_own_schedule() -> None:
    fakes = Fakes()
    user = await a_stored_customer(fakes)
    await a_link(fakes, user)
    fakes.clock.advance(POLICY.lifetime + timedelta(seconds=1))
    fresh = await a_link(fakes, user)

    removed = await PurgeStaleRecords(fakes.outbox, fakes.reset_tokens, fakes.uow, fakes.clock).execute()

    assert removed == 1
    assert [token.digest for token in fakes.reset_tokens.stored()] == [token_digest(fresh)]


async def test_the_link_sets_the_password_ends_every_login_and_every_other_link_and_the_owner_is_told() -> None:
    fakes = Fakes()
    user = await a_stored_customer(fakes, email="ivan@example.com")
    login = fakes.tokens.issue(user.id, user.token_version)
    first, second = await a_link(fakes, user), await a_link(fakes, user)

    await reset_password(fakes).execute(second, NEW_PASSWORD, CLIENT)

    [stored] = fakes.users.stored()
    assert stored.password_hash == f"hashed:{NEW_PASSWORD}"
    assert stored.token_version == user.token_version + 1
    with pytest.raises(AuthenticationError):
        await Authenticate(fakes.tokens, fakes.users).execute(login)
    assert fakes.reset_tokens.stored() == []
    for used in (first, second):
        with pytest.raises(ResetTokenNotFoundError):
            await reset_password(fakes).execute(used, "yet another passphrase", CLIENT)
    changed = fakes.outbox.mails()[-1]
    assert (changed.to, changed.subject) == ("ivan@example.com", "Пароль в My Star изменён")


async def test_a_link_of_one_account_changes_nothing_of_another() -> None:
    fakes = Fakes()
    ivan = await a_stored_customer(fakes, username="ivan")
    olga = await a_stored_customer(fakes, username="olga")
    secret = await a_link(fakes, ivan)

    await reset_password(fakes).execute(secret, NEW_PASSWORD, CLIENT)

    stored = {user.username.value: user for user in fakes.users.stored()}
    assert stored["olga"].password_hash == olga.password_hash == f"hashed:{PASSWORD}"
    assert stored["ivan"].password_hash == f"hashed:{NEW_PASSWORD}"


async def test_an_expired_link_changes_nothing() -> None:
    fakes = Fakes()
    user = await a_stored_customer(fakes)
    secret = await a_link(fakes, user)
    fakes.clock.advance(POLICY.lifetime)

    with pytest.raises(ResetTokenExpiredError):
        await validate(fakes).execute(secret, CLIENT)
    with pytest.raises(ResetTokenExpiredError):
        await reset_password(fakes).execute(secret, NEW_PASSWORD, CLIENT)

    assert fakes.users.stored()[0].password_hash == f"hashed:{PASSWORD}"


@pytest.mark.parametrize("secret", ["", "no-such-token", "x" * 129, "\ud800"])
async def test_an_unknown_link_is_not_found(secret: str) -> None:
    fakes = Fakes()
    user = await a_stored_customer(fakes)
    await a_link(fakes, user)

    with pytest.raises(ResetTokenNotFoundError):
        await validate(fakes).execute(secret, CLIENT)
    with pytest.raises(ResetTokenNotFoundError):
        await reset_password(fakes).execute(secret, NEW_PASSWORD, CLIENT)


async def test_a_valid_link_validates_without_being_used() -> None:
    fakes = Fakes()
    user = await a_stored_customer(fakes)
    secret = await a_link(fakes, user)

    await validate(fakes).execute(secret, CLIENT)
    await validate(fakes).execute(secret, CLIENT)

    assert len(fakes.reset_tokens.stored()) == 1


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short", "от 8 до 128"),
        ("x" * 129, "от 8 до 128"),
        ("password123", "распространён"),
        ("ivan_petrov", "не должен совпадать"),
        ("Ivan@Example.com", "не должен совпадать"),
    ],
)
async def test_a_password_the_rules_refuse_leaves_the_link_working_and_is_never_hashed(
    password: str, message: str
) -> None:
    fakes = Fakes()
    fakes.common_passwords = type(fakes.common_passwords)("password123")
    user = await a_stored_customer(fakes, username="ivan_petrov", email="ivan@example.com")
    secret = await a_link(fakes, user)
    hashes_before = fakes.hasher.events.count("hash")

    with pytest.raises(InvalidValueError) as refused:
        await reset_password(fakes).execute(secret, password, CLIENT)

    assert refused.value.field == "password"
    assert message in refused.value.message
    assert fakes.hasher.events.count("hash") == hashes_before
    await reset_password(fakes).execute(secret, NEW_PASSWORD, CLIENT)


async def test_a_reset_that_fails_to_commit_changes_nothing_and_sends_nothing() -> None:
    fakes = Fakes()
    user = await a_stored_customer(fakes)
    secret = await a_link(fakes, user)
    mails_before = fakes.outbox.mails()
    fakes.uow.failing = True

    with pytest.raises(ConnectionError):
        await reset_password(fakes).execute(secret, NEW_PASSWORD, CLIENT)

    assert fakes.users.stored()[0].password_hash == f"hashed:{PASSWORD}"
    assert fakes.outbox.mails() == mails_before
    assert len(fakes.reset_tokens.stored()) == 1


async def test_a_client_gets_thirty_attempts_an_hour_at_links() -> None:
    fakes = Fakes()
    for _ in range(15):
        with pytest.raises(ResetTokenNotFoundError):
            await validate(fakes).execute("guess", CLIENT)
        with pytest.raises(ResetTokenNotFoundError):
            await reset_password(fakes).execute("guess", NEW_PASSWORD, CLIENT)

    with pytest.raises(TooManyRequestsError):
        await reset_password(fakes).execute("guess", NEW_PASSWORD, CLIENT)
    with pytest.raises(TooManyRequestsError):
        await validate(fakes).execute("guess", CLIENT)
    with pytest.raises(ResetTokenNotFoundError):
        await validate(fakes).execute("guess", "198.51.100.1")


async def test_an_account_gets_ten_attempts_an_hour_at_its_password_from_any_number_of_clients() -> None:
    fakes = Fakes()
    user = await a_stored_customer(fakes)
    secret = await a_link(fakes, user)
    for number in range(10):
        with pytest.raises(InvalidValueError):
            await reset_password(fakes).execute(secret, "short", f"198.51.100.{number}")

    with pytest.raises(TooManyRequestsError):
        await reset_password(fakes).execute(secret, NEW_PASSWORD, "198.51.100.200")
    fakes.clock.advance(timedelta(hours=1))  # the link has expired meanwhile: a new one
    await reset_password(fakes).execute(await a_link(fakes, user), NEW_PASSWORD, CLIENT)


async def test_the_policy_decides_the_lifetime_the_floor_and_the_limits() -> None:
    fakes = Fakes()
    user = await a_stored_customer(fakes)
    policy = ResetPolicy(
        lifetime=timedelta(minutes=10),
        answer_floor=timedelta(seconds=1),
        requests_per_address=Rate(1, timedelta(minutes=1)),
    )

    await request_reset(fakes, policy).execute(user.email.value, CLIENT)

    [token] = fakes.reset_tokens.stored()
    assert token.expires_at == NOW + timedelta(minutes=10)
    assert fakes.clock.slept_until == [NOW + timedelta(seconds=1)]
    assert "10 мин." in fakes.outbox.mails()[0].body
    with pytest.raises(TooManyRequestsError):
        await request_reset(fakes, policy).execute(user.email.value, CLIENT)


def test_a_token_is_usable_until_its_expiry() -> None:
    token = PasswordResetToken(user_id=1, digest=token_digest("secret"), expires_at=NOW)

    token.ensure_usable(NOW - timedelta(microseconds=1))
    with pytest.raises(ResetTokenExpiredError):
        token.ensure_usable(NOW)
