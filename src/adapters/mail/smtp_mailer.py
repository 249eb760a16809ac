import aiosmtplib

from adapters.mail.email_message import to_message
from application.errors import MailDeliveryError
from domain.mail import Mail


def refused_for_good(error: aiosmtplib.SMTPException) -> bool:
    """The server said the address will never take mail (5xx for the recipient). Every other failure,
    a refused sender or a failed login included, may be ours to fix, and the mail waits for that."""
    if isinstance(error, aiosmtplib.SMTPRecipientsRefused):
        return bool(error.recipients) and all(refusal.code >= 500 for refusal in error.recipients)
    return isinstance(error, aiosmtplib.SMTPRecipientRefused) and error.code >= 500


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
