"""An e-mail the service sends: to one address, plain text, in Russian."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Mail:
    to: str
    subject: str
    body: str
