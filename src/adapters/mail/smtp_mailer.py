import re

import aiosmtplib

from adapters.mail.email_message import to_message
from application.errors import MailDeliveryError
from domain.mail import Mail

# RFC 3463's enhanced status codes of the class "addressing": the address itself is wrong.
_BAD_ADDRESS = re.compile(r"5\.1\.\d{1,3}\b")


def refused_for_good(error: aiosmtplib.SMTPException) -> bool:
    """The server said this address will never take mail: a permanent (5xx) refusal of the recipient whose
    enhanced status code blames the address (5.1.x: no such mailbox, no such domain). Every other refusal
    (relaying denied, a full mailbox, a policy, a refused sender or login) may be fixed, often by us, and
    the mail waits for that: a misconfigured relay must delay mail, not drop it."""
    refusals: list[aiosmtplib.SMTPRecipientRefused] = []
    if isinstance(error, aiosmtplib.SMTPRecipientsRefused):
        refusals = list(error.recipients)
    elif isinstance(error, aiosmtplib.SMTPRecipientRefused):
        refusals = [error]
    return bool(refusals) and all(
        refusal.code >= 500 and _BAD_ADDRESS.match(refusal.message) is not None for refusal in refusals
    )


class SmtpMailer:
    """Sends through an SMTP server with aiosmtplib: STARTTLS and login when configured."""

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
        except aiosmtplib.SMTPException as error:
            message = f"SMTP {self._host}:{self._port}: {error}"
            raise MailDeliveryError(message, permanent=refused_for_good(error)) from error
        except OSError as error:
            raise MailDeliveryError(f"SMTP {self._host}:{self._port}: {error}") from error
