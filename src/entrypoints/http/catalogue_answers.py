"""The public catalogue's answers, kept encoded in each worker while the catalogue stays as it was. A
write that changes the catalogue bumps its version (application.ports.CatalogueVersion) after it
commits, so that the next read anywhere answers from the database again: nobody reads an old price once
the new one is saved. A like bumps only its star's version: a route about one star (`keeps_answers`'s
`star`) keeps its answers under that star's version too, and lists show a new count of likes once their
answers age out.

What is kept is bounded, whatever clients ask: an answer is kept under its path and the query
parameters its route declares (`keeps_answers`), so that a request with any other parameter, or one
given twice, is answered afresh and never kept; only successful answers are kept; and the answers kept
together never take more than a budget of bytes, the least recently read going first."""

import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any

import msgspec
from litestar import MediaType, Request, Response

from application.ports import CatalogueVersion

# A safety net beside the version: an answer is never older than this, should a bump be lost (Redis
# away at the moment of a bump, or a worker killed between a commit and its bump).
MAX_AGE_SECONDS = 60.0
# What one worker keeps at most (the bodies and their headers), and the most one answer may take of it.
BUDGET_BYTES = 64 * 1024 * 1024
LARGEST_SHARE = 16
# What Python spends on an entry beyond its strings' bytes (its objects and the dict's slots; measured
# at about 700 bytes with tracemalloc), counted so that many small answers are bounded as well.
ENTRY_OVERHEAD_BYTES = 1024
# Longer numbers name no star (ids are bounded far below).
MAX_ID_DIGITS = 18
_KEPT_PARAMETERS = "kept_parameters"
_STAR_PARAMETER = "star_parameter"
_encoder = msgspec.json.Encoder()

AnyRequest = Request[Any, Any, Any]
Key = tuple[str, tuple[tuple[str, str], ...]]


def keeps_answers(*parameters: str, star: str | None = None) -> dict[str, Any]:
    """A route's `opt`: its answers may be kept, under these query parameters (every other one is not);
    `star` names the parameter that names the one star the answer is about, if it is about one."""
    return {_KEPT_PARAMETERS: frozenset(parameters), _STAR_PARAMETER: star}


@dataclass(frozen=True, slots=True)
class Kept:
    version: bytes
    body: bytes
    headers: dict[str, str]
    kept_at: float
    # What it takes of the budget: its bytes, its key's and what Python spends on an entry.
    size: int


class CatalogueAnswers:
    def __init__(
        self,
        version: CatalogueVersion,
        max_age: float = MAX_AGE_SECONDS,
        budget: int = BUDGET_BYTES,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._version = version
        self._max_age = max_age
        self._budget = budget
        self._clock = clock
        self._kept: OrderedDict[Key, Kept] = OrderedDict()
        self._size = 0

    @property
    def size(self) -> int:
        """What the answers kept take of the budget now."""
        return self._size

    def __len__(self) -> int:
        return len(self._kept)

    async def kept(self, request: AnyRequest) -> Response[bytes] | None:
        """The answer kept for this request while the catalogue is as it was; a stale one is dropped."""
        key = _key(request)
        if key is None or key not in self._kept:
            return None
        version = await self._version_of(request, key)
        return None if version is None else self._lookup(key, version)

    async def answer(self, request: AnyRequest, compute: Callable[[], Awaitable[Response[Any]]]) -> Response[Any]:
        """The kept answer to this request, or the one `compute` makes, kept if it may be. The version is
        read before the database is, so that an answer made from older rows is never kept under a newer
        version."""
        key = _key(request)
        if key is None:
            return await compute()
        version = await self._version_of(request, key)
        if version is None:  # nothing can be checked, so nothing is kept
            return await compute()
        kept = self._lookup(key, version)
        if kept is not None:
            return kept

        fresh = await compute()
        if fresh.status_code not in (None, 200):
            return fresh
        body = _encoder.encode(fresh.content)
        headers = {name: value for name, value in fresh.headers.items() if name.lower() != "content-length"}
        self._keep(key, Kept(version, body, headers, self._clock(), _size(key, body, headers)))
        return Response(body, media_type=MediaType.JSON, headers=headers)

    async def _version_of(self, request: AnyRequest, key: Key) -> bytes | None:
        """The catalogue's version, and the star's too when the route's answers are about one star (None
        when the request names no star as a number: the route refuses it, and nothing is kept)."""
        star_parameter: str | None = request.route_handler.opt.get(_STAR_PARAMETER)
        if star_parameter is None:
            return await self._version.current()
        star = dict(key[1]).get(star_parameter, "")
        if not (star.isascii() and star.isdigit() and len(star) <= MAX_ID_DIGITS):
            return None
        return await self._version.current(int(star))

    def _lookup(self, key: Key, version: bytes) -> Response[bytes] | None:
        """The answer kept under `key` if it is of `version` and young enough (no await here: what is
        looked up is what is answered)."""
        kept = self._kept.get(key)
        if kept is None:
            return None
        if self._clock() - kept.kept_at >= self._max_age or kept.version != version:
            self._drop(key)
            return None
        self._kept.move_to_end(key)
        return Response(kept.body, media_type=MediaType.JSON, headers=kept.headers)

    def _keep(self, key: Key, kept: Kept) -> None:
        if kept.size > self._budget // LARGEST_SHARE:
            return
        self._drop(key)
        self._kept[key] = kept
        self._size += kept.size
        while self._size > self._budget:
            _, oldest = self._kept.popitem(last=False)
            self._size -= oldest.size

    def _drop(self, key: Key) -> None:
        dropped = self._kept.pop(key, None)
        if dropped is not None:
            self._size -= dropped.size


def _size(key: Key, body: bytes, headers: dict[str, str]) -> int:
    path, parameters = key
    return (
        ENTRY_OVERHEAD_BYTES
        + len(body)
        + len(path)
        + sum(len(name) + len(value) for name, value in parameters)
        + sum(len(name) + len(value) for name, value in headers.items())
    )


def _key(request: AnyRequest) -> Key | None:
    """The request's path and its route's parameters, sorted; None when it may not be kept (the route
    keeps nothing, or the request has a parameter the route does not declare, or one given twice)."""
    declared: frozenset[str] | None = request.route_handler.opt.get(_KEPT_PARAMETERS)
    if declared is None:
        return None
    given: Iterable[tuple[str, str]] = request.query_params.multi_items()
    parameters = sorted(given)
    names = [name for name, _ in parameters]
    if len(set(names)) != len(names) or not declared.issuperset(names):
        return None
    return request.url.path, tuple(parameters)


async def kept_answer(request: AnyRequest) -> Response[bytes] | None:
    """A route's `before_request`: a kept answer goes out before anything else is made for the request
    (no database session, no use case), which is what makes it cheap."""
    answers: CatalogueAnswers = await request.state.dishka_container.get(CatalogueAnswers)
    return await answers.kept(request)


async def kept_answer_unless_token(request: AnyRequest) -> Response[bytes] | None:
    """As `kept_answer`, for a page that shows more to the right token: a request with one is made afresh."""
    if "authorization" in request.headers:
        return None
    return await kept_answer(request)
