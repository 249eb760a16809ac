import logging
from dataclasses import dataclass
from datetime import date
from enum import Enum

from application.account_mail import AccountMail
from application.accounts import AccountRules
from application.identity import Caller, ensure_self
from application.ports import (
    CatalogueVersion,
    CategoryRepository,
    Clock,
    ResetTokenRepository,
    StarRepository,
    UnitOfWork,
    UserRepository,
)
from application.profiles import Profile
from domain import star as star_rules
from domain.errors import CategoryNotFoundError, UserNotFoundError
from domain.star import StarProfile
from domain.user import User, birth_date, person_name
from domain.values import Email, MoneyInput, Phone, Username, parse_tags

logger = logging.getLogger(__name__)


class Keep(Enum):
    """Marks a field the client left out: it keeps its value (unlike None, which clears it)."""

    KEEP = "keep"


KEEP = Keep.KEEP


@dataclass(frozen=True, slots=True)
class ProfileChanges:
    id: int | None = None
    username: str | Keep = KEEP
    email: str | Keep = KEEP
    phone: str | int | Keep = KEEP
    first_name: str | None | Keep = KEEP
    last_name: str | None | Keep = KEEP
    date_of_birth: date | None | Keep = KEEP
    price: MoneyInput | Keep = KEEP
    price_another: MoneyInput | None | Keep = KEEP
    category_id: int | Keep = KEEP
    profession: str | None | Keep = KEEP
    description: str | None | Keep = KEEP
    days: int | Keep = KEEP
    tags: list[str] | Keep = KEEP


class UpdateProfile:
    """Changes the caller's own account; a star also changes the star side. Star fields sent by a
    customer are ignored, as are read-only values (rating, likes, is_star). A new e-mail address ends the
    password-reset links sent to the old one, and the old address is told of the change."""

    def __init__(
        self,
        users: UserRepository,
        stars: StarRepository,
        categories: CategoryRepository,
        rules: AccountRules,
        reset_tokens: ResetTokenRepository,
        mail: AccountMail,
        catalogue: CatalogueVersion,
        uow: UnitOfWork,
        clock: Clock,
    ) -> None:
        self._users = users
        self._stars = stars
        self._categories = categories
        self._rules = rules
        self._reset_tokens = reset_tokens
        self._mail = mail
        self._catalogue = catalogue
        self._uow = uow
        self._clock = clock

    async def execute(self, caller: Caller, changes: ProfileChanges) -> Profile:
        ensure_self(caller, changes.id, "id")
        await self._uow.begin_write()
        # The account as it is now, not as the token check read it: a change made meanwhile by another
        # request stays, and what is derived from the whole account (the search text) is right.
        user = await self._users.get(caller.id, for_update=True)
        if user is None:
            raise UserNotFoundError
        star = await self._stars.get(user.id) if user.is_star else None
        old_email = user.email

        new_username, new_email, new_phone = self._apply_account_changes(user, changes)
        if star is not None:
            await self._apply_star_changes(star, changes)
        await self._rules.ensure_free(new_username, new_email, new_phone, except_user_id=user.id)

        await self._users.update(user)
        if star is not None:
            await self._stars.update(star)
        if user.email != old_email:
            await self._reset_tokens.remove_of_user(user.id)
            await self._mail.email_changed(user, old_email)
        await self._uow.commit()
        if star is not None:
            await self._catalogue.bump()  # a star's names, prices and tags are the catalogue's

        logger.info("user %s updated the profile", user.id)
        return Profile(user, star)

    def _apply_account_changes(
        self, user: User, changes: ProfileChanges
    ) -> tuple[Username | None, Email | None, Phone | None]:
        """Changes the user in place and returns the unique values that changed."""
        username = email = phone = None
        if not isinstance(changes.username, Keep):
            username = user.username = Username.parse(changes.username)
        if not isinstance(changes.email, Keep):
            email = user.email = Email.parse(changes.email)
        if not isinstance(changes.phone, Keep):
            phone = user.phone = Phone.parse(changes.phone)
        if not isinstance(changes.first_name, Keep):
            user.first_name = person_name(changes.first_name, "first_name")
        if not isinstance(changes.last_name, Keep):
            user.last_name = person_name(changes.last_name, "last_name")
        if not isinstance(changes.date_of_birth, Keep):
            user.date_of_birth = birth_date(changes.date_of_birth, self._clock.now().date())
        return username, email, phone

    async def _apply_star_changes(self, star: StarProfile, changes: ProfileChanges) -> None:
        if not isinstance(changes.price, Keep):
            star.price = star_rules.star_price(changes.price, "price")
        if not isinstance(changes.price_another, Keep):
            another = changes.price_another
            star.price_another = None if another is None else star_rules.star_price(another, "price_another")
        if not isinstance(changes.category_id, Keep):
            if not await self._categories.exists(changes.category_id):
                raise CategoryNotFoundError
            star.category_id = changes.category_id
        if not isinstance(changes.profession, Keep):
            star.profession = star_rules.profession(changes.profession)
        if not isinstance(changes.description, Keep):
            star.description = star_rules.description(changes.description)
        if not isinstance(changes.days, Keep):
            star.days = star_rules.delivery_days(changes.days)
        if not isinstance(changes.tags, Keep):
            star.tags = parse_tags(changes.tags)
