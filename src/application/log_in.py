import logging
import re
from dataclasses import dataclass

from application.accounts import PASSWORD_MAX_LENGTH, Session
from application.ports import PasswordHasher, RateLimiter, TokenIssuer, UnitOfWork, UserRepository
from application.rate_limits import AbuseLimits, ensure_room, spend
from domain.errors import InvalidCredentialsError
from domain.values import Username

logger = logging.getLogger(__name__)

_CONTROL = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class Credentials:
    login: str
    password: str


class LogIn:
    """Checks the password and hands out a token. An unknown login and a wrong password get the same
    answer after the same amount of work, so the answer does not tell which accounts exist. Logins are
    limited per client, and failed ones per account (an unknown login counts as an account of its own,
    so that a limit tells nothing either); once an account's failures are spent, its password is not
    even checked until the window moves on. A password longer than any account may have fails unhashed."""

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
        account = f"login-account:{user.id if user else login}"
        await ensure_room(self._limiter, self._limits.login_failures_per_account, account)

        verified = len(credentials.password) <= PASSWORD_MAX_LENGTH and await self._hasher.verify(
            user.password_hash if user else None, credentials.password
        )
        if user is None or not verified:
            await self._limiter.hit(self._limits.login_failures_per_account, account)
            logger.warning("failed login for user %s", user.id if user else "(unknown login)")
            raise InvalidCredentialsError

        if self._hasher.needs_rehash(user.password_hash):
            user.password_hash = await self._hasher.hash(credentials.password)
            await self._uow.begin_write()
            await self._users.update(user)
            await self._uow.commit()

        logger.info("user %s logged in", user.id)
        return Session(user, self._tokens.issue(user.id, user.token_version))
