"""Working in-memory versions of every port in application/ports.py, keeping the promises the real adapters keep."""

import dataclasses
import re
from datetime import UTC, datetime
from decimal import Decimal

from application.ports import TakenFields, TokenClaims
from application.views import CategoryView, Page, StarCard, StarOrder, StarQuery
from domain.category import Category
from domain.errors import AuthenticationError, ConflictError, EmailTakenError, PhoneTakenError, UsernameTakenError
from domain.star import StarProfile
from domain.user import User
from domain.values import Email, Phone, Username

_TOKEN = re.compile(r"token:(\d+):(\d+)")


class FakeUserRepository:
    """Users in a dict. Like rows, they are handed out as copies: a use case's change is stored only by `update`.
    Usernames are unique without regard to case, e-mails and phones as they are."""

    def __init__(self) -> None:
        self._users: dict[int, User] = {}
        self._next_id = 1

    async def get(self, user_id: int) -> User | None:
        user = self._users.get(user_id)
        return None if user is None else dataclasses.replace(user)

    async def find_by_login(self, login: str) -> User | None:
        key = login.lower()
        for user in self._users.values():
            if str(user.email) == key or str(user.username).lower() == key:
                return dataclasses.replace(user)
        return None

    async def find_taken(
        self, username: Username | None, email: Email | None, phone: Phone | None, *, except_user_id: int = 0
    ) -> TakenFields:
        return self._taken(username, email, phone, except_user_id)

    async def add(self, user: User) -> User:
        self._refuse_taken(user)
        user.id = self._next_id
        self._next_id += 1
        self._users[user.id] = dataclasses.replace(user)
        return user

    async def update(self, user: User) -> None:
        if user.id not in self._users:
            raise ConflictError("Пользователь удалён")
        self._refuse_taken(user)
        self._users[user.id] = dataclasses.replace(user)

    def stored(self) -> list[User]:
        """Copies of every stored user, by id."""
        return [dataclasses.replace(user) for user in self._users.values()]

    def _taken(
        self, username: Username | None, email: Email | None, phone: Phone | None, except_user_id: int
    ) -> TakenFields:
        others = [user for user in self._users.values() if user.id != except_user_id]
        return TakenFields(
            username=username is not None
            and any(str(user.username).lower() == str(username).lower() for user in others),
            email=email is not None and any(user.email == email for user in others),
            phone=phone is not None and any(user.phone == phone for user in others),
        )

    def _refuse_taken(self, user: User) -> None:
        taken = self._taken(user.username, user.email, user.phone, user.id)
        if taken.username:
            raise UsernameTakenError
        if taken.email:
            raise EmailTakenError
        if taken.phone:
            raise PhoneTakenError


class FakeStarRepository:
    """Star profiles in a dict kept in the order they were added. Like the real table, `add` starts the counters
    at zero and `update` stores the editable fields only."""

    def __init__(self) -> None:
        self._stars: dict[int, StarProfile] = {}

    async def get(self, user_id: int) -> StarProfile | None:
        star = self._stars.get(user_id)
        return None if star is None else dataclasses.replace(star)

    async def add(self, star: StarProfile) -> None:
        if star.user_id in self._stars:
            raise ValueError(f"star {star.user_id} exists already")
        self._stars[star.user_id] = dataclasses.replace(star, likes=0, rating_total=0, rating_count=0)

    async def update(self, star: StarProfile) -> None:
        stored = self._stars.get(star.user_id)
        if stored is None:
            raise LookupError(f"star {star.user_id} vanished")
        self._stars[star.user_id] = dataclasses.replace(
            stored,
            category_id=star.category_id,
            price=star.price,
            price_another=star.price_another,
            profession=star.profession,
            description=star.description,
            days=star.days,
            tags=star.tags,
            video_hi=star.video_hi,
        )

    def put(self, star: StarProfile) -> None:
        """Stores the profile as it is, counters included: the state a test starts from."""
        self._stars[star.user_id] = dataclasses.replace(star)

    def stored(self) -> list[StarProfile]:
        """Copies of every stored profile, oldest first."""
        return [dataclasses.replace(star) for star in self._stars.values()]


class FakeCategoryRepository:
    def __init__(self) -> None:
        self._categories: dict[int, Category] = {}

    async def list_all(self) -> list[Category]:
        return sorted(self._categories.values(), key=lambda category: category.id)

    async def exists(self, category_id: int) -> bool:
        return category_id in self._categories

    async def add(self, cat_name: str, category_photo: str | None) -> Category:
        if any(category.cat_name == cat_name for category in self._categories.values()):
            raise ValueError(f"category {cat_name!r} exists already")
        category = Category(len(self._categories) + 1, cat_name, category_photo)
        self._categories[category.id] = category
        return category


class FakeStarCatalogue:
    """The catalogue read from the fake repositories: searched, narrowed, ordered and paged as the SQL one is."""

    def __init__(
        self, users: FakeUserRepository, stars: FakeStarRepository, categories: FakeCategoryRepository
    ) -> None:
        self._users = users
        self._stars = stars
        self._categories = categories

    async def search(self, query: StarQuery) -> Page[StarCard]:
        cards = [card for card in await self._cards() if _matches(card, query)]
        ordered = [card for _, card in sorted(enumerate(cards), key=lambda pair: _sort_key(query.order, *pair))]

        start = query.page.offset
        return Page(ordered[start : start + query.page.limit], len(ordered))

    async def get(self, star_id: int) -> StarCard | None:
        return next((card for card in await self._cards() if card.id == star_id), None)

    async def categories(self) -> list[CategoryView]:
        return [
            CategoryView(category.id, category.cat_name, category.category_photo)
            for category in await self._categories.list_all()
        ]

    async def _cards(self) -> list[StarCard]:
        """Every star's card, oldest star first."""
        cards = []
        for star in self._stars.stored():
            user = await self._users.get(star.user_id)
            if user is not None:
                cards.append(StarCard.of(user, star))
        return cards


def _matches(card: StarCard, query: StarQuery) -> bool:
    search_text = " ".join(part for part in (card.username, card.first_name, card.last_name) if part).lower()
    return (
        query.text in search_text
        and (query.category_id is None or card.category_id == query.category_id)
        and (not query.tags or not set(query.tags).isdisjoint(card.tags))
    )


def _sort_key(order: StarOrder, age: int, card: StarCard) -> tuple[Decimal, int]:
    """`age` is the position in the catalogue, oldest star first."""
    match order:
        case StarOrder.FEATURED:
            return Decimal(not card.top), card.id
        case StarOrder.RATING:
            return card.rating, card.id
        case StarOrder.RATING_DESC:
            return -card.rating, card.id
        case StarOrder.PRICE:
            return card.price, card.id
        case StarOrder.PRICE_DESC:
            return -card.price, card.id
        case StarOrder.LIKES:
            return Decimal(card.likes), card.id
        case StarOrder.LIKES_DESC:
            return Decimal(-card.likes), card.id
        case StarOrder.NEWEST:
            return Decimal(-age), -card.id


class FakeUnitOfWork:
    def __init__(self) -> None:
        self.commits = 0
        self.rollbacks = 0

    async def commit(self) -> None:
        self.commits += 1

    async def rollback(self) -> None:
        self.rollbacks += 1


class FakePasswordHasher:
    """Hashes read `<scheme>:<password>`. A hash of another scheme than the current one needs a rehash."""

    def __init__(self, scheme: str = "hashed") -> None:
        self._scheme = scheme
        self.verifications = 0

    async def hash(self, password: str) -> str:
        return f"{self._scheme}:{password}"

    async def verify(self, password_hash: str | None, password: str) -> bool:
        self.verifications += 1
        if password_hash is None:
            return False
        _, colon, hashed_password = password_hash.partition(":")
        return colon == ":" and hashed_password == password

    def needs_rehash(self, password_hash: str) -> bool:
        return not password_hash.startswith(f"{self._scheme}:")


class FakeTokenIssuer:
    """Tokens read `token:<user id>:<token version>`; anything else is refused like a forged token."""

    def issue(self, user_id: int, token_version: int) -> str:
        return f"token:{user_id}:{token_version}"

    def read(self, token: str) -> TokenClaims:
        match = _TOKEN.fullmatch(token)
        if match is None:
            raise AuthenticationError("Токен недействителен или истёк")
        return TokenClaims(user_id=int(match[1]), token_version=int(match[2]))


class FakeCommonPasswords:
    """A handful of common passwords, compared without regard to case like the real list."""

    def __init__(self, *passwords: str) -> None:
        self._passwords = {password.lower() for password in passwords} or {
            "password",
            "12345678",
            "qwerty123",
            "iloveyou",
            "пароль123",
        }

    def contains(self, password: str) -> bool:
        return password.lower() in self._passwords


class FixedClock:
    def __init__(self, now: datetime = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)) -> None:
        self._now = now

    def now(self) -> datetime:
        return self._now
