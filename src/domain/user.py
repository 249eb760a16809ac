"""A person with an account: a customer, or a star (a user with a star profile)."""

from dataclasses import dataclass, field
from datetime import date

from domain.errors import InvalidValueError
from domain.values import Email, Phone, Username, bounded_text

NAME_MAX_LENGTH = 64
_EARLIEST_BIRTH = date(1900, 1, 1)


def person_name(raw: str | None, field_name: str) -> str:
    return bounded_text(raw, field_name, NAME_MAX_LENGTH)


def birth_date(value: date | None, today: date) -> date | None:
    if value is not None and not _EARLIEST_BIRTH <= value <= today:
        raise InvalidValueError("date_of_birth", "Дата рождения должна быть в прошлом")
    return value


@dataclass(slots=True)
class User:
    """An account. `token_version` grows whenever every earlier login must end (a password reset)."""

    username: Username
    email: Email
    phone: Phone
    password_hash: str
    first_name: str = ""
    last_name: str = ""
    date_of_birth: date | None = None
    avatar: str | None = None
    is_star: bool = False
    is_admin: bool = False
    token_version: int = 0
    id: int = field(default=0)

    def end_all_sessions(self) -> None:
        self.token_version += 1

    def change_password(self, password_hash: str) -> None:
        """A new password ends every login made with the old one."""
        self.password_hash = password_hash
        self.end_all_sessions()
