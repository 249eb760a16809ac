"""E-mails into the outbox: each to one address, signed with a link to the service, queued in the
transaction of the change it tells of (so that it is sent if, and only if, the change was committed)."""

from dataclasses import dataclass
from datetime import datetime

from application.ports import Clock, Outbox
from domain.mail import Mail
from domain.values import Email


@dataclass(frozen=True, slots=True)
class ServiceAddress:
    """Where people find the service (MYSTAR_PUBLIC_URL), for the links in e-mails."""

    public_url: str

    def link(self, path: str) -> str:
        """The absolute address of a path of the service (`path` starts with a slash)."""
        return f"{self.public_url}{path}"


class MailWriter:
    def __init__(self, outbox: Outbox, clock: Clock, address: ServiceAddress) -> None:
        self._outbox = outbox
        self._clock = clock
        self.address = address

    async def write(self, to: Email, subject: str, text: str, expires_at: datetime | None = None) -> None:
        body = f"{text}\n\nMy Star: {self.address.link('/')}\n"
        await self._outbox.add(Mail(str(to), subject, body, expires_at), self._clock.now())
