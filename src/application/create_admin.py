import logging

from application.accounts import AccountRules, NewAccount
from application.ports import UnitOfWork, UserRepository
from domain.user import User

logger = logging.getLogger(__name__)


class CreateAdmin:
    """Opens an operator account, under the same rules as any account."""

    def __init__(self, users: UserRepository, rules: AccountRules, uow: UnitOfWork) -> None:
        self._users = users
        self._rules = rules
        self._uow = uow

    async def execute(self, account: NewAccount) -> User:
        user = await self._rules.new_user(account)
        user.is_admin = True
        await self._uow.begin_write()
        user = await self._users.add(user)
        await self._uow.commit()

        logger.info("admin %s created (id %s)", user.username, user.id)
        return user
