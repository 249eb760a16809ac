from application.identity import Caller
from application.ports import TokenIssuer, UserRepository
from domain.errors import AuthenticationError


class Authenticate:
    """Turns a bearer token into the acting user. A token outlives neither its expiry nor the next
    password reset (the user's token version), nor its account."""

    def __init__(self, tokens: TokenIssuer, users: UserRepository) -> None:
        self._tokens = tokens
        self._users = users

    async def execute(self, token: str) -> Caller:
        claims = self._tokens.read(token)
        user = await self._users.get(claims.user_id)
        if user is None or user.token_version != claims.token_version:
            raise AuthenticationError("Токен недействителен")
        return Caller(user)
