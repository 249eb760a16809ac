"""A Mail as an RFC 5322 message."""

from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr

from domain.mail import Mail


def to_message(mail: Mail, sender: str, *, readable: bool = False) -> EmailMessage:
    """`readable`: the body as plain UTF-8 text (for files people open), not base64 (for the wire)."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Message-ID"] = make_msgid(domain=parseaddr(sender)[1].rpartition("@")[2] or "mystar.local")
    message.set_content(mail.body, cte="8bit" if readable else "base64")
    return message
