"""Plain functions that make the inputs and the stored state of unit tests; every argument is an override.

The `a_stored_…` functions commit what they store: the state a test starts from is the state the database holds."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from application.account_mail import AccountMail
from application.accounts import AccountRules, NewAccount
from application.mail_writer import MailWriter, ServiceAddress
from application.media_intake import MediaIntake, UploadLimits
from application.order_mail import OrderMail
from application.payments import PaymentSettlement
from application.place_order import NewOrder
from application.ports import NewPayment, Rate
from application.rate_limits import AbuseLimits
from application.stars import NewStar
from domain.order import DeclineReason, Order, OrderStatus, OrderType, PaymentStatus
from domain.star import StarProfile
from domain.user import User
from domain.values import Email, Money, MoneyInput, Phone, Tag, Username
from tests.unit.fakes import (
    NOW,
    FakeCatalogueVersion,
    FakeCategoryRepository,
    FakeCommonPasswords,
    FakeDatabase,
    FakeFavoriteRepository,
    FakeFileStorage,
    FakeLikeRepository,
    FakeLinkSigner,
    FakeMailer,
    FakeMediaInspector,
    FakeMessageRepository,
    FakeOrderQueries,
    FakeOrderRepository,
    FakeOutbox,
    FakePasswordHasher,
    FakePaymentGateway,
    FakeRateLimiter,
    FakeRatingRepository,
    FakeResetTokenRepository,
    FakeStarCatalogue,
    FakeStarRepository,
    FakeTokenIssuer,
    FakeUnitOfWork,
    FakeUserRepository,
    StubClock,
)

PASSWORD = "Kalinka-Malinka-1957"
SERVICE_URL = "https://mystar.example"

# An address a request came from; the limits of the contract (messages and notifications are ours).
CLIENT = "203.0.113.7"
CONTRACT_LIMITS = {
    "logins_per_client": Rate(30, timedelta(minutes=1)),
    "login_failures_per_account": Rate(10, timedelta(minutes=15)),
    "sign_ups_per_client": Rate(20, timedelta(hours=1)),
    "messages_per_user": Rate(30, timedelta(minutes=1)),
    "notifications_per_client": Rate(300, timedelta(minutes=1)),
}


@dataclass
class Fakes:
    """One of every fake, sharing one database as the real adapters do."""

    database: FakeDatabase = field(default_factory=FakeDatabase)
    hasher: FakePasswordHasher = field(default_factory=FakePasswordHasher)
    tokens: FakeTokenIssuer = field(default_factory=FakeTokenIssuer)
    common_passwords: FakeCommonPasswords = field(default_factory=FakeCommonPasswords)
    clock: StubClock = field(default_factory=StubClock)
    uow: FakeUnitOfWork = field(init=False)
    users: FakeUserRepository = field(init=False)
    stars: FakeStarRepository = field(init=False)
    categories: FakeCategoryRepository = field(init=False)
    catalogue: FakeStarCatalogue = field(init=False)
    orders: FakeOrderRepository = field(init=False)
    order_queries: FakeOrderQueries = field(init=False)
    likes: FakeLikeRepository = field(init=False)
    favorites: FakeFavoriteRepository = field(init=False)
    ratings: FakeRatingRepository = field(init=False)
    messages: FakeMessageRepository = field(init=False)
    gateway: FakePaymentGateway = field(init=False)
    storage: FakeFileStorage = field(default_factory=FakeFileStorage)
    outbox: FakeOutbox = field(init=False)
    mailer: FakeMailer = field(default_factory=FakeMailer)
    signer: FakeLinkSigner = field(default_factory=FakeLinkSigner)
    reset_tokens: FakeResetTokenRepository = field(init=False)
    limiter: FakeRateLimiter = field(init=False)
    catalogue_version: FakeCatalogueVersion = field(init=False)

    def __post_init__(self) -> None:
        self.uow = FakeUnitOfWork(self.database)
        self.hasher.events = self.database.events
        self.users = FakeUserRepository(self.database)
        self.stars = FakeStarRepository(self.database)
        self.categories = FakeCategoryRepository(self.database)
        self.catalogue = FakeStarCatalogue(self.database)
        self.orders = FakeOrderRepository(self.database)
        self.order_queries = FakeOrderQueries(self.database)
        self.likes = FakeLikeRepository(self.database)
        self.favorites = FakeFavoriteRepository(self.database)
        self.ratings = FakeRatingRepository(self.database)
        self.messages = FakeMessageRepository(self.database)
        self.gateway = FakePaymentGateway(self.clock)
        self.outbox = FakeOutbox(self.database)
        self.reset_tokens = FakeResetTokenRepository(self.database)
        self.limiter = FakeRateLimiter(self.clock)
        self.catalogue_version = FakeCatalogueVersion(self.database)

    def settlement(self, clock: StubClock | None = None) -> PaymentSettlement:
        return PaymentSettlement(self.gateway, clock or self.clock, self.order_mail())

    def mail_writer(self) -> MailWriter:
        return MailWriter(self.outbox, self.clock, ServiceAddress(SERVICE_URL))

    def order_mail(self) -> OrderMail:
        return OrderMail(self.users, self.mail_writer())

    def account_mail(self) -> AccountMail:
        return AccountMail(self.mail_writer())

    def intake(self, limits: UploadLimits | None = None) -> MediaIntake:
        return MediaIntake(self.storage, FakeMediaInspector(self.storage), limits or UploadLimits())

    def limits(self, **overrides: Rate) -> AbuseLimits:
        """The contract's limits, with `overrides` for the ones a test tightens."""
        return AbuseLimits(**{**CONTRACT_LIMITS, **overrides})

    def account_rules(self) -> AccountRules:
        return AccountRules(self.users, self.common_passwords, self.hasher, self.clock, self.uow)


def new_account(
    *,
    username: str = "alla",
    email: str = "alla@example.com",
    phone: str | int = "+7 999 123-45-67",
    password: str = PASSWORD,
    first_name: str | None = None,
    last_name: str | None = None,
    date_of_birth: date | None = None,
) -> NewAccount:
    return NewAccount(
        username=username,
        email=email,
        phone=phone,
        password=password,
        first_name=first_name,
        last_name=last_name,
        date_of_birth=date_of_birth,
    )


def new_star(
    *,
    account: NewAccount | None = None,
    price: MoneyInput = "15000.00",
    category_id: int = 1,
    price_another: MoneyInput | None = None,
    profession: str | None = None,
    description: str | None = None,
    days: int | None = None,
    tags: list[str] | None = None,
) -> NewStar:
    return NewStar(
        account=account or new_account(),
        price=price,
        category_id=category_id,
        price_another=price_another,
        profession=profession,
        description=description,
        days=days,
        tags=tags or [],
    )


def new_order(
    *,
    star_id: int,
    for_whom: str = "Маме",
    comment: str = "С юбилеем!",
    order_type: OrderType = OrderType.GREETING,
    by_date: date | None = None,
    order_price: MoneyInput | None = None,
    customer_id: int | None = None,
    status_order: int | None = None,
) -> NewOrder:
    return NewOrder(
        star_id=star_id,
        for_whom=for_whom,
        comment=comment,
        order_type=order_type,
        by_date=by_date,
        order_price=order_price,
        customer_id=customer_id,
        status_order=status_order,
    )


def a_user(
    *,
    username: str = "ivan",
    email: str = "ivan@example.com",
    phone: str = "79991112233",
    password_hash: str = f"hashed:{PASSWORD}",
    first_name: str = "",
    last_name: str = "",
    date_of_birth: date | None = None,
    avatar: str | None = None,
    is_star: bool = False,
    token_version: int = 0,
) -> User:
    """A user not stored yet."""
    return User(
        username=Username.parse(username),
        email=Email.parse(email),
        phone=Phone.parse(phone),
        password_hash=password_hash,
        first_name=first_name,
        last_name=last_name,
        date_of_birth=date_of_birth,
        avatar=avatar,
        is_star=is_star,
        token_version=token_version,
    )


def a_star_profile(
    *,
    user_id: int = 0,
    category_id: int = 1,
    price: str = "15000.00",
    price_another: str | None = None,
    profession: str = "",
    description: str = "",
    days: int = 7,
    tags: tuple[str, ...] = (),
    top: bool = False,
    likes: int = 0,
    rating_total: int = 0,
    rating_count: int = 0,
) -> StarProfile:
    return StarProfile(
        user_id=user_id,
        category_id=category_id,
        price=Money.parse(price),
        price_another=None if price_another is None else Money.parse(price_another),
        profession=profession,
        description=description,
        days=days,
        tags=tuple(Tag.parse(tag) for tag in tags),
        top=top,
        likes=likes,
        rating_total=rating_total,
        rating_count=rating_count,
    )


def an_order(
    *,
    customer_id: int = 1,
    star_id: int = 2,
    order_type: OrderType = OrderType.GREETING,
    price: str = "15000.00",
    for_whom: str = "Маме",
    comment: str = "",
    ordered_at: datetime = NOW,
    status: OrderStatus = OrderStatus.NEW,
    decline_reason: DeclineReason | None = None,
    payment_status: PaymentStatus = PaymentStatus.NONE,
    video: str | None = None,
) -> Order:
    """An order not stored yet. A declined order without a reason given is declined by its star."""
    if status is OrderStatus.DECLINED and decline_reason is None:
        decline_reason = DeclineReason.DECLINED
    return Order(
        customer_id=customer_id,
        star_id=star_id,
        order_type=order_type,
        price=Money.parse(price),
        for_whom=for_whom,
        comment=comment,
        ordered_at=ordered_at,
        status=status,
        decline_reason=decline_reason,
        payment_status=payment_status,
        video=video,
        delivered_at=None if video is None else ordered_at,
    )


async def a_stored_customer(
    fakes: Fakes,
    *,
    username: str = "ivan",
    email: str | None = None,
    phone: str | None = None,
    password: str = PASSWORD,
    first_name: str = "",
    last_name: str = "",
    date_of_birth: date | None = None,
    avatar: str | None = None,
) -> User:
    """A committed customer; the e-mail and the phone default to values nobody else holds."""
    number = len(fakes.users.stored()) + 1
    user = await fakes.users.add(
        a_user(
            username=username,
            email=email or f"user{number}@example.com",
            phone=phone or f"7999{number:07d}",
            password_hash=await fakes.hasher.hash(password),
            first_name=first_name,
            last_name=last_name,
            date_of_birth=date_of_birth,
            avatar=avatar,
        )
    )
    await fakes.uow.commit()
    return user


async def a_stored_star(
    fakes: Fakes,
    *,
    username: str = "alla",
    email: str | None = None,
    phone: str | None = None,
    first_name: str = "",
    last_name: str = "",
    avatar: str | None = None,
    category_id: int = 1,
    price: str = "15000.00",
    price_another: str | None = None,
    profession: str = "",
    description: str = "",
    tags: tuple[str, ...] = (),
    top: bool = False,
    likes: int = 0,
    rating_total: int = 0,
    rating_count: int = 0,
) -> User:
    """A committed star with its profile and counters as given."""
    number = len(fakes.users.stored()) + 1
    user = await fakes.users.add(
        a_user(
            username=username,
            email=email or f"user{number}@example.com",
            phone=phone or f"7999{number:07d}",
            password_hash=await fakes.hasher.hash(PASSWORD),
            first_name=first_name,
            last_name=last_name,
            avatar=avatar,
            is_star=True,
        )
    )
    fakes.stars.put(
        a_star_profile(
            user_id=user.id,
            category_id=category_id,
            price=price,
            price_another=price_another,
            profession=profession,
            description=description,
            tags=tags,
            top=top,
            likes=likes,
            rating_total=rating_total,
            rating_count=rating_count,
        )
    )
    await fakes.uow.commit()
    return user


async def a_stored_order(
    fakes: Fakes,
    *,
    customer: User,
    star: User,
    order_type: OrderType = OrderType.GREETING,
    price: str = "15000.00",
    status: OrderStatus = OrderStatus.NEW,
    decline_reason: DeclineReason | None = None,
    payment_status: PaymentStatus = PaymentStatus.NONE,
    video: str | None = None,
) -> Order:
    """A committed order of the customer from the star, in the state given."""
    order = await fakes.orders.add(
        an_order(
            customer_id=customer.id,
            star_id=star.id,
            order_type=order_type,
            price=price,
            status=status,
            decline_reason=decline_reason,
            payment_status=payment_status,
            video=video,
        )
    )
    await fakes.uow.commit()
    return order


def stored_user(fakes: Fakes, user_id: int) -> User:
    """The committed user with this id."""
    [user] = [user for user in fakes.users.stored() if user.id == user_id]
    return user


def stored_star(fakes: Fakes, user_id: int) -> StarProfile:
    """The committed star profile of this user."""
    [star] = [star for star in fakes.stars.stored() if star.user_id == user_id]
    return star


def stored_order(fakes: Fakes, order_id: int) -> Order:
    """The committed order with this id."""
    [order] = [order for order in fakes.orders.stored() if order.id == order_id]
    return order


@dataclass(frozen=True)
class People:
    """The two people of an order and two who have nothing to do with it."""

    customer: User
    star: User
    other_customer: User
    other_star: User

    def stranger(self, which: str) -> User:
        return self.other_customer if which == "customer" else self.other_star


STRANGERS = ["customer", "star"]


async def some_people(fakes: Fakes) -> People:
    """Committed: the customer ivan, the star alla, the customer petr and the star filipp."""
    return People(
        customer=await a_stored_customer(fakes, username="ivan"),
        star=await a_stored_star(fakes, username="alla", profession="Певица"),
        other_customer=await a_stored_customer(fakes, username="petr"),
        other_star=await a_stored_star(fakes, username="filipp"),
    )


async def a_paid_order(
    fakes: Fakes,
    *,
    customer: User,
    star: User,
    price: str = "15000.00",
    held: bool = True,
    order_type: OrderType = OrderType.GREETING,
) -> Order:
    """A committed new order with a payment at the fake provider: held, or (`held=False`) not paid yet.
    The provider's call log starts empty after it."""
    order = await a_stored_order(fakes, customer=customer, star=star, price=price, order_type=order_type)
    order.begin_payment(customer.id, f"key-{order.id}")
    report = await fakes.gateway.create(
        NewPayment(order.id, order.price, "заказ", "https://back.example"), order.payment_key
    )
    order.record_payment(report, NOW)
    if held:
        order.settle(fakes.gateway.pay(report.payment_id), NOW)
    await fakes.orders.update(order)
    await fakes.uow.commit()
    fakes.gateway.calls.clear()
    return order


async def an_accepted_paid_order(fakes: Fakes, people: "People", video: str | None = None) -> Order:
    """A committed order of the people's customer from their star, accepted and captured (delivered: `video`)."""
    return await a_stored_order(
        fakes,
        customer=people.customer,
        star=people.star,
        status=OrderStatus.ACCEPTED,
        payment_status=PaymentStatus.CAPTURED,
        video=video,
    )
