import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from application.errors import MailDeliveryError
from application.ports import Clock, Mailer, Outbox, UnitOfWork

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class MailRetry:
    """How long a mail that could not be sent waits before the next try: the delays in turn, then the
    last one again, until `give_up_after` tries (about two days with the defaults)."""

    delays: tuple[timedelta, ...] = (
        timedelta(seconds=30),
        timedelta(minutes=1),
        timedelta(minutes=2),
        timedelta(minutes=5),
        timedelta(minutes=15),
        timedelta(minutes=30),
        timedelta(hours=1),
    )
    give_up_after: int = 54
    lease: timedelta = timedelta(minutes=5)
    batch: int = 50

    def retry_at(self, attempts: int, now: datetime) -> datetime | None:
        if attempts >= self.give_up_after:
            return None
        return now + self.delays[min(attempts, len(self.delays)) - 1]


@dataclass(slots=True)
class MailReport:
    sent: int = 0
    failed: int = 0


class SendQueuedMail:
    """The outbox's round: takes the due mails (held for a while, so that another worker does not take
    them too), sends each, and records the outcome; a mail that fails waits and is tried again."""

    def __init__(self, outbox: Outbox, mailer: Mailer, uow: UnitOfWork, clock: Clock, retry: MailRetry) -> None:
        self._outbox = outbox
        self._mailer = mailer
        self._uow = uow
        self._clock = clock
        self._retry = retry

    async def execute(self) -> MailReport:
        report = MailReport()
        await self._uow.begin_write()
        batch = await self._outbox.claim(self._clock.now(), self._retry.lease, self._retry.batch)
        await self._uow.commit()
        for queued in batch:
            try:
                await self._mailer.send(queued.mail)
            except MailDeliveryError as error:
                attempts = queued.attempts + 1
                retry_at = self._retry.retry_at(attempts, self._clock.now())
                await self._uow.begin_write()
                await self._outbox.failed(queued.id, error.message, retry_at)
                await self._uow.commit()
                report.failed += 1
                log = logger.warning if retry_at else logger.error
                log(
                    "mail %s to %s not sent (try %s): %s; next: %s",
                    queued.id,
                    queued.mail.to,
                    attempts,
                    error.message,
                    retry_at,
                )
                continue
            await self._uow.begin_write()
            await self._outbox.sent(queued.id, self._clock.now())
            await self._uow.commit()
            report.sent += 1
        return report
