"""Mail: the adapters against a real SMTP server (aiosmtpd) and the file outbox, and the outbox table
end to end — an order's e-mail written with the order, sent later, once, through an outage."""

import email
import email.header
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.mail.mailers import FileMailer, SmtpMailer
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


async def test_two_senders_never_take_the_same_mail(engine: AsyncEngine) -> None:
    factory = create_session_factory(engine)
    async with factory() as session:
        outbox = SqlaOutbox(session)
        await SqlaUnitOfWork(session).begin_write()
        now = datetime.now(UTC)
        await outbox.add(HELLO, now)
        await session.commit()

        await SqlaUnitOfWork(session).begin_write()
        first = await outbox.claim(now, timedelta(minutes=5), 10)
        await session.commit()
        await SqlaUnitOfWork(session).begin_write()
        second = await outbox.claim(now + timedelta(minutes=4), timedelta(minutes=5), 10)
        third = await outbox.claim(now + timedelta(minutes=5), timedelta(minutes=5), 10)
        await session.commit()

    assert [queued.mail for queued in first] == [HELLO]
    assert (second, [queued.mail for queued in third]) == ([], [HELLO])
