"""The capabilities the use cases need from the outside world. Adapters implement them."""

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from application.views import OrderView, Page, PageRequest, StarCard, StarQuery
from domain.category import Category
from domain.mail import Mail
from domain.media import ImageFormat, VideoFormat
from domain.message import Message
from domain.order import Order, PaymentReport
from domain.password_reset import PasswordResetToken
from domain.rating import RatingScore
from domain.star import StarProfile
from domain.user import User
from domain.values import Email, Money, Phone, Username


@dataclass(frozen=True, slots=True)
class TakenFields:
    username: bool = False
    email: bool = False
    phone: bool = False


class UserRepository(Protocol):
    async def get(self, user_id: int, *, for_update: bool = False) -> User | None:
        """The user with this id, or None; `for_update` reads the latest version and holds the row until
        the transaction ends, so that two changes of one account are made one after the other."""

    async def find_by_login(self, login: str) -> User | None:
        """The user whose e-mail or username (without regard to case) is `login`, or None."""

    async def find_taken(
        self, username: Username | None, email: Email | None, phone: Phone | None, *, except_user_id: int = 0
    ) -> TakenFields:
        """Which of these values another account (not `except_user_id`) already holds."""

    async def add(self, user: User) -> User:
        """Store a new user and return it with its id; a value taken meanwhile raises the matching ConflictError."""

    async def update(self, user: User) -> None:
        """Store the changed fields of an existing user; a value taken meanwhile raises a ConflictError."""


@dataclass(frozen=True, slots=True)
class StarPrices:
    """What a star asks for a greeting, and for an invitation (None: the star takes none)."""

    price: Money
    price_another: Money | None


class StarRepository(Protocol):
    async def get(self, user_id: int) -> StarProfile | None:
        """The star profile of this user, or None when the user is not a star."""

    async def prices(self, user_id: int) -> StarPrices | None:
        """The star's current prices (nothing else of the profile), or None when the user is not a star."""

    async def add(self, star: StarProfile) -> None:
        """Store a new star profile with its tags."""

    async def update(self, star: StarProfile) -> None:
        """Store the editable fields and tags of a star profile (never its counters)."""

    async def lock(self, user_id: int) -> bool:
        """Hold the star's row until the transaction ends, so that counters recomputed meanwhile stay
        right under concurrent writers; False when there is no such star."""

    async def exists(self, user_id: int) -> bool:
        """Whether this user has a star profile."""


@dataclass(frozen=True, slots=True)
class PaymentDue:
    lapse_before: datetime
    recheck_before: datetime


class OrderRepository(Protocol):
    async def add(self, order: Order) -> Order:
        """Store a new order and return it with its id."""

    async def get(self, order_id: int, *, for_update: bool = False) -> Order | None:
        """The order, or None; `for_update` holds its row until the transaction ends, so that two
        decisions on one order are made one after the other."""

    async def update(self, order: Order) -> None:
        """Store the order's status, payment and delivery."""

    async def has_delivered(self, customer_id: int, star_id: int) -> bool:
        """Whether this star has delivered a greeting ordered by this customer."""

    async def find_by_payment(self, payment_id: str) -> Order | None:
        """The order whose current payment this is, its row held until the transaction ends; or None."""

    async def lock_unless_busy(self, order_id: int) -> Order | None:
        """The order with its row held until the transaction ends, or None when another transaction
        holds it (on PostgreSQL; SQLite has one writer at a time anyway) or it is gone."""

    async def needing_payment_work(self, due: PaymentDue, limit: int) -> list[int]:
        """Ids of orders the payment sweeper has to look at (`Order.needs_payment_check`): new orders whose
        hold lapses before `due.lapse_before` first, then payments not settled; of either only those the
        provider was last asked about before `due.recheck_before`, longest ago first."""


class OrderQueries(Protocol):
    """The read side of orders: orders with the people's names, for the lists and the detail page."""

    async def view(self, order_id: int) -> OrderView | None:
        """The order with both people's names, or None."""

    async def of_participant(self, user_id: int, page: PageRequest) -> Page[OrderView]:
        """Orders the user placed or received, newest first, and how many there are in all."""

    async def latest_of_participant(self, user_id: int, limit: int) -> list[OrderView]:
        """The newest orders the user placed or received, newest first."""


class LikeRepository(Protocol):
    async def add(self, customer_id: int, star_id: int) -> bool:
        """Record the like and count it on the star, in one transaction; False when it was there already.
        The database decides under concurrent duplicates, never a check before the insert."""

    async def remove(self, customer_id: int, star_id: int) -> bool:
        """Delete the like and uncount it; False when there was none."""


class FavoriteRepository(Protocol):
    async def add(self, user_id: int, star_id: int) -> bool:
        """Add the star to the user's favourites; False when it was there already."""

    async def remove(self, user_id: int, star_id: int) -> bool:
        """Remove the star from the user's favourites; False when it was not there."""


class RatingRepository(Protocol):
    async def save(self, customer_id: int, star_id: int, score: RatingScore, comment: str) -> bool:
        """Store or replace the customer's rating of the star and recount the star's mean and count in
        the same transaction, one rating of a star at a time; True when it is the customer's first."""


class MessageRepository(Protocol):
    async def add(self, sender_id: int, recipient_id: int, text: str, sent_at: datetime) -> Message:
        """Append a message to the two users' conversation, opening it on the first message."""

    async def conversation(self, user_id: int, other_id: int, page: PageRequest) -> Page[Message]:
        """The messages between these two users, oldest first."""


class CategoryRepository(Protocol):
    async def list_all(self) -> list[Category]:
        """Every category, by id."""

    async def exists(self, category_id: int) -> bool: ...

    async def add(self, cat_name: str, category_photo: str | None) -> Category: ...


class StarCatalogue(Protocol):
    """The read side of the catalogue: public star cards, never contact data."""

    async def search(self, query: StarQuery) -> Page[StarCard]:
        """One page of stars matching the query, and how many match in all."""

    async def get(self, star_id: int) -> StarCard | None: ...


class UnitOfWork(Protocol):
    """The transaction of one use case: nothing it wrote is visible to others until `commit`."""

    async def begin_write(self) -> None:
        """Start the transaction of a use case that will write, before it reads what its writes depend
        on: where the database has a single writer, this waits for its turn now rather than failing later."""

    async def commit(self) -> None:
        """Make everything written since the transaction began visible to others, at once."""

    async def rollback(self) -> None:
        """Forget everything written since the transaction began."""


class PasswordHasher(Protocol):
    async def hash(self, password: str) -> str:
        """A salted slow hash of the password, computed off the event loop."""

    async def verify(self, password_hash: str | None, password: str) -> bool:
        """Whether the password matches; with no hash it spends the same time and answers False."""

    def needs_rehash(self, password_hash: str) -> bool:
        """Whether the hash was made with weaker parameters than the current ones."""


@dataclass(frozen=True, slots=True)
class TokenClaims:
    user_id: int
    token_version: int


class TokenIssuer(Protocol):
    def issue(self, user_id: int, token_version: int) -> str:
        """A signed login token that expires."""

    def read(self, token: str) -> TokenClaims:
        """The claims of a valid token; a forged, malformed or expired one raises AuthenticationError."""


class CommonPasswords(Protocol):
    def contains(self, password: str) -> bool:
        """Whether the password is in a list of commonly used passwords."""


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, aware, in UTC."""

    async def sleep_until(self, moment: datetime) -> None:
        """Return at `moment` (at once when it has passed), letting other requests run meanwhile."""


class CatalogueVersion(Protocol):
    """Names the state of the public catalogue (stars, their prices, likes and ratings, categories), so
    that answers about it can be kept while it stays the same, and by every worker alike; and, apart, the
    state of each star's count of likes, the one thing that changes all the time."""

    async def current(self, star_id: int | None = None) -> bytes | None:
        """A token that differs from every earlier one once the catalogue has changed, and, given a star,
        once that star's likes have; None when it cannot be known now (then nothing kept may be served,
        nor kept)."""

    async def bump(self) -> None:
        """The catalogue changed (and the change is committed): every answer kept from before is stale.
        Never raises: the change is made, and a bump that could not be told is the adapter's to log."""

    async def bump_star(self, star_id: int) -> None:
        """A star's count of likes changed (committed): answers about that star alone are stale (lists of
        stars show the new count once they age out), so that a stream of likes does not empty every kept
        answer. Never raises."""


class ResetTokenRepository(Protocol):
    async def add(self, token: PasswordResetToken) -> None:
        """Store a new password-reset token."""

    async def find(self, digest: str, *, for_update: bool = False) -> PasswordResetToken | None:
        """The token with this digest, or None; `for_update` holds it until the transaction ends, so that
        two uses of one token are made one after the other (and the second finds it gone)."""

    async def remove_of_user(self, user_id: int) -> None:
        """Delete every reset token of this user."""

    async def remove_expired(self, now: datetime) -> int:
        """Delete every token that expired before `now`; answers how many."""


@dataclass(frozen=True, slots=True)
class Rate:
    """At most `count` events in any `period`."""

    count: int
    period: timedelta


class RateLimiter(Protocol):
    async def hit(self, rate: Rate, key: str) -> timedelta | None:
        """Counts one event under `key`: None while the events in the last `rate.period` stay within
        `rate.count`, else how long until one more would fit (the refused event is not counted)."""

    async def forget(self, rate: Rate, key: str) -> None:
        """Forgets the events counted under `key`: the window starts empty again."""


@dataclass(frozen=True, slots=True)
class NewPayment:
    order_id: int
    amount: Money
    description: str
    return_url: str


class PaymentGateway(Protocol):
    """A card payment provider with two-stage payments: the money is held first, then captured or released.

    Every call raises PaymentProviderUnavailableError when the provider cannot be reached or is
    failing (nothing happened, or a retry with the same idempotence key is safe), PaymentRefusedError
    when it refuses the operation for the payment's state, PaymentProviderError for any other answer
    it cannot use. Repeating a call with the same idempotence key repeats its answer, never its effect.
    """

    async def create(self, payment: NewPayment, idempotence_key: str) -> PaymentReport:
        """A payment to be held (not captured) once the customer pays on the provider's page."""

    async def get(self, payment_id: str) -> PaymentReport | None:
        """The payment as the provider knows it now, or None when it knows no such payment."""

    async def capture(self, payment_id: str, amount: Money, idempotence_key: str) -> PaymentReport:
        """Take the held money."""

    async def cancel(self, payment_id: str, idempotence_key: str) -> PaymentReport:
        """Release the held money."""


class LinkSigner(Protocol):
    """Signatures that let a link stand in for a login for one purpose, one subject and a limited time."""

    def sign(self, purpose: str, subject: str) -> str:
        """A signature of `subject` for `purpose`, made now."""

    def verify(self, purpose: str, subject: str, signature: str, max_age: timedelta) -> bool:
        """Whether `signature` was made by `sign(purpose, subject)` less than `max_age` ago."""


@dataclass(frozen=True, slots=True)
class StagedFile:
    """An upload received whole and counted, not yet in place: `handle` means something to the storage only."""

    handle: str


class FileStorage(Protocol):
    """Where uploads live. A file is staged first (received, counted, checked), then published under a
    generated name; a staged file that is not published is discarded and leaves nothing behind."""

    async def stage(self, chunks: AsyncIterator[bytes], max_bytes: int) -> StagedFile:
        """Receives the chunks into a new staged file; raises FileTooLargeError as soon as they pass
        `max_bytes` (and keeps nothing)."""

    def open_staged(self, staged: StagedFile) -> str:
        """A local path to read the staged file from (for the content checks)."""

    async def stage_empty(self) -> StagedFile:
        """A new, empty staged file to write a converted version into (see `open_staged`)."""

    async def publish(self, staged: StagedFile, folder: str, extension: str) -> str:
        """Moves the staged file into `folder` under a new unique name; answers its path (`folder/name.ext`)."""

    async def discard(self, staged: StagedFile) -> None:
        """Forgets a staged file; nothing if it is gone already."""

    async def remove(self, path: str) -> None:
        """Removes a published file; nothing if it is gone already."""


class MediaInspector(Protocol):
    """Tells what an upload really is from its content, never from its name or declared type."""

    async def image(self, source: str, target: str, max_pixels: int) -> ImageFormat:
        """Reads the picture at `source` and writes it re-encoded, without its metadata, to `target`;
        raises NotAnImageError for anything but JPEG, PNG or WebP, ImageTooLargeError above `max_pixels`."""

    async def video(self, source: str) -> VideoFormat:
        """The container of the video at `source`; raises NotAVideoError for anything but MP4, MOV or WebM."""


@dataclass(frozen=True, slots=True)
class QueuedMail:
    id: int
    mail: Mail
    attempts: int
    # Which round of which sender holds the mail: only that round may record what became of it.
    claim: str


class Outbox(Protocol):
    """Mail waiting to be sent, kept in the database: written in the same transaction as the change it
    tells about, so that no change goes untold and no mail tells of a change that was rolled back."""

    async def add(self, mail: Mail, now: datetime) -> None:
        """Queues the mail in the current transaction, due at once."""

    async def any_due(self, now: datetime) -> bool:
        """Whether a mail is due and free to take (a read: it takes no lock)."""

    async def claim(self, now: datetime, lease: timedelta, limit: int) -> list[QueuedMail]:
        """Takes up to `limit` due mails that nobody holds, and holds them under one new claim until
        `now + lease` (the caller commits): another sender skips them meanwhile, and takes them again only
        once the lease is over. Mails whose `expires_at` has passed are given up instead."""

    async def sent(self, queued: QueuedMail, now: datetime) -> None:
        """The mail went out: it is never sent again, and its body is forgotten (it may hold a link's
        secret). Nothing changes if the claim is no longer the mail's."""

    async def failed(self, queued: QueuedMail, error: str, retry_at: datetime | None, now: datetime) -> None:
        """The mail did not go out: try again at `retry_at`, or never (None: given up, body forgotten).
        Nothing changes if the claim is no longer the mail's."""

    async def release(self, claim: str) -> None:
        """The mails of this claim that were neither sent nor failed are free to take again at once."""

    async def purge(self, before: datetime) -> int:
        """Removes the mails sent or given up before `before`; answers how many."""


class Mailer(Protocol):
    async def send(self, mail: Mail) -> None:
        """Hands the mail over for delivery; raises MailDeliveryError when that failed."""
