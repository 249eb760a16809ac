"""Mail: the adapters against a real SMTP server (aiosmtpd) and the file outbox, and the outbox table
end to end — an order's e-mail written with the order, sent later, once, through an outage."""

import email
import email.header
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.message import Message
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.mail.mailers import FileMailer, SmtpMailer
from adapters.persistence.database import create_session_factory
from adapters.persistence.sqla_outbox import SqlaOutbox
from adapters.persistence.sqla_unit_of_work import SqlaUnitOfWork
from adapters.persistence.tables import OutboxRow
from application.errors import MailDeliveryError
from application.send_queued_mail import SendQueuedMail
from domain.mail import Mail
from entrypoints.container import build_container
from entrypoints.settings import Settings
from tests.integration.conftest import Cast, FakeNotifier, Notifications
from tests.integration.http_helpers import Client, decide, paid_order
from tests.ports import free_port

HELLO = Mail("masha@example.com", "Заказ №1 принят", "Звезда приняла ваш заказ.")
SENDER = "My Star <noreply@mystar.test>"


class Inbox:
    """aiosmtpd's handler: keeps every message it accepts."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802
        content = envelope.content or b""
        self.messages.append(email.message_from_bytes(content.encode() if isinstance(content, str) else content))
        return "250 Message accepted"


def subject_of(message: Message) -> str:
    return str(email.header.make_header(email.header.decode_header(message["Subject"])))


class SmtpServer:
    def __init__(self, port: int) -> None:
        self.port = port
        self.inbox = Inbox()
        self._controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer(free_port())
    server.start()
    yield server
    server.stop()


async def test_smtp_delivers_a_plain_text_russian_message(smtp: SmtpServer) -> None:
    await SmtpMailer("127.0.0.1", smtp.port, SENDER, starttls=False).send(HELLO)

    [message] = smtp.inbox.messages
    assert (message["To"], message["From"]) == ("masha@example.com", SENDER)
    assert subject_of(message) == HELLO.subject
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    assert payload.decode(message.get_content_charset() or "utf-8").strip() == HELLO.body


async def test_an_smtp_server_that_is_down_is_a_delivery_error() -> None:
    with pytest.raises(MailDeliveryError):
        await SmtpMailer("127.0.0.1", free_port(), SENDER, starttls=False, timeout=2).send(HELLO)


async def test_the_file_outbox_writes_one_eml_per_message(tmp_path: Path) -> None:
    await FileMailer(tmp_path / "outbox", SENDER).send(HELLO)

    [written] = list((tmp_path / "outbox").iterdir())
    message = email.message_from_bytes(written.read_bytes())
    assert written.suffix == ".eml"
    assert message["To"] == "masha@example.com"


async def send_round(settings: Settings) -> None:
    """One round of the outbox, as a worker runs it (the test client's app lives on another loop)."""
    container = build_container(settings, overrides=[Notifications(FakeNotifier())])
    try:
        async with container() as request:
            await (await request.get(SendQueuedMail)).execute()
    finally:
        await container.close()


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
    smtp_settings = settings.model_copy(
        update={"mail_backend": "smtp", "smtp_host": "127.0.0.1", "smtp_port": server.port, "smtp_starttls": False}
    )
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
