import logging
from datetime import timedelta

from application.ports import Clock, Outbox, ResetTokenRepository, UnitOfWork

logger = logging.getLogger(__name__)
MAIL_KEPT_FOR = timedelta(days=30)


class PurgeStaleRecords:
    """Removes what the service no longer needs, on its own schedule rather than in anyone's request (so
    that no answer depends on it): mails sent or given up more than 30 days ago (their address, subject
    and outcome; bodies are forgotten once sent), and password-reset tokens past their expiry."""

    def __init__(self, outbox: Outbox, reset_tokens: ResetTokenRepository, uow: UnitOfWork, clock: Clock) -> None:
        self._outbox = outbox
        self._reset_tokens = reset_tokens
        self._uow = uow
        self._clock = clock

    async def execute(self) -> int:
        now = self._clock.now()
        await self._uow.begin_write()
        mails = await self._outbox.purge(now - MAIL_KEPT_FOR)
        tokens = await self._reset_tokens.remove_expired(now)
        await self._uow.commit()
        if mails or tokens:
            logger.info("purged %s old mails and %s expired reset tokens", mails, tokens)
        return mails + tokens
