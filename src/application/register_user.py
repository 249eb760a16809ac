import logging

from application.accounts import AccountRules, NewAccount, Session
from application.ports import RateLimiter, TokenIssuer, UnitOfWork, UserRepository
from application.rate_limits import AbuseLimits, spend

logger = logging.getLogger(__name__)


class RegisterUser:
    """Opens a customer account. Username, e-mail and phone are each held by one account only;
    `is_star` and every counter are set by the server, never by the client. Sign-ups are limited per
    client, refused ones included (a taken name tells that it exists)."""

    def __init__(
        self,
        users: UserRepository,
        rules: AccountRules,
        tokens: TokenIssuer,
        limiter: RateLimiter,
        limits: AbuseLimits,
        uow: UnitOfWork,
    ) -> None:
        self._users = users
        self._rules = rules
        self._tokens = tokens
        self._limiter = limiter
        self._limits = limits
        self._uow = uow

    async def execute(self, account: NewAccount, client: str) -> Session:
        await spend(self._limiter, self._limits.sign_ups_per_client, f"sign-up-client:{client}")
        user = await self._rules.new_user(account)
        await self._uow.begin_write()
        user = await self._users.add(user)
        await self._uow.commit()

        logger.info("user %s registered", user.id)
        return Session(user, self._tokens.issue(user.id, user.token_version))
