"""An e-mail the service sends: to one address, plain text, in Russian."""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Mail:
    to: str
    subject: str
    body: str
    # A mail that is of no use after this moment (it carries a link that expires then) is given up rather
    # than delivered late; None: it keeps.
    expires_at: datetime | None = None
