from dataclasses import dataclass

from application.identity import Caller, ensure_self
from application.ports import StarRepository
from domain.errors import AccessDeniedError
from domain.star import StarProfile
from domain.user import User


@dataclass(frozen=True, slots=True)
class Profile:
    """A user's own page: the account, the star side for a star, and the user's orders."""

    user: User
    star: StarProfile | None
    # TODO(#3): the caller's orders, newest first, arrive with the orders issue.
    orders: tuple[()] = ()


class ShowProfile:
    """Shows the caller's own page only; `user_id` and `is_star`, when given, must describe the caller."""

    def __init__(self, stars: StarRepository) -> None:
        self._stars = stars

    async def execute(self, caller: Caller, user_id: int | None = None, is_star: bool | None = None) -> Profile:
        ensure_self(caller, user_id, "user_id")
        if is_star is not None and is_star != caller.user.is_star:
            raise AccessDeniedError("Параметр is_star не совпадает с текущим пользователем")
        return await load_profile(self._stars, caller.user)


async def load_profile(stars: StarRepository, user: User) -> Profile:
    star = await stars.get(user.id) if user.is_star else None
    return Profile(user, star)
