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
    answer after the same amount of work, so the answer does not tell which accounts exist. Logins are
    limited per client, and failed ones per login name: a username or an e-mail, known or not, each counts
    for itself, so that a refusal tells neither that an account exists nor which e-mail is whose. Every
    attempt is counted before the password is checked (so that guesses sent at once are counted at once)
    and a success takes its count back; once the count is spent, the password is not even checked until
    the window moves on. A password longer than any account may have fails unhashed."""

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
        name = f"login-name:{login_name(login)}"
        try:
            await spend(self._limiter, self._limits.login_failures_per_account, name)
        except TooManyRequestsError:
            logger.warning("login refused: too many failures for user %s", user.id if user else "(unknown login)")
            raise

        verified = len(credentials.password) <= PASSWORD_MAX_LENGTH and await self._hasher.verify(
            user.password_hash if user else None, credentials.password
        )
        if user is None or not verified:
            logger.warning("failed login for user %s", user.id if user else "(unknown login)")
            raise InvalidCredentialsError
        await self._limiter.forget(self._limits.login_failures_per_account, name)

        if self._hasher.needs_rehash(user.password_hash):
            user.password_hash = await self._hasher.hash(credentials.password)
            await self._uow.begin_write()
            await self._users.update(user)
            await self._uow.commit()

        logger.info("user %s logged in", user.id)
        return Session(user, self._tokens.issue(user.id, user.token_version))
