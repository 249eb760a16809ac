from datetime import timedelta

from application.purge_stale_records import PurgeStaleRecords
from application.send_queued_mail import MailRetry, SendQueuedMail
from domain.mail import Mail
from tests.unit.factories import Fakes
from tests.unit.fakes import NOW, FakeMailer, StubClock

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


def test_the_waits_grow_then_stay_at_an_hour_and_end_after_a_week() -> None:
    retry = MailRetry()

    waits = [retry.retry_at(attempt, NOW) for attempt in range(1, 9)]
    last_try = NOW
    for attempt in range(1, retry.give_up_after):
        next_try = retry.retry_at(attempt, last_try)
        assert next_try is not None
        last_try = next_try

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
    assert timedelta(days=7) <= last_try - NOW < timedelta(days=7, hours=2)


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


async def test_a_round_stops_before_its_lease_ends_so_no_mail_goes_out_twice() -> None:
    fakes = Fakes()
    await queued(fakes, *(Mail(f"user{n}@example.com", "Тема", "Текст") for n in range(6)))
    clock = StubClock(NOW)
    slow = FakeMailer(clock, takes=timedelta(minutes=1))  # each send takes a minute; the lease is 5
    first = SendQueuedMail(fakes.outbox, slow, fakes.uow, clock, MailRetry())

    report = await first.execute()
    other_worker = await sender(fakes, timedelta(minutes=5)).execute()

    assert report.sent == 4
    assert other_worker.sent == 2
    sent_to = [mail.to for mail in slow.sent + fakes.mailer.sent]
    assert sorted(sent_to) == sorted(set(sent_to))
    assert len(sent_to) == 6


async def test_a_round_whose_lease_passed_to_another_records_nothing_for_those_mails() -> None:
    fakes = Fakes()
    await queued(fakes, HELLO)
    await fakes.uow.begin_write()
    [late] = await fakes.outbox.claim(NOW, timedelta(minutes=5), 10)  # a round that stalled past its lease
    await fakes.uow.commit()
    fakes.mailer.down = True
    await sender(fakes, timedelta(minutes=6)).execute()  # another took it over, and failed

    await fakes.uow.begin_write()
    await fakes.outbox.sent(late, NOW + timedelta(minutes=7))
    await fakes.uow.commit()

    [entry] = fakes.outbox.stored()
    assert (entry.sent_at, entry.attempts, entry.mail.body) == (None, 1, HELLO.body)


async def test_a_mail_is_forgotten_once_sent_but_its_record_is_kept_for_30_days() -> None:
    fakes = Fakes()
    await queued(fakes, HELLO)
    await sender(fakes).execute()

    kept = await PurgeStaleRecords(
        fakes.outbox, fakes.reset_tokens, fakes.uow, StubClock(NOW + timedelta(days=29))
    ).execute()
    [entry] = fakes.outbox.stored()
    removed = await PurgeStaleRecords(
        fakes.outbox, fakes.reset_tokens, fakes.uow, StubClock(NOW + timedelta(days=31))
    ).execute()

    assert (entry.mail.to, entry.mail.subject, entry.mail.body) == (HELLO.to, HELLO.subject, "")
    assert (kept, removed) == (0, 1)
    assert fakes.outbox.stored() == []


async def test_a_mail_with_a_link_that_expired_is_given_up_not_sent_late() -> None:
    fakes = Fakes()
    link = Mail("masha@example.com", "Смена пароля", "token=secret", expires_at=NOW + timedelta(hours=1))
    await queued(fakes, link)
    fakes.mailer.down = True
    await sender(fakes).execute()
    fakes.mailer.down = False

    report = await sender(fakes, timedelta(hours=2)).execute()

    [entry] = fakes.outbox.stored()
    assert (report.sent, fakes.mailer.sent) == (0, [])
    assert (entry.due, entry.mail.body) == (None, "")


async def test_an_address_the_server_refuses_for_good_is_given_up_at_once() -> None:
    fakes = Fakes()
    await queued(fakes, HELLO, Mail("petya@example.com", "Тема", "Текст"))
    fakes.mailer.unknown = {HELLO.to}

    report = await sender(fakes).execute()
    later = await sender(fakes, timedelta(days=3)).execute()

    refused, delivered = fakes.outbox.stored()
    assert (report.sent, report.failed, later.sent + later.failed) == (1, 1, 0)
    assert (refused.due, refused.attempts, delivered.sent_at) == (None, 1, NOW)


async def test_an_empty_outbox_takes_no_write_lock() -> None:
    fakes = Fakes()

    report = await sender(fakes).execute()

    assert (report.sent, report.failed) == (0, 0)
    assert "begin_write" not in fakes.database.events


async def test_a_mail_the_mailer_fails_on_unexpectedly_waits_its_turn_and_the_others_go_out() -> None:
    fakes = Fakes()
    await queued(fakes, HELLO, Mail("petya@example.com", "Тема", "Текст"))
    fakes.mailer.broken = {HELLO.to}

    report = await sender(fakes).execute()

    failed, delivered = fakes.outbox.stored()
    assert (report.sent, report.failed) == (1, 1)
    assert (failed.attempts, failed.due, failed.locked_until) == (1, NOW + timedelta(seconds=30), None)
    assert failed.last_error.startswith("unexpected UnicodeEncodeError")
    assert delivered.sent_at == NOW


async def test_a_send_the_server_does_not_answer_in_time_is_a_failed_try_and_the_round_goes_on() -> None:
    fakes = Fakes()
    await queued(fakes, HELLO, Mail("petya@example.com", "Тема", "Текст"))
    fakes.mailer.hanging = {HELLO.to}
    quick = MailRetry(send_timeout=timedelta(milliseconds=50))

    report = await sender(fakes, retry=quick).execute()

    failed, delivered = fakes.outbox.stored()
    assert (report.sent, report.failed) == (1, 1)
    assert (failed.attempts, failed.due) == (1, NOW + timedelta(seconds=30))
    assert delivered.sent_at == NOW


def test_a_send_ends_before_the_round_must_stop_sending() -> None:
    retry = MailRetry()

    assert retry.send_timeout < retry.lease_margin
