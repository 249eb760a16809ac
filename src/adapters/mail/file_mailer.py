import uuid
from datetime import UTC, datetime
from pathlib import Path

import anyio

from adapters.mail.email_message import to_message
from application.errors import MailDeliveryError
from domain.mail import Mail


class FileMailer:
    """Writes each message to `<folder>/<time>-<random>.eml`, whole or not at all (the default backend,
    so that a newcomer sees the mail)."""

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
