"""Who is acting: always the token's user, never a field of the request."""

from dataclasses import dataclass

from domain.errors import AccessDeniedError, NotYourselfError
from domain.user import User


@dataclass(frozen=True, slots=True)
class Caller:
    """The authenticated user a use case acts for."""

    user: User

    @property
    def id(self) -> int:
        return self.user.id


def ensure_self(caller: Caller, claimed_id: int | None, field: str) -> None:
    """A field that names the acting user may be left out; when given it must name the caller."""
    if claimed_id is not None and claimed_id != caller.id:
        raise NotYourselfError(field)


def ensure_star_flag(caller: Caller, is_star: bool | None) -> None:
    """An `is_star` flag, when given, must say what the caller is."""
    if is_star is not None and is_star != caller.user.is_star:
        raise AccessDeniedError("Параметр is_star не совпадает с текущим пользователем")
