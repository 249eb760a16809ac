import logging
import secrets

from application.account_mail import AccountMail
from application.password_reset import ResetPolicy
from application.ports import Clock, RateLimiter, ResetTokenRepository, UnitOfWork, UserRepository
from application.rate_limits import spend
from domain.password_reset import PasswordResetToken, token_digest
from domain.values import Email

logger = logging.getLogger(__name__)
SECRET_BYTES = 32  # 256 random bits


class RequestPasswordReset:
    """E-mails a link that sets a new password. The answer is the same, and comes no sooner than
    `policy.answer_floor`, whether or not the address has an account: nobody learns which addresses do."""

    def __init__(
        self,
        users: UserRepository,
        tokens: ResetTokenRepository,
        mail: AccountMail,
        limiter: RateLimiter,
        uow: UnitOfWork,
        clock: Clock,
        policy: ResetPolicy,
    ) -> None:
        self._users = users
        self._tokens = tokens
        self._mail = mail
        self._limiter = limiter
        self._uow = uow
        self._clock = clock
        self._policy = policy

    async def execute(self, email: str, client: str) -> None:
        address = Email.parse(email)
        # Counted for every address alike, known or not, so that a refusal tells nothing either.
        await spend(self._limiter, self._policy.requests_per_client, f"reset-request-client:{client}")
        await spend(self._limiter, self._policy.requests_per_address, f"reset-request-address:{address}")
        deadline = self._clock.now() + self._policy.answer_floor
        try:
            await self._send_link(address)
        finally:
            await self._clock.sleep_until(deadline)

    async def _send_link(self, address: Email) -> None:
        await self._uow.begin_write()
        user = await self._users.find_by_login(str(address))
        if user is None:
            await self._uow.rollback()
            logger.info("password reset asked for an address with no account")
            return
        secret = secrets.token_urlsafe(SECRET_BYTES)
        now = self._clock.now()
        expires_at = now + self._policy.lifetime
        await self._tokens.add(PasswordResetToken(user.id, token_digest(secret), expires_at))
        await self._mail.reset_requested(user, secret, self._policy.lifetime, expires_at)
        await self._uow.commit()
        logger.info("password reset link for user %s queued in the outbox", user.id)
