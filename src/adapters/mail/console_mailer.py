import sys
from typing import TextIO

from domain.mail import Mail


class ConsoleMailer:
    """Prints each message, links included, to the console (standard output by default): a mailbox for
    development. It is not the log, which never carries a link's secret."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = stream

    async def send(self, mail: Mail) -> None:
        stream = self._stream or sys.stdout
        stream.write(f"--- mail to {mail.to}: {mail.subject}\n{mail.body}--- end of mail\n")
        stream.flush()
