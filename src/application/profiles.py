"""A user's account together with the star side, as the personal page and the profile update show it."""

from dataclasses import dataclass

from application.ports import StarRepository
from domain.star import StarProfile
from domain.user import User


@dataclass(frozen=True, slots=True)
class Profile:
    user: User
    star: StarProfile | None


async def load_profile(stars: StarRepository, user: User) -> Profile:
    star = await stars.get(user.id) if user.is_star else None
    return Profile(user, star)
