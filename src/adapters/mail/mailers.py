"""Where mail goes: one `.eml` file per message (the default, so a newcomer sees the mail), the log,
or an SMTP server (aiosmtplib, STARTTLS and login when configured)."""

import logging
import uuid
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

import aiosmtplib
import anyio

from application.errors import MailDeliveryError
from domain.mail import Mail

logger = logging.getLogger(__name__)


def to_message(mail: Mail, sender: str, *, readable: bool = False) -> EmailMessage:
    """`readable`: the body as plain UTF-8 text (for files people open), not base64 (for the wire)."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "mystar.local")
    message.set_content(mail.body, cte="8bit" if readable else "base64")
    return message


class FileMailer:
    """Writes each message to `<folder>/<time>-<random>.eml`, whole or not at all."""

    def __init__(self, folder: Path, sender: str) -> None:
        self._folder = folder
        self._sender = sender

    async def send(self, mail: Mail) -> None:
        name = f"{datetime.now(UTC):%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}.eml"
        try:
            await anyio.Path(self._folder).mkdir(parents=True, exist_ok=True)
            draft = anyio.Path(self._folder / f".{name}.part")
            await draft.write_bytes(bytes(to_message(mail, self._sender, readable=True)))
            await draft.rename(self._folder / name)
        except OSError as error:
            raise MailDeliveryError(f"Не удалось записать письмо: {error}") from error


class ConsoleMailer:
    """Logs each message (for development)."""

    async def send(self, mail: Mail) -> None:
        logger.info("mail to %s: %s\n%s", mail.to, mail.subject, mail.body)


class SmtpMailer:
    def __init__(
        self,
        host: str,
        port: int,
        sender: str,
        *,
        username: str = "",
        password: str = "",
        starttls: bool = False,
        timeout: float = 15.0,
    ) -> None:
        self._host = host
        self._port = port
        self._sender = sender
        self._username = username
        self._password = password
        self._starttls = starttls
        self._timeout = timeout

    async def send(self, mail: Mail) -> None:
        try:
            await aiosmtplib.send(
                to_message(mail, self._sender),
                hostname=self._host,
                port=self._port,
                username=self._username or None,
                password=self._password or None,
                start_tls=self._starttls,
                timeout=self._timeout,
            )
        except (aiosmtplib.SMTPException, OSError) as error:
            raise MailDeliveryError(f"SMTP {self._host}:{self._port}: {error}") from error
