"""Bearer tokens to callers. The acting user always comes from here, never from a request body."""

from dataclasses import dataclass
from typing import Any

from dishka import AsyncContainer, Provider, Scope, provide
from litestar import Request
from litestar.connection import ASGIConnection
from litestar.datastructures import CacheControlHeader
from litestar.handlers import BaseRouteHandler

from application.authenticate import Authenticate
from application.identity import Caller
from domain.errors import AuthenticationError, NotAStarError

BEARER_SECURITY: list[dict[str, list[str]]] = [{"BearerToken": []}]
# An answer that hands out a token is never kept by a cache (a request with one is not either: see
# security_headers).
TOKEN_ANSWER = CacheControlHeader(no_store=True)
# A public page that shows more to the right token: anonymous or with a token.
OPTIONAL_BEARER: list[dict[str, list[str]]] = [{}, {"BearerToken": []}]


@dataclass(frozen=True, slots=True)
class Viewer:
    """Whoever reads a public page: a caller when a valid token came with the request, else nobody."""

    caller: Caller | None


def bearer_token(request: Request[Any, Any, Any]) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


async def require_caller(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    """A guard: the token is checked before the body is read, so that a request without a valid token
    gets 401 whatever it carries. The caller it resolves is the one the handler receives."""
    container: AsyncContainer = connection.state.dishka_container
    await container.get(Caller)


async def require_star(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    """A guard for the stars' routes: a customer is refused before a (large) body is read."""
    container: AsyncContainer = connection.state.dishka_container
    caller = await container.get(Caller)
    if not caller.user.is_star:
        raise NotAStarError


class AuthProvider(Provider):
    scope = Scope.REQUEST

    @provide
    async def caller(
        self,
        request: Request,  # type: ignore[type-arg]  # dishka keys it by the bare class
        authenticate: Authenticate,
    ) -> Caller:
        token = bearer_token(request)
        if token is None:
            raise AuthenticationError("Требуется авторизация: заголовок Authorization: Bearer <token>")
        return await authenticate.execute(token)

    @provide
    async def viewer(
        self,
        request: Request,  # type: ignore[type-arg]  # dishka keys it by the bare class
        authenticate: Authenticate,
    ) -> Viewer:
        # A stale token on a public page shows the public page rather than an error.
        token = bearer_token(request)
        if token is None:
            return Viewer(None)
        try:
            return Viewer(await authenticate.execute(token))
        except AuthenticationError:
            return Viewer(None)
