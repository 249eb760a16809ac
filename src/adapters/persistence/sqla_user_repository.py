import logging

from advanced_alchemy.exceptions import IntegrityError
from advanced_alchemy.repository import SQLAlchemyAsyncRepository
from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.persistence.tables import UserRow
from application.ports import TakenFields
from domain.errors import ConflictError, EmailTakenError, PhoneTakenError, UsernameTakenError
from domain.user import User
from domain.values import Email, Phone, Username

logger = logging.getLogger(__name__)


class UserRowRepository(SQLAlchemyAsyncRepository[UserRow]):
    model_type = UserRow


class SqlaUserRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._rows = UserRowRepository(session=session)

    async def get(self, user_id: int) -> User | None:
        row = await self._session.get(UserRow, user_id)
        return None if row is None else to_user(row)

    async def find_by_login(self, login: str) -> User | None:
        if "@" in login:
            row = await self._rows.get_one_or_none(UserRow.email == login.lower())
        else:
            row = await self._rows.get_one_or_none(UserRow.username_key == login.casefold())
        return None if row is None else to_user(row)

    async def find_taken(
        self, username: Username | None, email: Email | None, phone: Phone | None, *, except_user_id: int = 0
    ) -> TakenFields:
        conditions = []
        if username is not None:
            conditions.append(UserRow.username_key == username.key)
        if email is not None:
            conditions.append(UserRow.email == str(email))
        if phone is not None:
            conditions.append(UserRow.phone == str(phone))
        if not conditions:
            return TakenFields()

        statement = select(UserRow.username_key, UserRow.email, UserRow.phone).where(
            or_(*conditions), UserRow.id != except_user_id
        )
        rows = (await self._session.execute(statement)).all()
        return TakenFields(
            username=username is not None and any(row.username_key == username.key for row in rows),
            email=email is not None and any(row.email == str(email) for row in rows),
            phone=phone is not None and any(row.phone == str(phone) for row in rows),
        )

    async def add(self, user: User) -> User:
        row = UserRow()
        copy_to_row(user, row)
        # A savepoint, so that a unique value taken by a concurrent request becomes a 409, not a broken session.
        try:
            async with self._session.begin_nested():
                await self._rows.add(row, auto_refresh=False)
        except IntegrityError as error:
            raise conflict_for(error) from error
        user.id = row.id
        return user

    async def update(self, user: User) -> None:
        row = await self._session.get(UserRow, user.id)
        if row is None:
            raise ConflictError("Пользователь удалён")
        copy_to_row(user, row)
        try:
            async with self._session.begin_nested():
                await self._rows.update(row, auto_refresh=False)
        except IntegrityError as error:
            raise conflict_for(error) from error


def conflict_for(error: IntegrityError) -> ConflictError:
    """The conflict named by the violated constraint (the driver's message, not the statement's text)."""
    cause = error.__cause__
    lowered = str(getattr(cause, "orig", cause)).lower()
    if "username" in lowered:
        return UsernameTakenError()
    if "email" in lowered:
        return EmailTakenError()
    if "phone" in lowered:
        return PhoneTakenError()
    logger.error("unexpected integrity error on user_account: %s", lowered)
    return ConflictError("Конфликт данных")


def to_user(row: UserRow) -> User:
    return User(
        id=row.id,
        username=Username(row.username),
        email=Email(row.email),
        phone=Phone(row.phone),
        password_hash=row.password_hash,
        first_name=row.first_name,
        last_name=row.last_name,
        date_of_birth=row.date_of_birth,
        avatar=row.avatar,
        is_star=row.is_star,
        is_admin=row.is_admin,
        token_version=row.token_version,
    )


def copy_to_row(user: User, row: UserRow) -> None:
    row.username = str(user.username)
    row.username_key = user.username.key
    row.email = str(user.email)
    row.phone = str(user.phone)
    row.password_hash = user.password_hash
    row.first_name = user.first_name
    row.last_name = user.last_name
    row.search_text = " ".join(part for part in (str(user.username), user.first_name, user.last_name) if part).lower()
    row.date_of_birth = user.date_of_birth
    row.avatar = user.avatar
    row.is_star = user.is_star
    row.is_admin = user.is_admin
    row.token_version = user.token_version
