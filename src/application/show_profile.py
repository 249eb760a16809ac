from dataclasses import dataclass

from application.identity import Caller, ensure_self, ensure_star_flag
from application.ports import OrderQueries, StarRepository
from application.profiles import Profile, load_profile
from application.views import OrderView

# The personal page shows this many of the newest orders; the order list pages through all of them.
PERSONAL_PAGE_ORDERS = 100


@dataclass(frozen=True, slots=True)
class PersonalPage:
    """A user's own page: the profile and the most recent orders the user placed or received."""

    profile: Profile
    orders: list[OrderView]


class ShowProfile:
    """Shows the caller's own page only; `user_id` and `is_star`, when given, must describe the caller.
    The page lists the newest orders; the order list pages through all of them."""

    def __init__(self, stars: StarRepository, orders: OrderQueries) -> None:
        self._stars = stars
        self._orders = orders

    async def execute(self, caller: Caller, user_id: int | None = None, is_star: bool | None = None) -> PersonalPage:
        ensure_self(caller, user_id, "user_id")
        ensure_star_flag(caller, is_star)

        profile = await load_profile(self._stars, caller.user)
        orders = await self._orders.latest_of_participant(caller.id, PERSONAL_PAGE_ORDERS)
        return PersonalPage(profile, orders)
