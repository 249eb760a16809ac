from datetime import timedelta

from application.send_queued_mail import MailRetry, SendQueuedMail
from domain.mail import Mail
from tests.unit.factories import Fakes
from tests.unit.fakes import NOW, StubClock

HELLO = Mail("masha@example.com", "Привет", "Текст")


def sender(fakes: Fakes, later: timedelta = timedelta(0), retry: MailRetry | None = None) -> SendQueuedMail:
    return SendQueuedMail(fakes.outbox, fakes.mailer, fakes.uow, StubClock(NOW + later), retry or MailRetry())


async def queued(fakes: Fakes, *mails: Mail) -> None:
    for mail in mails:
        await fakes.outbox.add(mail, NOW)
    await fakes.uow.commit()


async def test_queued_mail_is_sent_once() -> None:
    fakes = Fakes()
    await queued(fakes, HELLO, Mail("petya@example.com", "Тема", "Текст"))

    first = await sender(fakes).execute()
    second = await sender(fakes, timedelta(hours=1)).execute()

    assert (first.sent, second.sent) == (2, 0)
    assert [mail.to for mail in fakes.mailer.sent] == ["masha@example.com", "petya@example.com"]
    assert all(entry.sent_at == NOW for entry in fakes.outbox.stored())


async def test_an_outage_delays_mail_and_loses_none() -> None:
    fakes = Fakes()
    await queued(fakes, HELLO)
    fakes.mailer.down = True

    failed = await sender(fakes).execute()
    too_early = await sender(fakes, timedelta(seconds=29)).execute()
    fakes.mailer.down = False
    retried = await sender(fakes, timedelta(seconds=30)).execute()

    assert (failed.failed, too_early.sent + too_early.failed, retried.sent) == (1, 0, 1)
    assert fakes.mailer.sent == [HELLO]
    [entry] = fakes.outbox.stored()
    assert (entry.attempts, entry.last_error) == (1, "the mail server is down")


def test_the_waits_grow_then_stay_at_an_hour_and_end_after_two_days() -> None:
    retry = MailRetry()

    waits = [retry.retry_at(attempt, NOW) for attempt in range(1, 9)]

    assert [wait - NOW for wait in waits if wait] == [
        timedelta(seconds=30),
        timedelta(minutes=1),
        timedelta(minutes=2),
        timedelta(minutes=5),
        timedelta(minutes=15),
        timedelta(minutes=30),
        timedelta(hours=1),
        timedelta(hours=1),
    ]
    assert retry.retry_at(retry.give_up_after, NOW) is None


async def test_a_mail_taken_by_one_sender_is_not_taken_by_another_until_its_lease_ends() -> None:
    fakes = Fakes()
    await queued(fakes, HELLO)
    await fakes.uow.begin_write()
    [taken] = await fakes.outbox.claim(NOW, timedelta(minutes=5), 10)  # another worker, still sending
    await fakes.uow.commit()

    meanwhile = await sender(fakes, timedelta(minutes=4)).execute()
    after_it_died = await sender(fakes, timedelta(minutes=5)).execute()

    assert taken.mail == HELLO
    assert (meanwhile.sent, after_it_died.sent) == (0, 1)
