"""The public catalogue's answers, kept encoded in each worker while the catalogue stays as it was. A
write that changes the catalogue bumps its version (application.ports.CatalogueVersion) after it
commits, so that the next read anywhere answers from the database again: nobody reads an old price once
the new one is saved."""

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import msgspec
from litestar import MediaType, Request, Response

from application.ports import CatalogueVersion

# A safety net beside a version kept in Redis: an answer is never older than this (a bump lost while
# Redis was away). A version in shared memory cannot lose a bump: answers keep while it holds.
REDIS_MAX_AGE_SECONDS = 60.0
CAPACITY = 20_000
_encoder = msgspec.json.Encoder()


@dataclass(frozen=True, slots=True)
class Kept:
    version: bytes
    body: bytes
    headers: dict[str, str]
    kept_at: float


class CatalogueAnswers:
    def __init__(self, version: CatalogueVersion, max_age: float = float("inf"), capacity: int = CAPACITY) -> None:
        self._version = version
        self._max_age = max_age
        self._capacity = capacity
        self._kept: dict[tuple[str, bytes], Kept] = {}

    async def kept(self, request: Request[Any, Any, Any]) -> Response[bytes] | None:
        """The answer kept for this request (its path and query) while the catalogue is as it was."""
        kept = self._kept.get(_key(request))
        if kept is None or time.monotonic() - kept.kept_at >= self._max_age:
            return None
        if kept.version != await self._version.current():
            return None
        return Response(kept.body, media_type=MediaType.JSON, headers=kept.headers)

    async def answer(
        self, request: Request[Any, Any, Any], compute: Callable[[], Awaitable[Response[Any]]]
    ) -> Response[Any]:
        """The kept answer to this request, or the one `compute` makes, kept. The version is read before
        the database is, so that an answer made from older rows is never kept under a newer version."""
        version = await self._version.current()
        kept = await self.kept(request)
        if kept is not None:
            return kept

        fresh = await compute()
        body = _encoder.encode(fresh.content)
        headers = {name: value for name, value in fresh.headers.items() if name.lower() != "content-length"}
        if len(self._kept) >= self._capacity:
            self._kept.pop(next(iter(self._kept)))
        self._kept[_key(request)] = Kept(version, body, headers, time.monotonic())
        return Response(body, media_type=MediaType.JSON, headers=headers)


def _key(request: Request[Any, Any, Any]) -> tuple[str, bytes]:
    return request.url.path, request.scope.get("query_string", b"")


async def kept_answer(request: Request[Any, Any, Any]) -> Response[bytes] | None:
    """A route's `before_request`: a kept answer goes out before anything else is made for the request
    (no database session, no use case), which is what makes it cheap."""
    answers: CatalogueAnswers = await request.state.dishka_container.get(CatalogueAnswers)
    return await answers.kept(request)


async def kept_answer_unless_token(request: Request[Any, Any, Any]) -> Response[bytes] | None:
    """As `kept_answer`, for a page that shows more to the right token: a request with one is made afresh."""
    if "authorization" in request.headers:
        return None
    return await kept_answer(request)
