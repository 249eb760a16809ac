"""Working in-memory versions of every port in application/ports.py, keeping the promises the real adapters keep.

The repositories share one `FakeDatabase`, as the real adapters share a database: they read and write what the
current transaction sees, `FakeUnitOfWork.commit` publishes it, and each repository's `stored()` answers what the
last commit left. A write a use case forgot to commit is therefore never stored."""

import asyncio
import copy
import dataclasses
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from application.errors import MailDeliveryError, PaymentProviderUnavailableError, PaymentRefusedError
from application.ports import (
    NewPayment,
    PaymentDue,
    QueuedMail,
    Rate,
    StagedFile,
    StarPrices,
    TakenFields,
    TokenClaims,
)
from application.views import OrderView, Page, PageRequest, StarCard, StarOrder, StarQuery
from domain.category import Category
from domain.errors import (
    AuthenticationError,
    ConflictError,
    EmailTakenError,
    FileTooLargeError,
    ImageTooLargeError,
    NotAnImageError,
    NotAVideoError,
    PhoneTakenError,
    UsernameTakenError,
)
from domain.mail import Mail
from domain.media import ImageFormat, VideoFormat
from domain.message import Message
from domain.order import DEFAULT_HOLD_LIFETIME, Order, PaymentReport, PaymentStatus
from domain.password_reset import PasswordResetToken
from domain.rating import RatingScore
from domain.star import StarProfile
from domain.user import User
from domain.values import Email, Money, Phone, Username

_TOKEN = re.compile(r"token:(\d+):(\d+)")


@dataclass(frozen=True, slots=True)
class StoredRating:
    score: int
    comment: str


@dataclass
class OutboxEntry:
    mail: Mail
    due: datetime | None
    attempts: int = 0
    locked_until: datetime | None = None
    claim: str | None = None
    sent_at: datetime | None = None
    last_error: str = ""
    updated_at: datetime | None = None


@dataclass
class Tables:
    """The rows of every table. Likes are (customer, star) pairs, favourites (user, star), and chats are keyed by
    (lower user id, higher user id)."""

    users: dict[int, User] = field(default_factory=dict)
    stars: dict[int, StarProfile] = field(default_factory=dict)
    categories: dict[int, Category] = field(default_factory=dict)
    orders: dict[int, Order] = field(default_factory=dict)
    likes: set[tuple[int, int]] = field(default_factory=set)
    favorites: set[tuple[int, int]] = field(default_factory=set)
    ratings: dict[tuple[int, int], StoredRating] = field(default_factory=dict)
    chats: dict[tuple[int, int], int] = field(default_factory=dict)
    messages: dict[int, Message] = field(default_factory=dict)
    outbox: dict[int, "OutboxEntry"] = field(default_factory=dict)
    reset_tokens: dict[int, PasswordResetToken] = field(default_factory=dict)


class FakeDatabase:
    """The tables as the current transaction sees them (`working`) and as the last commit left them (`committed`).
    Ids come from sequences which, as in a real database, a rollback does not give back."""

    def __init__(self) -> None:
        self.working = Tables()
        self.committed = Tables()
        self._sequences: dict[str, int] = {}
        # What the unit of work and the hasher did, in order: shows what happens inside a transaction.
        self.events: list[str] = []

    def next_id(self, table: str) -> int:
        self._sequences[table] = self._sequences.get(table, 0) + 1
        return self._sequences[table]

    def publish(self) -> None:
        self.committed = copy.deepcopy(self.working)

    def discard(self) -> None:
        self.working = copy.deepcopy(self.committed)

    def working_is_committed(self) -> bool:
        return self.working == self.committed


class FakeUnitOfWork:
    """`commit` publishes every write of the transaction at once; `rollback` forgets them. With `failing`
    set, a commit fails as a lost database connection does, and publishes nothing."""

    def __init__(self, database: FakeDatabase) -> None:
        self._database = database
        self.writing = False
        self.failing = False

    async def begin_write(self) -> None:
        self.writing = True
        self._database.events.append("begin_write")

    async def commit(self) -> None:
        if self.failing:
            self._database.discard()
            raise ConnectionError("the database went away")
        self._database.events.append("commit")
        self._database.publish()

    async def rollback(self) -> None:
        self._database.events.append("rollback")
        self._database.discard()


class FakeUserRepository:
    """Users handed out as copies, like rows: a use case's change is written only by `update`. Usernames are unique
    by `Username.key`, e-mails and phones as they are; a login with `@` is an e-mail, any other a username."""

    def __init__(self, database: FakeDatabase) -> None:
        self._database = database

    @property
    def _users(self) -> dict[int, User]:
        return self._database.working.users

    async def get(self, user_id: int, *, for_update: bool = False) -> User | None:
        user = self._users.get(user_id)
        return None if user is None else dataclasses.replace(user)

    async def find_by_login(self, login: str) -> User | None:
        if "@" in login:
            found = (user for user in self._users.values() if str(user.email) == login.lower())
        else:
            found = (user for user in self._users.values() if user.username.key == Username(login).key)
        user = next(found, None)
        return None if user is None else dataclasses.replace(user)

    async def find_taken(
        self, username: Username | None, email: Email | None, phone: Phone | None, *, except_user_id: int = 0
    ) -> TakenFields:
        others = [user for user in self._users.values() if user.id != except_user_id]
        return TakenFields(
            username=username is not None and any(user.username.key == username.key for user in others),
            email=email is not None and any(user.email == email for user in others),
            phone=phone is not None and any(user.phone == phone for user in others),
        )

    async def add(self, user: User) -> User:
        await self._refuse_taken(user, except_user_id=0)
        user.id = self._database.next_id("users")
        self._users[user.id] = dataclasses.replace(user)
        return user

    async def update(self, user: User) -> None:
        if user.id not in self._users:
            raise ConflictError("Пользователь удалён")
        await self._refuse_taken(user, except_user_id=user.id)
        self._users[user.id] = dataclasses.replace(user)

    def stored(self) -> list[User]:
        """Copies of every committed user, by id."""
        return [dataclasses.replace(user) for user in self._database.committed.users.values()]

    async def _refuse_taken(self, user: User, *, except_user_id: int) -> None:
        taken = await self.find_taken(user.username, user.email, user.phone, except_user_id=except_user_id)
        if taken.username:
            raise UsernameTakenError
        if taken.email:
            raise EmailTakenError
        if taken.phone:
            raise PhoneTakenError


class FakeStarRepository:
    """Star profiles kept in the order they were added. Like the real table, `add` starts the counters at zero and
    `update` writes the editable fields only."""

    def __init__(self, database: FakeDatabase) -> None:
        self._database = database

    @property
    def _stars(self) -> dict[int, StarProfile]:
        return self._database.working.stars

    async def get(self, user_id: int) -> StarProfile | None:
        star = self._stars.get(user_id)
        return None if star is None else dataclasses.replace(star)

    async def prices(self, user_id: int) -> StarPrices | None:
        star = self._stars.get(user_id)
        return None if star is None else StarPrices(star.price, star.price_another)

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

    async def lock(self, user_id: int) -> bool:
        # One transaction at a time runs on the fakes: holding the row needs nothing more than finding it.
        return user_id in self._stars

    async def exists(self, user_id: int) -> bool:
        return user_id in self._stars

    def put(self, star: StarProfile) -> None:
        """Writes the profile as it is, counters included: the state a test starts from."""
        self._stars[star.user_id] = dataclasses.replace(star)

    def stored(self) -> list[StarProfile]:
        """Copies of every committed profile, oldest first."""
        return [dataclasses.replace(star) for star in self._database.committed.stars.values()]


class FakeCategoryRepository:
    def __init__(self, database: FakeDatabase) -> None:
        self._database = database

    async def list_all(self) -> list[Category]:
        return sorted(self._database.working.categories.values(), key=lambda category: category.id)

    async def exists(self, category_id: int) -> bool:
        return category_id in self._database.working.categories

    async def add(self, cat_name: str, category_photo: str | None) -> Category:
        categories = self._database.working.categories
        if any(category.cat_name == cat_name for category in categories.values()):
            raise ValueError(f"category {cat_name!r} exists already")
        category = Category(self._database.next_id("categories"), cat_name, category_photo)
        categories[category.id] = category
        return category

    def stored(self) -> list[Category]:
        """Every committed category, by id."""
        return sorted(self._database.committed.categories.values(), key=lambda category: category.id)


class FakeStarCatalogue:
    """The catalogue read from the fake tables: searched, narrowed, ordered and paged as the SQL one is."""

    def __init__(self, database: FakeDatabase) -> None:
        self._database = database

    async def search(self, query: StarQuery) -> Page[StarCard]:
        favorites = self._database.working.favorites
        cards = [card for card in self._cards() if _matches(card, query, favorites)]
        ordered = [card for _, card in sorted(enumerate(cards), key=lambda pair: _sort_key(query.order, *pair))]

        start = query.page.offset
        return Page(ordered[start : start + query.page.limit], len(ordered))

    async def get(self, star_id: int) -> StarCard | None:
        return next((card for card in self._cards() if card.id == star_id), None)

    def _cards(self) -> list[StarCard]:
        """Every star's card, oldest star first."""
        tables = self._database.working
        return [
            StarCard.of(tables.users[star.user_id], star)
            for star in tables.stars.values()
            if star.user_id in tables.users
        ]


def _matches(card: StarCard, query: StarQuery, favorites: set[tuple[int, int]]) -> bool:
    search_text = " ".join(part for part in (card.username, card.first_name, card.last_name) if part).lower()
    return (
        query.text in search_text
        and (query.category_id is None or card.category_id == query.category_id)
        and (not query.tags or not set(query.tags).isdisjoint(card.tags))
        and (query.favorite_of is None or (query.favorite_of, card.id) in favorites)
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


class FakeOrderRepository:
    """Orders handed out as copies. Like the real table, `update` writes what changes after an order is placed (its
    status, payment and delivery) and nothing else. One transaction at a time runs on the fakes, so `for_update` needs
    nothing more than a read."""

    def __init__(self, database: FakeDatabase) -> None:
        self._database = database

    @property
    def _orders(self) -> dict[int, Order]:
        return self._database.working.orders

    async def add(self, order: Order) -> Order:
        order.id = self._database.next_id("orders")
        self._orders[order.id] = dataclasses.replace(order)
        return order

    async def get(self, order_id: int, *, for_update: bool = False) -> Order | None:
        order = self._orders.get(order_id)
        return None if order is None else dataclasses.replace(order)

    async def update(self, order: Order) -> None:
        stored = self._orders.get(order.id)
        if stored is None:
            raise LookupError(f"order {order.id} vanished")
        self._orders[order.id] = dataclasses.replace(
            stored,
            status=order.status,
            decline_reason=order.decline_reason,
            decline_comment=order.decline_comment,
            payment_status=order.payment_status,
            payment_id=order.payment_id,
            payment_key=order.payment_key,
            payment_url=order.payment_url,
            hold_expires_at=order.hold_expires_at,
            payment_checked_at=order.payment_checked_at,
            video=order.video,
            delivered_at=order.delivered_at,
        )

    async def has_delivered(self, customer_id: int, star_id: int) -> bool:
        return any(
            order.customer_id == customer_id and order.star_id == star_id and order.video is not None
            for order in self._orders.values()
        )

    async def find_by_payment(self, payment_id: str) -> Order | None:
        found = [order for order in self._orders.values() if payment_id and order.payment_id == payment_id]
        return dataclasses.replace(found[0]) if found else None

    async def lock_unless_busy(self, order_id: int) -> Order | None:
        return await self.get(order_id)

    async def needing_payment_work(self, due: PaymentDue, limit: int) -> list[int]:
        due_orders = [
            order for order in self._orders.values() if order.needs_payment_check(due.lapse_before, due.recheck_before)
        ]
        due_orders.sort(
            key=lambda order: (
                not order.hold_lapses_before(due.lapse_before),
                order.payment_checked_at or NOW,
                order.id,
            )
        )
        return [order.id for order in due_orders[:limit]]

    def stored(self) -> list[Order]:
        """Copies of every committed order, by id."""
        return [dataclasses.replace(order) for order in self._database.committed.orders.values()]


class FakeOrderQueries:
    """Orders with the names and pictures of both people, from the fake tables; like the SQL joins, an order whose
    star or customer is missing is not shown."""

    def __init__(self, database: FakeDatabase) -> None:
        self._database = database

    async def view(self, order_id: int) -> OrderView | None:
        order = self._database.working.orders.get(order_id)
        return None if order is None else self._view(order)

    async def of_participant(self, user_id: int, page: PageRequest) -> Page[OrderView]:
        mine = [order for order in self._database.working.orders.values() if order.involves(user_id)]
        newest_first = sorted(mine, key=lambda order: order.id, reverse=True)
        views = [self._view(order) for order in newest_first[page.offset : page.offset + page.limit]]
        return Page([view for view in views if view is not None], len(mine))

    async def latest_of_participant(self, user_id: int, limit: int) -> list[OrderView]:
        return (await self.of_participant(user_id, PageRequest(limit=limit))).items

    def _view(self, order: Order) -> OrderView | None:
        tables = self._database.working
        star_user, star, customer = (
            tables.users.get(order.star_id),
            tables.stars.get(order.star_id),
            tables.users.get(order.customer_id),
        )
        if star_user is None or star is None or customer is None:
            return None
        return OrderView(
            order=dataclasses.replace(order),
            star_username=str(star_user.username),
            star_avatar=star_user.avatar,
            customer_username=str(customer.username),
            customer_avatar=customer.avatar,
            profession=star.profession,
        )


class FakeLikeRepository:
    """One like per customer and star, counted on the star's `likes` in the same transaction."""

    def __init__(self, database: FakeDatabase) -> None:
        self._database = database

    async def add(self, customer_id: int, star_id: int) -> bool:
        tables = self._database.working
        if (customer_id, star_id) in tables.likes:
            return False
        tables.likes.add((customer_id, star_id))
        self._count(star_id, +1)
        return True

    async def remove(self, customer_id: int, star_id: int) -> bool:
        tables = self._database.working
        if (customer_id, star_id) not in tables.likes:
            return False
        tables.likes.remove((customer_id, star_id))
        self._count(star_id, -1)
        return True

    def stored(self) -> set[tuple[int, int]]:
        """The committed likes as (customer, star) pairs."""
        return set(self._database.committed.likes)

    def _count(self, star_id: int, change: int) -> None:
        star = self._database.working.stars.get(star_id)
        if star is not None:
            star.likes += change


class FakeFavoriteRepository:
    def __init__(self, database: FakeDatabase) -> None:
        self._database = database

    async def add(self, user_id: int, star_id: int) -> bool:
        favorites = self._database.working.favorites
        if (user_id, star_id) in favorites:
            return False
        favorites.add((user_id, star_id))
        return True

    async def remove(self, user_id: int, star_id: int) -> bool:
        favorites = self._database.working.favorites
        if (user_id, star_id) not in favorites:
            return False
        favorites.remove((user_id, star_id))
        return True

    def stored(self) -> set[tuple[int, int]]:
        """The committed favourites as (user, star) pairs."""
        return set(self._database.committed.favorites)


class FakeRatingRepository:
    """One rating per customer and star; every save recounts the star's `rating_total` and `rating_count`."""

    def __init__(self, database: FakeDatabase) -> None:
        self._database = database

    async def save(self, customer_id: int, star_id: int, score: RatingScore, comment: str) -> bool:
        ratings = self._database.working.ratings
        first = (customer_id, star_id) not in ratings
        ratings[customer_id, star_id] = StoredRating(score.value, comment)

        scores = [rating.score for (_, rated), rating in ratings.items() if rated == star_id]
        star = self._database.working.stars.get(star_id)
        if star is not None:
            star.rating_total, star.rating_count = sum(scores), len(scores)
        return first

    def stored(self) -> dict[tuple[int, int], StoredRating]:
        """The committed ratings by (customer, star)."""
        return dict(self._database.committed.ratings)


class FakeMessageRepository:
    """One chat per unordered pair of users, opened by its first message; messages are numbered in the order sent."""

    def __init__(self, database: FakeDatabase) -> None:
        self._database = database

    async def add(self, sender_id: int, recipient_id: int, text: str, sent_at: datetime) -> Message:
        tables = self._database.working
        pair = _pair(sender_id, recipient_id)
        if pair not in tables.chats:
            tables.chats[pair] = self._database.next_id("chats")
        message = Message(tables.chats[pair], sender_id, text, sent_at, self._database.next_id("messages"))
        tables.messages[message.id] = message
        return message

    async def conversation(self, user_id: int, other_id: int, page: PageRequest) -> Page[Message]:
        tables = self._database.working
        chat_id = tables.chats.get(_pair(user_id, other_id))
        if chat_id is None:
            return Page([], 0)
        oldest_first = sorted(
            (message for message in tables.messages.values() if message.chat_id == chat_id), key=lambda m: m.id
        )
        return Page(oldest_first[page.offset : page.offset + page.limit], len(oldest_first))

    def stored(self) -> list[Message]:
        """Every committed message, oldest first."""
        return sorted(self._database.committed.messages.values(), key=lambda message: message.id)


def _pair(first: int, second: int) -> tuple[int, int]:
    return (first, second) if first < second else (second, first)


class FakePasswordHasher:
    """Hashes read `<scheme>:<password>`. A hash of another scheme than the current one needs a rehash."""

    def __init__(self, scheme: str = "hashed") -> None:
        self._scheme = scheme
        self.verifications = 0
        # Verifications against a stored hash (the others do the same work on none, and answer False).
        self.checked_against_a_hash = 0
        self.events: list[str] = []

    async def hash(self, password: str) -> str:
        self.events.append("hash")
        return f"{self._scheme}:{password}"

    async def verify(self, password_hash: str | None, password: str) -> bool:
        self.events.append("verify")
        self.verifications += 1
        if password_hash is None:
            return False
        self.checked_against_a_hash += 1
        _, colon, hashed_password = password_hash.partition(":")
        return colon == ":" and hashed_password == password

    def needs_rehash(self, password_hash: str) -> bool:
        return not password_hash.startswith(f"{self._scheme}:")


class FakeCatalogueVersion:
    """Counts the bumps, of everything and of one star's likes; a bump of a change that was not committed is
    a bug the tests can see."""

    def __init__(self, database: "FakeDatabase") -> None:
        self._database = database
        self.bumps = 0
        self.star_bumps: list[int] = []

    async def current(self, star_id: int | None = None) -> bytes:
        star = "" if star_id is None else f":{self.star_bumps.count(star_id)}"
        return f"{self.bumps}{star}".encode()

    async def bump(self) -> None:
        assert self._database.working_is_committed(), "bumped before the change was committed"
        self.bumps += 1

    async def bump_star(self, star_id: int) -> None:
        assert self._database.working_is_committed(), "bumped before the change was committed"
        self.star_bumps.append(star_id)


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


NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


class StubClock:
    """Answers the same moment until a use case sleeps: then the moment it slept until."""

    def __init__(self, now: datetime = NOW) -> None:
        self._now = now
        self.slept_until: list[datetime] = []

    def now(self) -> datetime:
        return self._now

    async def sleep_until(self, moment: datetime) -> None:
        self.slept_until.append(moment)
        self._now = max(self._now, moment)

    def advance(self, by: timedelta) -> None:
        self._now += by


class FakePaymentGateway:
    """A provider in memory, with YooKassa's rules: a repeated create key finds the same payment; capture and
    cancel work on a held payment only (a repeat of one that happened answers the same), else they are refused.
    `down` makes every call fail as an unreachable provider does; `calls` lists what was asked, in order.
    The payer's side: `pay` holds the money, `refuse` cancels a pending payment."""

    def __init__(self, clock: "StubClock") -> None:
        self._clock = clock
        self.payments: dict[str, PaymentReport] = {}
        self._created: dict[str, str] = {}
        self.calls: list[str] = []
        self.down = False

    async def create(self, payment: NewPayment, idempotence_key: str) -> PaymentReport:
        self._call(f"create {payment.order_id} {idempotence_key}")
        if idempotence_key not in self._created:
            payment_id = f"pay-{len(self.payments) + 1}"
            self._created[idempotence_key] = payment_id
            self.payments[payment_id] = PaymentReport(
                payment_id=payment_id,
                status=PaymentStatus.PENDING,
                amount=payment.amount,
                order_id=payment.order_id,
                confirmation_url=f"https://pay.example/{payment_id}",
            )
        return self.payments[self._created[idempotence_key]]

    async def get(self, payment_id: str) -> PaymentReport | None:
        self._call(f"get {payment_id}")
        return self.payments.get(payment_id)

    async def capture(self, payment_id: str, amount: Money, idempotence_key: str) -> PaymentReport:
        self._call(f"capture {payment_id} {idempotence_key}")
        return self.move(payment_id, PaymentStatus.HELD, PaymentStatus.CAPTURED)

    async def cancel(self, payment_id: str, idempotence_key: str) -> PaymentReport:
        self._call(f"cancel {payment_id} {idempotence_key}")
        return self.move(payment_id, PaymentStatus.HELD, PaymentStatus.CANCELED)

    def pay(self, payment_id: str) -> PaymentReport:
        return self.move(payment_id, PaymentStatus.PENDING, PaymentStatus.HELD)

    def refuse(self, payment_id: str) -> PaymentReport:
        return self.move(payment_id, PaymentStatus.PENDING, PaymentStatus.CANCELED)

    def move(self, payment_id: str, source: PaymentStatus, target: PaymentStatus) -> PaymentReport:
        payment = self.payments.get(payment_id)
        if payment is None or payment.status not in (source, target):
            raise PaymentRefusedError
        expires_at = self._clock.now() + DEFAULT_HOLD_LIFETIME if target is PaymentStatus.HELD else payment.expires_at
        self.payments[payment_id] = dataclasses.replace(payment, status=target, expires_at=expires_at)
        return self.payments[payment_id]

    def _call(self, call: str) -> None:
        if self.down:
            raise PaymentProviderUnavailableError
        self.calls.append(call)


class FakeLinkSigner:
    """Signatures anybody could forge, which is fine in a unit test; `expired` makes every one too old."""

    def __init__(self) -> None:
        self.expired = False

    def sign(self, purpose: str, subject: str) -> str:
        return f"signed:{purpose}:{subject}"

    def verify(self, purpose: str, subject: str, signature: str, max_age: timedelta) -> bool:
        return not self.expired and signature == self.sign(purpose, subject)


class FakeFileStorage:
    """Files in memory: `staged` (received, not in place) and `files` (published, by path)."""

    def __init__(self) -> None:
        self.staged: dict[str, bytes] = {}
        self.files: dict[str, bytes] = {}
        self._names = 0

    async def stage(self, chunks: AsyncIterator[bytes], max_bytes: int) -> StagedFile:
        received = b""
        async for chunk in chunks:
            received += chunk
            if len(received) > max_bytes:
                raise FileTooLargeError(max_bytes)
        staged = await self.stage_empty()
        self.staged[staged.handle] = received
        return staged

    def open_staged(self, staged: StagedFile) -> str:
        return staged.handle

    async def stage_empty(self) -> StagedFile:
        self._names += 1
        handle = f"staged-{self._names}"
        self.staged[handle] = b""
        return StagedFile(handle)

    async def publish(self, staged: StagedFile, folder: str, extension: str) -> str:
        self._names += 1
        path = f"{folder}/file-{self._names}.{extension}"
        self.files[path] = self.staged.pop(staged.handle)
        return path

    async def discard(self, staged: StagedFile) -> None:
        self.staged.pop(staged.handle, None)

    async def remove(self, path: str) -> None:
        self.files.pop(path, None)


class FakeMediaInspector:
    """Knows a picture by its first bytes (`PNG:`, `JPEG:`, `WEBP:`; `HUGE:` has too many pixels) and a
    video the same way (`MP4:`, `MOV:`, `WEBM:`); a picture is "re-encoded" by writing `clean:` before it."""

    def __init__(self, storage: FakeFileStorage) -> None:
        self._storage = storage

    async def image(self, source: str, target: str, max_pixels: int) -> ImageFormat:
        content = self._storage.staged[source]
        if content.startswith(b"HUGE:"):
            raise ImageTooLargeError(max_pixels)
        kind = content.split(b":", 1)[0].decode(errors="replace")
        if kind not in ImageFormat.__members__:
            raise NotAnImageError
        self._storage.staged[target] = b"clean:" + content
        return ImageFormat[kind]

    async def video(self, source: str) -> VideoFormat:
        kind = self._storage.staged[source].split(b":", 1)[0].decode(errors="replace")
        if kind not in VideoFormat.__members__:
            raise NotAVideoError
        return VideoFormat[kind]


async def chunks(content: bytes, size: int = 4) -> AsyncIterator[bytes]:
    for start in range(0, len(content), size):
        yield content[start : start + size]


class FakeOutbox:
    """The outbox in the fake database: a queued mail exists once its transaction commits."""

    def __init__(self, database: FakeDatabase) -> None:
        self._database = database
        self._claims = 0

    @property
    def _entries(self) -> dict[int, OutboxEntry]:
        return self._database.working.outbox

    async def add(self, mail: Mail, now: datetime) -> None:
        self._entries[self._database.next_id("outbox")] = OutboxEntry(mail, due=now, updated_at=now)

    def _due(self, now: datetime) -> list[tuple[int, OutboxEntry]]:
        """The due mails in the outbox's order: the longest due first, then by id."""
        due = [
            (mail_id, entry)
            for mail_id, entry in self._entries.items()
            if entry.sent_at is None
            and entry.due is not None
            and entry.due <= now
            and (entry.locked_until is None or entry.locked_until <= now)
        ]
        return sorted(due, key=lambda item: (item[1].due or now, item[0]))

    async def any_due(self, now: datetime) -> bool:
        return bool(self._due(now))

    async def claim(self, now: datetime, lease: timedelta, limit: int) -> list[QueuedMail]:
        for _, entry in self._due(now):
            if entry.mail.expires_at is not None and entry.mail.expires_at <= now:
                entry.due, entry.last_error, entry.updated_at = None, "expired", now
                entry.mail = dataclasses.replace(entry.mail, body="")
        self._claims += 1
        claim = f"claim-{self._claims}"
        due = self._due(now)[:limit]
        for _, entry in due:
            entry.locked_until, entry.claim = now + lease, claim
        return [QueuedMail(mail_id, entry.mail, entry.attempts, claim) for mail_id, entry in due]

    def _held(self, queued: QueuedMail) -> OutboxEntry | None:
        entry = self._entries[queued.id]
        return entry if entry.claim == queued.claim else None

    async def sent(self, queued: QueuedMail, now: datetime) -> None:
        if entry := self._held(queued):
            entry.sent_at, entry.locked_until, entry.claim, entry.updated_at = now, None, None, now
            entry.mail = dataclasses.replace(entry.mail, body="")

    async def failed(self, queued: QueuedMail, error: str, retry_at: datetime | None, now: datetime) -> None:
        if entry := self._held(queued):
            entry.attempts += 1
            entry.due, entry.locked_until, entry.claim, entry.last_error = retry_at, None, None, error
            entry.updated_at = now
            if retry_at is None:
                entry.mail = dataclasses.replace(entry.mail, body="")

    async def release(self, claim: str) -> None:
        for entry in self._entries.values():
            if entry.claim == claim and entry.sent_at is None:
                entry.locked_until, entry.claim = None, None

    async def purge(self, before: datetime) -> int:
        done = [
            mail_id
            for mail_id, entry in self._entries.items()
            if (entry.sent_at is not None and entry.sent_at < before)
            or (entry.due is None and entry.updated_at is not None and entry.updated_at < before)
        ]
        for mail_id in done:
            del self._entries[mail_id]
        return len(done)

    def stored(self) -> list[OutboxEntry]:
        """Copies of the committed entries, by id."""
        return [dataclasses.replace(entry) for _, entry in sorted(self._database.committed.outbox.items())]

    def mails(self) -> list[Mail]:
        return [entry.mail for entry in self.stored()]


class FakeMailer:
    """Keeps what it sends; `down` makes it fail as an unreachable mail server does, `unknown` lists the
    addresses it refuses for good, `broken` those it fails on with an error nobody expected, `hanging` those
    it never answers for; each send moves `clock` (when given) on by `takes`."""

    def __init__(self, clock: StubClock | None = None, takes: timedelta = timedelta(0)) -> None:
        self.sent: list[Mail] = []
        self.down = False
        self.unknown: set[str] = set()
        self.broken: set[str] = set()
        self.hanging: set[str] = set()
        self._clock = clock
        self._takes = takes

    async def send(self, mail: Mail) -> None:
        if self._clock is not None:
            self._clock.advance(self._takes)
        if self.down:
            raise MailDeliveryError("the mail server is down")
        if mail.to in self.unknown:
            raise MailDeliveryError("550 no such mailbox", permanent=True)
        if mail.to in self.broken:
            raise UnicodeEncodeError("ascii", mail.to, 0, 1, "not ASCII")
        if mail.to in self.hanging:
            await asyncio.Event().wait()
        self.sent.append(mail)


class FakeResetTokenRepository:
    def __init__(self, database: FakeDatabase) -> None:
        self._database = database

    @property
    def _tokens(self) -> dict[int, PasswordResetToken]:
        return self._database.working.reset_tokens

    async def add(self, token: PasswordResetToken) -> None:
        if any(stored.digest == token.digest for stored in self._tokens.values()):
            raise ConflictError("the digest is taken")
        token_id = self._database.next_id("reset_tokens")
        self._tokens[token_id] = dataclasses.replace(token)

    async def find(self, digest: str, *, for_update: bool = False) -> PasswordResetToken | None:
        found = next((token for token in self._tokens.values() if token.digest == digest), None)
        return None if found is None else dataclasses.replace(found)

    async def remove_of_user(self, user_id: int) -> None:
        for token_id in [key for key, token in self._tokens.items() if token.user_id == user_id]:
            del self._tokens[token_id]

    async def remove_expired(self, now: datetime) -> int:
        expired = [key for key, token in self._tokens.items() if token.expires_at <= now]
        for token_id in expired:
            del self._tokens[token_id]
        return len(expired)

    def stored(self) -> list[PasswordResetToken]:
        return [dataclasses.replace(token) for _, token in sorted(self._database.committed.reset_tokens.items())]


class FakeRateLimiter:
    """An exact moving window per key, on the stub clock's time (the `limits` adapter's fixed windows
    approximate one): the use cases' rules are checked against the exact count."""

    def __init__(self, clock: StubClock) -> None:
        self._clock = clock
        self.events: dict[str, list[datetime]] = {}

    async def hit(self, rate: Rate, key: str) -> timedelta | None:
        now = self._clock.now()
        recent = [moment for moment in self.events.get(key, []) if moment > now - rate.period]
        self.events[key] = recent
        if len(recent) >= rate.count:
            return recent[-rate.count] + rate.period - now
        recent.append(now)
        return None

    async def forget(self, rate: Rate, key: str) -> None:
        self.events.pop(key, None)
