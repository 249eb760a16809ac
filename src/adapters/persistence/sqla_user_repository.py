import functools
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import sqlalchemy.exc
from advanced_alchemy.repository import SQLAlchemyAsyncRepository
from sqlalchemy import bindparam, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.persistence.driver_statements import DriverStatement, postgres_driver
from adapters.persistence.statements import changed_columns
from adapters.persistence.tables import UserRow
from application.ports import TakenFields
from domain.errors import ConflictError, EmailTakenError, PhoneTakenError, UsernameTakenError
from domain.user import User
from domain.values import Email, Phone, Username

_USER_BY_ID = select(*UserRow.__table__.columns).where(UserRow.id == bindparam("user_id"))
_USER_BY_ID_ON_DRIVER = DriverStatement.of(_USER_BY_ID)
_USER_BY_ID_FOR_UPDATE_ON_DRIVER = DriverStatement.of(_USER_BY_ID.with_for_update())


class UserRowRepository(SQLAlchemyAsyncRepository[UserRow]):
    model_type = UserRow


class SqlaUserRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        # Column values as this request read them, by user id: `update` writes only what differs.
        self._loaded: dict[int, dict[str, object]] = {}

    @functools.cached_property
    def _rows(self) -> UserRowRepository:
        """Made when first needed: it costs more to make than a small request's statements. SQLAlchemy's
        own errors, not advanced-alchemy's: it would report a lost connection as an IntegrityError."""
        return UserRowRepository(session=self._session, wrap_exceptions=False)

    async def get(self, user_id: int, *, for_update: bool = False) -> User | None:
        # Asked on every request with a token: on PostgreSQL straight through asyncpg (driver_statements).
        driver = await postgres_driver(self._session)
        if driver is not None:
            statement = _USER_BY_ID_FOR_UPDATE_ON_DRIVER if for_update else _USER_BY_ID_ON_DRIVER
            row: Mapping[Any, Any] | None = await driver.fetch_row(statement, user_id=user_id)
        else:
            query = _USER_BY_ID.with_for_update() if for_update else _USER_BY_ID
            row = (await self._session.execute(query, {"user_id": user_id})).mappings().first()
        return None if row is None else self._remember(to_user(row))

    async def find_by_login(self, login: str) -> User | None:
        if "@" in login:
            row = await self._rows.get_one_or_none(UserRow.email == login.lower())
        else:
            row = await self._rows.get_one_or_none(UserRow.username_key == Username(login).key)
        return None if row is None else self._remember(to_user(row))

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
        row = UserRow(**user_columns(user))
        # A savepoint, so that a unique value taken by a concurrent request becomes a 409, not a broken session.
        try:
            async with self._session.begin_nested():
                await self._rows.add(row, auto_refresh=False)
        except sqlalchemy.exc.IntegrityError as error:
            raise conflict_for(error) from error
        user.id = row.id
        return self._remember(user)

    async def update(self, user: User) -> None:
        """Writes only the columns this request changed, so that a concurrent change of other columns
        (a password reset ending every login, say) is never overwritten by this request's older copy."""
        columns = user_columns(user)
        changed = changed_columns(self._loaded.get(user.id, {}), columns)
        if not changed:
            return
        statement = update(UserRow).where(UserRow.id == user.id).values(**changed, updated_at=datetime.now(UTC))
        try:
            async with self._session.begin_nested():
                await self._session.execute(statement)
        except sqlalchemy.exc.IntegrityError as error:
            raise conflict_for(error) from error
        self._loaded[user.id] = columns

    def _remember(self, user: User) -> User:
        self._loaded[user.id] = user_columns(user)
        return user


def conflict_for(error: Exception) -> ConflictError:
    """The conflict named by the violated constraint (the driver's message, not the statement's text)."""
    cause: BaseException | None = error
    while cause is not None and not hasattr(cause, "orig"):
        cause = cause.__cause__
    message = str(getattr(cause, "orig", error)).lower()
    if "username" in message:
        return UsernameTakenError()
    if "email" in message:
        return EmailTakenError()
    if "phone" in message:
        return PhoneTakenError()
    raise error


def to_user(row: UserRow | Mapping[Any, Any]) -> User:
    """A user from a row model, or from a row's columns by name (SQLAlchemy's mappings, asyncpg's records)."""
    values: Mapping[Any, Any] = (
        {column.key: getattr(row, column.key) for column in UserRow.__table__.columns}
        if isinstance(row, UserRow)
        else row
    )
    return User(
        id=values["id"],
        username=Username(values["username"]),
        email=Email(values["email"]),
        phone=Phone(values["phone"]),
        password_hash=values["password_hash"],
        first_name=values["first_name"],
        last_name=values["last_name"],
        date_of_birth=values["date_of_birth"],
        avatar=values["avatar"],
        is_star=values["is_star"],
        is_admin=values["is_admin"],
        token_version=values["token_version"],
    )


def user_columns(user: User) -> dict[str, object]:
    return {
        "username": str(user.username),
        "username_key": user.username.key,
        "email": str(user.email),
        "phone": str(user.phone),
        "password_hash": user.password_hash,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "search_text": " ".join(part for part in (str(user.username), user.first_name, user.last_name) if part).lower(),
        "date_of_birth": user.date_of_birth,
        "avatar": user.avatar,
        "is_star": user.is_star,
        "is_admin": user.is_admin,
        "token_version": user.token_version,
    }
