import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from application.errors import MailDeliveryError
from application.ports import Clock, Mailer, Outbox, QueuedMail, UnitOfWork

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class MailRetry:
    """How long a mail that could not be sent waits before the next try: the delays in turn, then the
    last one again, until `give_up_after` tries (a week with the defaults: an outage of days delays mail,
    and only news older than a card hold is given up). A round holds its mails for `lease`, stops starting
    sends `lease_margin` before the lease ends, and gives each send at most `send_timeout` (less than the
    margin), so that no mail is sent by a round whose lease has passed to another worker."""

    delays: tuple[timedelta, ...] = (
        timedelta(seconds=30),
        timedelta(minutes=1),
        timedelta(minutes=2),
        timedelta(minutes=5),
        timedelta(minutes=15),
        timedelta(minutes=30),
        timedelta(hours=1),
    )
    give_up_after: int = 175  # the short waits, then hourly tries for a week
    lease: timedelta = timedelta(minutes=5)
    lease_margin: timedelta = timedelta(minutes=1)
    send_timeout: timedelta = timedelta(seconds=45)
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
    them too), sends each, and records the outcome; a mail that fails waits and is tried again, one the
    server refuses for good is given up. A round that runs out of its lease hands back what it did not send."""

    def __init__(self, outbox: Outbox, mailer: Mailer, uow: UnitOfWork, clock: Clock, retry: MailRetry) -> None:
        self._outbox = outbox
        self._mailer = mailer
        self._uow = uow
        self._clock = clock
        self._retry = retry

    async def execute(self) -> MailReport:
        report = MailReport()
        started = self._clock.now()
        # A read first: SQLite's single write lock is not taken every few seconds for an empty outbox.
        if not await self._outbox.any_due(started):
            await self._uow.rollback()
            return report
        await self._uow.begin_write()
        batch = await self._outbox.claim(started, self._retry.lease, self._retry.batch)
        await self._uow.commit()

        send_until = started + self._retry.lease - self._retry.lease_margin
        for queued in batch:
            if self._clock.now() >= send_until:
                await self._hand_back(queued.claim)
                break
            await self._send(queued, report)
        if report.sent or report.failed:
            logger.info("outbox round: %s sent, %s not sent", report.sent, report.failed)
        return report

    async def _send(self, queued: QueuedMail, report: MailReport) -> None:
        try:
            async with asyncio.timeout(self._retry.send_timeout.total_seconds()):
                await self._mailer.send(queued.mail)
        except MailDeliveryError as error:
            await self._record_failure(queued, error.message, error.permanent, report)
            return
        except TimeoutError:
            # The server may have taken it: another try risks a second copy, which beats none.
            await self._record_failure(queued, f"no answer within {self._retry.send_timeout}", False, report)
            return
        except Exception as error:  # a fault of ours or of a library: this mail waits, the others go out
            logger.exception("mail %s could not be handed over", queued.id)
            await self._record_failure(queued, f"unexpected {type(error).__name__}: {error}", False, report)
            return
        await self._uow.begin_write()
        await self._outbox.sent(queued, self._clock.now())
        await self._uow.commit()
        report.sent += 1
        log_sent = logger.info if queued.attempts else logger.debug
        log_sent("mail %s sent (try %s)", queued.id, queued.attempts + 1)

    async def _record_failure(self, queued: QueuedMail, reason: str, permanent: bool, report: MailReport) -> None:
        attempts = queued.attempts + 1
        now = self._clock.now()
        retry_at = None if permanent else self._retry.retry_at(attempts, now)
        await self._uow.begin_write()
        await self._outbox.failed(queued, reason, retry_at, now)
        await self._uow.commit()
        report.failed += 1
        log = logger.warning if retry_at else logger.error
        log("mail %s not sent (try %s): %s; next: %s", queued.id, attempts, reason, retry_at or "never")

    async def _hand_back(self, claim: str) -> None:
        await self._uow.begin_write()
        await self._outbox.release(claim)
        await self._uow.commit()
        logger.warning("outbox round ran out of its lease: the mails it did not send are free to take again")
