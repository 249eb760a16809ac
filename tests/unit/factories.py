"""Plain functions that make the inputs and the stored state of unit tests; every argument is an override."""

from dataclasses import dataclass, field
from datetime import date

from application.accounts import AccountRules, NewAccount
from application.create_star import NewStar
from domain.star import StarProfile
from domain.user import User
from domain.values import Email, Money, MoneyInput, Phone, Tag, Username
from tests.unit.fakes import (
    FakeCategoryRepository,
    FakeCommonPasswords,
    FakePasswordHasher,
    FakeStarCatalogue,
    FakeStarRepository,
    FakeTokenIssuer,
    FakeUnitOfWork,
    FakeUserRepository,
    FixedClock,
)

PASSWORD = "Kalinka-Malinka-1957"


@dataclass
class Fakes:
    """One of every fake, sharing their state as the real adapters share a database."""

    users: FakeUserRepository = field(default_factory=FakeUserRepository)
    stars: FakeStarRepository = field(default_factory=FakeStarRepository)
    categories: FakeCategoryRepository = field(default_factory=FakeCategoryRepository)
    uow: FakeUnitOfWork = field(default_factory=FakeUnitOfWork)
    hasher: FakePasswordHasher = field(default_factory=FakePasswordHasher)
    tokens: FakeTokenIssuer = field(default_factory=FakeTokenIssuer)
    common_passwords: FakeCommonPasswords = field(default_factory=FakeCommonPasswords)
    clock: FixedClock = field(default_factory=FixedClock)
    catalogue: FakeStarCatalogue = field(init=False)

    def __post_init__(self) -> None:
        self.catalogue = FakeStarCatalogue(self.users, self.stars, self.categories)

    def account_rules(self) -> AccountRules:
        return AccountRules(self.users, self.common_passwords, self.hasher, self.clock)


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


def a_user(
    *,
    username: str = "ivan",
    email: str = "ivan@example.com",
    phone: str = "79991112233",
    password_hash: str = f"hashed:{PASSWORD}",
    first_name: str = "",
    last_name: str = "",
    date_of_birth: date | None = None,
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
) -> User:
    """A customer in the fake repository; the e-mail and the phone default to values nobody else holds."""
    number = len(fakes.users.stored()) + 1
    return await fakes.users.add(
        a_user(
            username=username,
            email=email or f"user{number}@example.com",
            phone=phone or f"7999{number:07d}",
            password_hash=await fakes.hasher.hash(password),
            first_name=first_name,
            last_name=last_name,
            date_of_birth=date_of_birth,
        )
    )


async def a_stored_star(
    fakes: Fakes,
    *,
    username: str = "alla",
    email: str | None = None,
    phone: str | None = None,
    first_name: str = "",
    last_name: str = "",
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
    """A star in the fake repositories, with its profile and counters as given."""
    number = len(fakes.users.stored()) + 1
    user = await fakes.users.add(
        a_user(
            username=username,
            email=email or f"user{number}@example.com",
            phone=phone or f"7999{number:07d}",
            password_hash=await fakes.hasher.hash(PASSWORD),
            first_name=first_name,
            last_name=last_name,
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
    return user
