"""The abuse limits: logins per client and failed logins per account, sign-ups per client, messages per
sender, notifications per source. A spent limit refuses before any work (no hash, no provider call)."""

import asyncio
from datetime import timedelta

import pytest

from application.create_star import CreateStar
from application.errors import TooManyRequestsError
from application.handle_payment_notification import HandlePaymentNotification
from application.identity import Caller
from application.log_in import Credentials, LogIn
from application.ports import Rate
from application.register_user import RegisterUser
from application.send_message import SendMessage
from domain.errors import InvalidCredentialsError, UsernameTakenError
from tests.unit.factories import CLIENT, PASSWORD, Fakes, a_stored_customer, a_stored_star, new_account, new_star
from tests.unit.fakes import FakePasswordHasher

OTHER_CLIENT = "198.51.100.9"
THREE = Rate(3, timedelta(minutes=15))


def log_in(fakes: Fakes, **limits: Rate) -> LogIn:
    return LogIn(fakes.users, fakes.hasher, fakes.tokens, fakes.limiter, fakes.limits(**limits), fakes.uow)


async def fail_logins(fakes: Fakes, login: str, times: int, client: str = CLIENT) -> None:
    for _ in range(times):
        with pytest.raises(InvalidCredentialsError):
            await log_in(fakes, login_failures_per_account=THREE).execute(Credentials(login, "wrong guess"), client)


async def test_a_login_name_whose_failures_are_spent_is_refused_without_checking_the_password_from_anywhere() -> None:
    fakes = Fakes()
    await a_stored_customer(fakes, username="ivan", email="ivan@example.com")
    await fail_logins(fakes, "ivan", 2)
    await fail_logins(fakes, "IVAN", 1, client=OTHER_CLIENT)  # the same name in another case, another client
    checked = fakes.hasher.verifications

    with pytest.raises(TooManyRequestsError) as refused:
        await log_in(fakes, login_failures_per_account=THREE).execute(Credentials("Ivan", PASSWORD), OTHER_CLIENT)

    assert fakes.hasher.verifications == checked
    assert timedelta(minutes=14) < refused.value.retry_after <= timedelta(minutes=15)


async def test_failures_under_the_username_do_not_tell_which_e_mail_is_the_accounts() -> None:
    # Were the failures counted per account, a spent username would make its own e-mail answer 429 and a
    # stranger's 401: the answer would tell whose address it is.
    fakes = Fakes()
    await a_stored_customer(fakes, username="alla", email="alla.private@example.com")
    await fail_logins(fakes, "alla", 3)

    for email in ("alla.private@example.com", "someone.else@example.com"):
        with pytest.raises(InvalidCredentialsError):
            await log_in(fakes, login_failures_per_account=THREE).execute(Credentials(email, "wrong"), CLIENT)


async def test_an_account_takes_no_more_guesses_than_its_limit_whatever_names_reach_it() -> None:
    fakes = Fakes()
    alla = await a_stored_customer(fakes, username="alla", email="alla.private@example.com")
    await fail_logins(fakes, "alla", 3)
    checked = fakes.hasher.checked_against_a_hash

    # The e-mail's own count is not spent, but the account's is: the right password is not even checked.
    with pytest.raises(InvalidCredentialsError):
        await log_in(fakes, login_failures_per_account=THREE).execute(
            Credentials("alla.private@example.com", PASSWORD), OTHER_CLIENT
        )
    unchecked = fakes.hasher.checked_against_a_hash
    fakes.clock.advance(timedelta(minutes=15))
    session = await log_in(fakes, login_failures_per_account=THREE).execute(
        Credentials("alla.private@example.com", PASSWORD), CLIENT
    )

    assert unchecked == checked
    assert session.user.id == alla.id


async def test_failures_of_a_login_that_is_a_number_do_not_lock_the_user_with_that_id() -> None:
    fakes = Fakes()
    victim = await a_stored_customer(fakes, username="victim")
    await fail_logins(fakes, str(victim.id), 3, client=OTHER_CLIENT)

    session = await log_in(fakes, login_failures_per_account=THREE).execute(Credentials("victim", PASSWORD), CLIENT)

    assert session.user.id == victim.id


class SlowHasher(FakePasswordHasher):
    """Lets other requests run while it "hashes", as the real one does in its thread."""

    async def verify(self, password_hash: str | None, password: str) -> bool:
        await asyncio.sleep(0.01)
        return await super().verify(password_hash, password)


async def test_guesses_sent_at_once_are_counted_before_any_password_is_checked() -> None:
    fakes = Fakes(hasher=SlowHasher())
    await a_stored_customer(fakes, username="ivan")
    use_case = log_in(fakes, login_failures_per_account=THREE)

    answers = await asyncio.gather(
        *(use_case.execute(Credentials("ivan", f"guess {n}"), f"198.51.100.{n}") for n in range(20)),
        return_exceptions=True,
    )

    assert fakes.hasher.verifications == 3
    assert sum(isinstance(answer, TooManyRequestsError) for answer in answers) == 17


async def test_a_success_takes_its_count_back_and_the_window_moves_on() -> None:
    fakes = Fakes()
    await a_stored_customer(fakes, username="ivan")
    for _ in range(2):
        await fail_logins(fakes, "ivan", 2)
        await log_in(fakes, login_failures_per_account=THREE).execute(Credentials("ivan", PASSWORD), CLIENT)
    await fail_logins(fakes, "ivan", 3)
    fakes.clock.advance(timedelta(minutes=15))

    session = await log_in(fakes, login_failures_per_account=THREE).execute(Credentials("ivan", PASSWORD), CLIENT)

    assert str(session.user.username) == "ivan"


async def test_an_unknown_login_is_limited_like_a_known_one_so_the_limit_tells_nothing() -> None:
    fakes = Fakes()
    await fail_logins(fakes, "nobody", 3)

    with pytest.raises(TooManyRequestsError):
        await log_in(fakes, login_failures_per_account=THREE).execute(Credentials("nobody", "x" * 8), CLIENT)


async def test_a_client_is_limited_in_logins_whatever_the_accounts() -> None:
    fakes = Fakes()
    await a_stored_customer(fakes, username="ivan")
    for _ in range(2):
        await log_in(fakes, logins_per_client=Rate(2, timedelta(minutes=1))).execute(
            Credentials("ivan", PASSWORD), CLIENT
        )

    with pytest.raises(TooManyRequestsError):
        await log_in(fakes, logins_per_client=Rate(2, timedelta(minutes=1))).execute(
            Credentials("ivan", PASSWORD), CLIENT
        )
    await log_in(fakes, logins_per_client=Rate(2, timedelta(minutes=1))).execute(
        Credentials("ivan", PASSWORD), OTHER_CLIENT
    )


async def test_a_password_longer_than_any_account_may_have_fails_without_being_hashed() -> None:
    fakes = Fakes()
    await a_stored_customer(fakes, username="ivan")

    with pytest.raises(InvalidCredentialsError):
        await log_in(fakes).execute(Credentials("ivan", "x" * 129), CLIENT)

    assert fakes.hasher.verifications == 0


async def test_sign_ups_are_limited_per_client_refused_ones_included_stars_and_customers_together() -> None:
    fakes = Fakes()
    await fakes.categories.add("Певцы", None)
    await fakes.uow.commit()
    limits = fakes.limits(sign_ups_per_client=Rate(2, timedelta(hours=1)))
    register = RegisterUser(fakes.users, fakes.account_rules(), fakes.tokens, fakes.limiter, limits, fakes.uow)
    create = CreateStar(
        fakes.users,
        fakes.stars,
        fakes.categories,
        fakes.account_rules(),
        fakes.tokens,
        fakes.limiter,
        limits,
        fakes.catalogue_version,
        fakes.uow,
    )
    await register.execute(new_account(username="ivan", email="ivan@example.com", phone="79990000001"), CLIENT)
    with pytest.raises(UsernameTakenError):
        await register.execute(new_account(username="ivan", email="ivan2@example.com", phone="79990000002"), CLIENT)

    with pytest.raises(TooManyRequestsError):
        await register.execute(new_account(username="olga", email="olga@example.com", phone="79990000004"), CLIENT)
    with pytest.raises(TooManyRequestsError):
        await create.execute(new_star(account=new_account(username="alla", phone="79990000003")), CLIENT)
    await create.execute(new_star(account=new_account(username="alla", phone="79990000003")), OTHER_CLIENT)
    await register.execute(new_account(username="olga", email="olga@example.com", phone="79990000004"), OTHER_CLIENT)
    assert len(fakes.users.stored()) == 3


async def test_a_sender_is_limited_in_messages() -> None:
    fakes = Fakes()
    ivan, alla = await a_stored_customer(fakes), await a_stored_star(fakes)
    limits = fakes.limits(messages_per_user=Rate(2, timedelta(minutes=1)))
    send = SendMessage(fakes.messages, fakes.users, fakes.limiter, limits, fakes.uow, fakes.clock)
    await send.execute(Caller(ivan), alla.id, "раз")
    await send.execute(Caller(ivan), alla.id, "два")

    with pytest.raises(TooManyRequestsError):
        await send.execute(Caller(ivan), alla.id, "три")
    await send.execute(Caller(alla), ivan.id, "ответ")
    fakes.clock.advance(timedelta(minutes=1))
    await send.execute(Caller(ivan), alla.id, "три")


async def test_a_source_of_notifications_is_limited_before_the_provider_is_asked() -> None:
    fakes = Fakes()
    limits = fakes.limits(notifications_per_client=Rate(2, timedelta(minutes=1)))
    handle = HandlePaymentNotification(
        fakes.orders, fakes.gateway, fakes.settlement(), fakes.limiter, limits, fakes.uow
    )
    await handle.execute("pay-1", CLIENT)
    await handle.execute("pay-2", CLIENT)
    asked = list(fakes.gateway.calls)

    with pytest.raises(TooManyRequestsError):
        await handle.execute("pay-3", CLIENT)

    assert fakes.gateway.calls == asked
