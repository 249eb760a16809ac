"""A real SMTP server for the tests (aiosmtpd), and one round of the outbox as a worker runs it."""

import email
import email.header
from email.message import Message

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from application.send_queued_mail import SendQueuedMail
from entrypoints.container import build_container
from entrypoints.settings import Settings


class Inbox:
    """aiosmtpd's handler: keeps every message it accepts, and refuses the recipients in `refusals` with
    the reply given there."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.refusals: dict[str, str] = {}

    async def handle_RCPT(  # noqa: N802
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if address in self.refusals:
            return self.refusals[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802
        content = envelope.content or b""
        self.messages.append(email.message_from_bytes(content.encode() if isinstance(content, str) else content))
        return "250 Message accepted"


def subject_of(message: Message) -> str:
    return str(email.header.make_header(email.header.decode_header(message["Subject"])))


def text_of(message: Message) -> str:
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode(message.get_content_charset() or "utf-8")


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

    def settings(self, settings: Settings) -> Settings:
        """`settings` with mail going to this server."""
        return settings.model_copy(
            update={"mail_backend": "smtp", "smtp_host": "127.0.0.1", "smtp_port": self.port, "smtp_starttls": False}
        )


async def send_round(settings: Settings) -> None:
    """One round of the outbox, as a worker runs it (the test client's app lives on another loop)."""
    container = build_container(settings)
    try:
        async with container() as request:
            await (await request.get(SendQueuedMail)).execute()
    finally:
        await container.close()
