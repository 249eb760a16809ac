from datetime import UTC, datetime

import sqlalchemy.exc
from advanced_alchemy.repository import SQLAlchemyAsyncRepository
from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.persistence.statements import changed_columns
from adapters.persistence.tables import UserRow
from application.ports import TakenFields
from domain.errors import ConflictError, EmailTakenError, PhoneTakenError, UsernameTakenError
from domain.user import User
from domain.values import Email, Phone, Username


class UserRowRepository(SQLAlchemyAsyncRepository[UserRow]):
    model_type = UserRow


class SqlaUserRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        # SQLAlchemy's own errors: advanced-alchemy would report a lost connection as an IntegrityError.
        self._rows = UserRowRepository(session=session, wrap_exceptions=False)
        # Column values as this request read them, by user id: `update` writes only what differs.
        self._loaded: dict[int, dict[str, object]] = {}

    async def get(self, user_id: int, *, for_update: bool = False) -> User | None:
        row = await self._session.get(UserRow, user_id, with_for_update=for_update, populate_existing=for_update)
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
