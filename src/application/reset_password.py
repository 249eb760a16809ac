import logging

from application.account_mail import AccountMail
from application.accounts import AccountRules
from application.password_reset import ResetPolicy, usable_token
from application.ports import (
    Clock,
    PasswordHasher,
    RateLimiter,
    ResetTokenRepository,
    UnitOfWork,
    UserRepository,
)
from application.rate_limits import spend
from domain.errors import ResetTokenNotFoundError

logger = logging.getLogger(__name__)


class ResetPassword:
    """Sets a new password with a link's secret. The link works once; the new password ends every
    earlier login and every other link of the account, and the owner is told by e-mail."""

    def __init__(
        self,
        users: UserRepository,
        tokens: ResetTokenRepository,
        rules: AccountRules,
        hasher: PasswordHasher,
        mail: AccountMail,
        limiter: RateLimiter,
        uow: UnitOfWork,
        clock: Clock,
        policy: ResetPolicy,
    ) -> None:
        self._users = users
        self._tokens = tokens
        self._rules = rules
        self._hasher = hasher
        self._mail = mail
        self._limiter = limiter
        self._uow = uow
        self._clock = clock
        self._policy = policy

    async def execute(self, secret: str, password: str, client: str) -> None:
        await spend(self._limiter, self._policy.confirms_per_client, f"reset-confirm-client:{client}")
        token = await usable_token(self._tokens, self._clock, secret)
        await spend(self._limiter, self._policy.confirms_per_account, f"reset-confirm-account:{token.user_id}")
        user = await self._users.get(token.user_id)
        if user is None:
            raise ResetTokenNotFoundError
        self._rules.check_password(password, str(user.username), str(user.email))
        await self._uow.rollback()  # nothing was written: the connection goes back while the hash runs
        password_hash = await self._hasher.hash(password)

        await self._uow.begin_write()
        # Read again, held: of two requests with one link, the second finds it gone.
        token = await usable_token(self._tokens, self._clock, secret, for_update=True)
        user = await self._users.get(token.user_id, for_update=True)
        if user is None:
            raise ResetTokenNotFoundError
        user.change_password(password_hash)
        await self._users.update(user)
        await self._tokens.remove_of_user(user.id)
        await self._mail.password_changed(user)
        await self._uow.commit()
        logger.info("user %s set a new password with a reset link", user.id)
