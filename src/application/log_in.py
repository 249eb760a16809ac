import logging
import re
from dataclasses import dataclass

from application.accounts import PASSWORD_MAX_LENGTH, Session
from application.errors import TooManyRequestsError
from application.ports import PasswordHasher, RateLimiter, TokenIssuer, UnitOfWork, UserRepository
from application.rate_limits import AbuseLimits, spend
from domain.errors import InvalidCredentialsError
from domain.values import Username

logger = logging.getLogger(__name__)

_CONTROL = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")


def login_name(login: str) -> str:
    """What names one login, as the lookup reads it: an e-mail in lower case, or a username's key."""
    return login.lower() if "@" in login else Username(login).key


@dataclass(frozen=True, slots=True)
class Credentials:
    login: str
    password: str


class LogIn:
    """Checks the password and hands out a token. An unknown login and a wrong password get the same
    answer after the same amount of work, so the answer does not tell which accounts exist.

    Logins are limited per client, and failed ones twice over: per login name (a username or an e-mail,
    known or not, each counting for itself, refused with 429), and per account, whichever name it was
    reached by. The account's count is silent: once it is spent, the password is not checked (the same work
    is done on no hash) and the answer is the plain 401, so that neither a refusal nor its timing tells that
    a name belongs to an account, nor which e-mail is whose, while no account takes more guesses than its
    limit. Every attempt is counted before the password is checked (so that guesses sent at once are
    counted at once) and a success takes both counts back. A password longer than any account may have
    fails unhashed."""

    def __init__(
        self,
        users: UserRepository,
        hasher: PasswordHasher,
        tokens: TokenIssuer,
        limiter: RateLimiter,
        limits: AbuseLimits,
        uow: UnitOfWork,
    ) -> None:
        self._users = users
        self._hasher = hasher
        self._tokens = tokens
        self._limiter = limiter
        self._limits = limits
        self._uow = uow

    async def execute(self, credentials: Credentials, client: str) -> Session:
        await spend(self._limiter, self._limits.logins_per_client, f"login-client:{client}")
        login = Username.fold(credentials.login)
        # A login with control characters names nobody (and PostgreSQL would refuse to compare it).
        user = None if _CONTROL.search(login) else await self._users.find_by_login(login)
        await self._uow.rollback()  # nothing was written: the connection goes back while the hash runs
        failures = self._limits.login_failures_per_account
        name = f"login-name:{login_name(login)}"
        try:
            await spend(self._limiter, failures, name)
        except TooManyRequestsError:
            logger.warning("login refused: too many failures for user %s", user.id if user else "(unknown login)")
            raise
        account = None if user is None else f"login-account:{user.id}"
        checkable = user if account is None or await self._limiter.hit(failures, account) is None else None
        if user is not None and checkable is None:
            logger.warning("login of user %s not checked: too many failures for the account", user.id)

        verified = len(credentials.password) <= PASSWORD_MAX_LENGTH and await self._hasher.verify(
            checkable.password_hash if checkable else None, credentials.password
        )
        if user is None or account is None or not verified:
            logger.warning("failed login for user %s", user.id if user else "(unknown login)")
            raise InvalidCredentialsError
        await self._limiter.forget(failures, name)
        await self._limiter.forget(failures, account)

        if self._hasher.needs_rehash(user.password_hash):
            user.password_hash = await self._hasher.hash(credentials.password)
            await self._uow.begin_write()
            await self._users.update(user)
            await self._uow.commit()

        logger.info("user %s logged in", user.id)
        return Session(user, self._tokens.issue(user.id, user.token_version))
