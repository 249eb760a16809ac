"""Rules shared by the use cases that create and change accounts."""

from dataclasses import dataclass
from datetime import date

from application.ports import Clock, CommonPasswords, PasswordHasher, TakenFields, UnitOfWork, UserRepository
from domain.errors import EmailTakenError, InvalidValueError, PhoneTakenError, UsernameTakenError
from domain.user import User, birth_date, person_name
from domain.values import Email, Phone, Username

PASSWORD_MIN_LENGTH = 8
PASSWORD_MAX_LENGTH = 128
# Eight spaces, `aaaaaaaa` or `abababab` are guessed at once, whatever their length.
PASSWORD_MIN_DISTINCT = 4
# What `AccountRules.check_password` asks of a password, in words, for the forms that ask for one.
PASSWORD_RULES = (
    f"от {PASSWORD_MIN_LENGTH} до {PASSWORD_MAX_LENGTH} символов;",
    f"не меньше {PASSWORD_MIN_DISTINCT} разных символов, не только пробелы;",
    "не совпадает с именем пользователя или адресом почты;",
    "не из списка самых распространённых паролей.",
)


@dataclass(frozen=True, slots=True)
class NewAccount:
    """Registration input as the client sent it; every value is checked by `AccountRules`."""

    username: str
    email: str
    phone: str | int
    password: str
    first_name: str | None = None
    last_name: str | None = None
    date_of_birth: date | None = None


@dataclass(frozen=True, slots=True)
class Session:
    """A user with a fresh login token."""

    user: User
    token: str


class AccountRules:
    """Passwords are 8–128 characters, at least 4 of them different and not all blank, not common and not the
    username; usernames, e-mails and phones are unique."""

    def __init__(
        self,
        users: UserRepository,
        common_passwords: CommonPasswords,
        hasher: PasswordHasher,
        clock: Clock,
        uow: UnitOfWork,
    ) -> None:
        self._users = users
        self._uow = uow
        self._common_passwords = common_passwords
        self._hasher = hasher
        self._clock = clock

    async def new_user(self, account: NewAccount) -> User:
        """A user not stored yet: every value checked, the unique ones free, the password hashed."""
        return await self.admit(self.parse_new_user(account), account.password)

    async def admit(self, user: User, password: str) -> User:
        """Makes sure a parsed user's unique values are free, then hashes the password into it."""
        await self.ensure_free(user.username, user.email, user.phone)
        await self._uow.rollback()  # nothing was written: the connection goes back while the hash runs
        user.password_hash = await self._hasher.hash(password)
        return user

    def check_password(self, password: str, username: str = "", email: str = "") -> None:
        if not PASSWORD_MIN_LENGTH <= len(password) <= PASSWORD_MAX_LENGTH:
            raise InvalidValueError(
                "password", f"Пароль должен быть от {PASSWORD_MIN_LENGTH} до {PASSWORD_MAX_LENGTH} символов"
            )
        if len(set(password)) < PASSWORD_MIN_DISTINCT or not password.strip():
            raise InvalidValueError(
                "password", f"В пароле должно быть не меньше {PASSWORD_MIN_DISTINCT} разных символов, не только пробелы"
            )
        lowered = password.strip().lower()
        if lowered in {username.lower(), email.lower(), email.partition("@")[0].lower()}:
            raise InvalidValueError("password", "Пароль не должен совпадать с именем пользователя или почтой")
        if self._common_passwords.contains(password):
            raise InvalidValueError("password", "Этот пароль слишком распространён, выберите другой")

    def parse_new_user(self, account: NewAccount) -> User:
        """A user made of checked values, with no password hash yet."""
        username = Username.parse(account.username)
        email = Email.parse(account.email)
        user = User(
            username=username,
            email=email,
            phone=Phone.parse(account.phone),
            password_hash="",
            first_name=person_name(account.first_name, "first_name"),
            last_name=person_name(account.last_name, "last_name"),
            date_of_birth=birth_date(account.date_of_birth, self._clock.now().date()),
        )
        self.check_password(account.password, str(username), str(email))
        return user

    async def ensure_free(
        self,
        username: Username | None,
        email: Email | None,
        phone: Phone | None,
        *,
        except_user_id: int = 0,
    ) -> None:
        taken = await self._users.find_taken(username, email, phone, except_user_id=except_user_id)
        raise_if_taken(taken)


def raise_if_taken(taken: TakenFields) -> None:
    if taken.username:
        raise UsernameTakenError
    if taken.email:
        raise EmailTakenError
    if taken.phone:
        raise PhoneTakenError
