"""Mail: the adapters against a real SMTP server (aiosmtpd) and the file outbox, and the outbox table
end to end — an order's e-mail written with the order, sent later, once, through an outage."""

import asyncio
import email
import email.header
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.mail.file_mailer import FileMailer
from adapters.mail.smtp_mailer import SmtpMailer
from adapters.persistence.database import create_session_factory
from adapters.persistence.sqla_outbox import SqlaOutbox
from adapters.persistence.sqla_unit_of_work import SqlaUnitOfWork
from adapters.persistence.tables import OutboxRow
from application.errors import MailDeliveryError
from domain.mail import Mail
from entrypoints.settings import Settings
from tests.integration.conftest import Cast
from tests.integration.http_helpers import Client, decide, paid_order
from tests.integration.mail_helpers import SmtpServer, send_round, subject_of, text_of
from tests.ports import free_port

HELLO = Mail("masha@example.com", "Заказ №1 принят", "Звезда приняла ваш заказ.")
SENDER = "My Star <noreply@mystar.test>"


async def test_smtp_delivers_a_plain_text_russian_message(smtp: SmtpServer) -> None:
    await SmtpMailer("127.0.0.1", smtp.port, SENDER, starttls=False).send(HELLO)

    [message] = smtp.inbox.messages
    assert (message["To"], message["From"]) == ("masha@example.com", SENDER)
    assert subject_of(message) == HELLO.subject
    assert text_of(message).strip() == HELLO.body
    assert message["Message-ID"].startswith("<")
    assert message["Message-ID"].endswith("@mystar.test>")
    assert message["Message-ID"].count(">") == 1


@pytest.mark.parametrize(
    ("refusal", "for_good"),
    [
        ("550 5.1.1 No such user", True),
        ("550 5.1.2 Bad destination system", True),
        ("550 5.7.1 Relaying denied", False),  # a relay that wants our login: ours to fix
        ("552 5.2.2 Mailbox full", False),
        ("550 Requested action not taken", False),  # no enhanced code: nothing says the address is wrong
        ("450 4.2.1 Try again later", False),
    ],
)
async def test_only_an_address_the_server_says_is_wrong_is_refused_for_good(
    smtp: SmtpServer, refusal: str, for_good: bool
) -> None:
    smtp.inbox.refusals[HELLO.to] = refusal

    with pytest.raises(MailDeliveryError) as refused:
        await SmtpMailer("127.0.0.1", smtp.port, SENDER, starttls=False).send(HELLO)

    assert refused.value.permanent is for_good
    assert smtp.inbox.messages == []


async def test_an_smtp_server_that_is_down_is_a_delivery_error() -> None:
    with pytest.raises(MailDeliveryError):
        await SmtpMailer("127.0.0.1", free_port(), SENDER, starttls=False, timeout=2).send(HELLO)


async def test_the_file_outbox_writes_one_eml_per_message(tmp_path: Path) -> None:
    await FileMailer(tmp_path / "outbox", SENDER).send(HELLO)

    [written] = list((tmp_path / "outbox").iterdir())
    message = email.message_from_bytes(written.read_bytes())
    assert written.suffix == ".eml"
    assert message["To"] == "masha@example.com"


async def test_an_accepted_order_mails_the_customer_through_the_outbox(
    client: Client, cast: Cast, settings: Settings
) -> None:
    order_id = await paid_order(client, cast.customer, cast.star)
    assert (await decide(client, cast.star, order_id, "accept")).status_code == 201

    await send_round(settings)

    written = sorted((settings.mail_outbox_dir).glob("*.eml"))
    messages = [email.message_from_bytes(path.read_bytes()) for path in written]
    recipients = sorted(message["To"] for message in messages)
    assert recipients == ["masha@example.com", "zemfira@example.com"]  # the paid order to her, accepted to him


async def test_mail_survives_an_smtp_outage_and_arrives_once(
    client: Client, cast: Cast, settings: Settings, engine: AsyncEngine
) -> None:
    server = SmtpServer(free_port())
    smtp_settings = server.settings(settings)
    order_id = await paid_order(client, cast.customer, cast.star)
    await decide(client, cast.star, order_id, "decline")

    await send_round(smtp_settings)  # the server is down: nothing goes, nothing is lost
    server.start()
    try:
        await send_round(smtp_settings)  # too early for the retry
        await make_due(engine)
        await send_round(smtp_settings)
        await make_due(engine)
        await send_round(smtp_settings)
    finally:
        server.stop()

    subjects = sorted(subject_of(message) for message in server.inbox.messages)
    assert subjects == sorted([f"Новый оплаченный заказ №{order_id}", f"Заказ №{order_id} отклонён"])


async def make_due(engine: AsyncEngine) -> None:
    """As if the retry's wait had passed."""
    async with create_session_factory(engine)() as session:
        await SqlaUnitOfWork(session).begin_write()
        await session.execute(
            update(OutboxRow).where(OutboxRow.sent_at.is_(None)).values(next_attempt_at=OutboxRow.created_at)
        )
        await session.commit()


async def queue(engine: AsyncEngine, *mails: Mail) -> datetime:
    async with create_session_factory(engine)() as session:
        await SqlaUnitOfWork(session).begin_write()
        now = datetime.now(UTC)
        for mail in mails:
            await SqlaOutbox(session).add(mail, now)
        await session.commit()
    return now


async def test_a_sender_skips_the_mail_another_sender_is_claiming_and_takes_it_after_the_lease(
    engine: AsyncEngine,
) -> None:
    now = await queue(engine, HELLO)
    factory = create_session_factory(engine)
    lease = timedelta(minutes=5)

    async with factory() as first, factory() as second:
        await SqlaUnitOfWork(first).begin_write()
        taken = await SqlaOutbox(first).claim(now, lease, 10)  # its transaction still open

        async def other_sender(at: datetime) -> list[Mail]:
            await SqlaUnitOfWork(second).begin_write()
            claimed = await SqlaOutbox(second).claim(at, lease, 10)
            await second.commit()
            return [queued.mail for queued in claimed]

        meanwhile = asyncio.create_task(other_sender(now))
        await asyncio.sleep(0.3)
        # PostgreSQL skips the locked row at once; SQLite's second writer waits for the first to commit.
        assert meanwhile.done() is (engine.dialect.name == "postgresql")
        await first.commit()
        during_lease = await meanwhile
        after_lease = await other_sender(now + lease)

    assert [queued.mail for queued in taken] == [HELLO]
    assert (during_lease, after_lease) == ([], [HELLO])


async def test_a_round_that_lost_its_lease_records_nothing_and_a_sent_mail_keeps_no_body(engine: AsyncEngine) -> None:
    now = await queue(engine, HELLO)
    lease = timedelta(minutes=5)
    async with create_session_factory(engine)() as session:
        outbox, uow = SqlaOutbox(session), SqlaUnitOfWork(session)
        await uow.begin_write()
        [stalled] = await outbox.claim(now, lease, 10)
        [taken_over] = await outbox.claim(now + lease, lease, 10)
        await outbox.sent(stalled, now + lease)  # too late: the mail is another round's now
        unchanged = await session.scalar(select(OutboxRow.sent_at))
        await outbox.sent(taken_over, now + lease)
        await session.commit()
        row = (await session.scalars(select(OutboxRow))).one()

    assert unchanged is None
    assert (row.sent_at, row.body, row.claim) == (now + lease, "", None)
    assert stalled.claim != taken_over.claim


async def test_a_mail_whose_link_expired_is_given_up_and_forgotten(engine: AsyncEngine) -> None:
    expired = datetime.now(UTC) - timedelta(seconds=1)
    await queue(engine, Mail("masha@example.com", "Смена пароля", "token=secret", expires_at=expired))
    async with create_session_factory(engine)() as session:
        await SqlaUnitOfWork(session).begin_write()
        claimed = await SqlaOutbox(session).claim(datetime.now(UTC), timedelta(minutes=5), 10)
        await session.commit()
        row = (await session.scalars(select(OutboxRow))).one()

    assert claimed == []
    assert (row.next_attempt_at, row.body, row.sent_at) == (None, "", None)
