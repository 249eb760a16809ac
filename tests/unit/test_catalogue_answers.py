"""What the catalogue's answers keep, and for how long: one answer per request its route declares (the
parameters in any order), never one with another parameter or a repeated one, only successes, within a
byte budget that the least recently read leave first, and nothing once the version moved or it aged."""

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Annotated, Any, cast
from urllib.parse import parse_qsl

import pytest
from litestar import Litestar, Request, Response, get
from litestar.datastructures import MultiDict
from litestar.exceptions import NotFoundException
from litestar.params import QueryParameter
from litestar.testing import AsyncTestClient

from entrypoints.http.catalogue_answers import ENTRY_OVERHEAD_BYTES, LARGEST_SHARE, CatalogueAnswers, keeps_answers

AnyRequest = Request[Any, Any, Any]


class FakeVersion:
    """A version that may be told to keep the next reader waiting (as a slow Redis does), or be unknown
    (None, as while Redis is away)."""

    def __init__(self) -> None:
        self.value: bytes | None = b"1"
        self.stars: dict[int, int] = {}
        self.held: asyncio.Event | None = None
        self.waiting = asyncio.Event()

    async def current(self, star_id: int | None = None) -> bytes | None:
        held, self.held = self.held, None
        if held is not None:
            self.waiting.set()
            await held.wait()
        if self.value is None or star_id is None:
            return self.value
        return self.value + f":{self.stars.get(star_id, 0)}".encode()

    async def bump(self) -> None:
        self.value = str(int(self.value or b"0") + 1).encode()

    async def bump_star(self, star_id: int) -> None:
        self.stars[star_id] = self.stars.get(star_id, 0) + 1


@dataclass
class FakeClock:
    now: float = 0.0

    def __call__(self) -> float:
        return self.now


@dataclass
class FakeCatalogue:
    """A catalogue-like app whose answers count how often they were made."""

    version: FakeVersion = field(default_factory=FakeVersion)
    clock: FakeClock = field(default_factory=FakeClock)
    budget: int = 1_000_000
    made: int = 0
    answers: CatalogueAnswers = field(init=False)

    def __post_init__(self) -> None:
        self.answers = CatalogueAnswers(self.version, max_age=60, budget=self.budget, clock=self.clock)

    def app(self) -> Litestar:
        async def before(request: AnyRequest) -> Response[bytes] | None:
            return await self.answers.kept(request)

        @get("/page/", before_request=before, opt=keeps_answers("limit", "q"))
        async def page(
            request: AnyRequest, limit: Annotated[int, QueryParameter()] = 20, q: Annotated[str, QueryParameter()] = ""
        ) -> Response[dict[str, Any]]:
            async def make() -> Response[dict[str, Any]]:
                self.made += 1
                return Response({"made": self.made, "q": q, "limit": limit}, headers={"X-Total-Count": "7"})

            return await self.answers.answer(request, make)

        @get("/star/", before_request=before, opt=keeps_answers("id", star="id"))
        async def star(request: AnyRequest, star_id: Annotated[int, QueryParameter(name="id")]) -> Response[Any]:
            async def make() -> Response[Any]:
                self.made += 1
                return Response({"made": self.made, "id": star_id})

            return await self.answers.answer(request, make)

        @get("/missing/", before_request=before, opt=keeps_answers())
        async def missing(request: AnyRequest) -> Response[Any]:
            async def make() -> Response[Any]:
                self.made += 1
                raise NotFoundException("no such star")

            return await self.answers.answer(request, make)

        @get("/accepted/", before_request=before, opt=keeps_answers())
        async def accepted(request: AnyRequest) -> Response[Any]:
            async def make() -> Response[Any]:
                self.made += 1
                return Response({"made": self.made}, status_code=202)

            return await self.answers.answer(request, make)

        @get("/unmarked/")
        async def unmarked(request: AnyRequest) -> Response[Any]:
            async def make() -> Response[Any]:
                self.made += 1
                return Response({"made": self.made})

            return await self.answers.answer(request, make)

        return Litestar([page, star, missing, accepted, unmarked])


@pytest.fixture
def catalogue() -> FakeCatalogue:
    return FakeCatalogue()


@pytest.fixture
async def client(catalogue: FakeCatalogue) -> AsyncIterator[AsyncTestClient[Litestar]]:
    async with AsyncTestClient(catalogue.app()) as client:
        yield client


async def test_an_answer_is_kept_whole_and_its_parameters_in_any_order_are_one_answer(
    catalogue: FakeCatalogue, client: AsyncTestClient[Litestar]
) -> None:
    made = await client.get("/page/?limit=5&q=a")
    kept = await client.get("/page/?q=a&limit=5")

    assert catalogue.made == 1
    assert (kept.content, kept.headers["x-total-count"]) == (made.content, "7")
    assert kept.headers["content-type"].startswith("application/json")
    assert len(catalogue.answers) == 1


@pytest.mark.parametrize("query", ["?limit=5&other=1", "?limit=5&limit=6", "?q=a&q=a"])
async def test_a_request_with_an_undeclared_or_repeated_parameter_is_answered_afresh_and_not_kept(
    catalogue: FakeCatalogue, client: AsyncTestClient[Litestar], query: str
) -> None:
    first = await client.get(f"/page/{query}")
    second = await client.get(f"/page/{query}")

    assert (first.status_code, second.status_code) == (200, 200)
    assert catalogue.made == 2
    assert len(catalogue.answers) == 0


async def test_a_route_that_does_not_declare_its_answers_keeps_none(
    catalogue: FakeCatalogue, client: AsyncTestClient[Litestar]
) -> None:
    await client.get("/unmarked/")
    await client.get("/unmarked/")

    assert (catalogue.made, len(catalogue.answers)) == (2, 0)


@pytest.mark.parametrize(("path", "status"), [("/missing/", 404), ("/accepted/", 202)])
async def test_only_a_success_is_kept(
    catalogue: FakeCatalogue, client: AsyncTestClient[Litestar], path: str, status: int
) -> None:
    first = await client.get(path)
    second = await client.get(path)

    assert (first.status_code, second.status_code) == (status, status)
    assert (catalogue.made, len(catalogue.answers)) == (2, 0)


async def test_an_answer_from_before_a_bump_is_made_afresh_and_replaces_the_stale_one(
    catalogue: FakeCatalogue, client: AsyncTestClient[Litestar]
) -> None:
    await client.get("/page/")
    one_answer = catalogue.answers.size
    await catalogue.version.bump()
    after = await client.get("/page/")
    again = await client.get("/page/")

    assert (after.json()["made"], again.json()["made"]) == (2, 2)
    assert (len(catalogue.answers), catalogue.answers.size) == (1, one_answer)


async def test_a_like_makes_its_stars_page_afresh_and_leaves_other_stars_and_the_lists_kept(
    catalogue: FakeCatalogue, client: AsyncTestClient[Litestar]
) -> None:
    for path in ("/star/?id=1", "/star/?id=2", "/page/"):
        await client.get(path)
    await catalogue.version.bump_star(1)

    liked, other, listed = [
        (await client.get(path)).json()["made"] for path in ("/star/?id=1", "/star/?id=2", "/page/")
    ]

    assert (liked, other, listed) == (4, 2, 3)


async def test_a_change_to_the_catalogue_makes_every_page_afresh_stars_included(
    catalogue: FakeCatalogue, client: AsyncTestClient[Litestar]
) -> None:
    for path in ("/star/?id=1", "/page/"):
        await client.get(path)
    await catalogue.version.bump()

    again = [(await client.get(path)).json()["made"] for path in ("/star/?id=1", "/page/")]

    assert again == [3, 4]


@pytest.mark.parametrize("query", ["id=x", "id=-1", "id=" + "9" * 19])
async def test_a_star_page_asked_for_with_no_number_keeps_nothing(
    catalogue: FakeCatalogue, client: AsyncTestClient[Litestar], query: str
) -> None:
    await client.get(f"/star/?{query}")

    assert len(catalogue.answers) == 0


async def test_while_the_version_is_unknown_every_answer_is_made_afresh_and_none_is_kept_or_served(
    catalogue: FakeCatalogue, client: AsyncTestClient[Litestar]
) -> None:
    await client.get("/page/")
    catalogue.version.value = None
    unknown = [await client.get("/page/"), await client.get("/page/?q=new")]
    catalogue.version.value = b"1"
    known_again = await client.get("/page/")

    assert [answer.json()["made"] for answer in unknown] == [2, 3]
    assert known_again.json()["made"] == 1  # the answer kept before, of the same version
    assert len(catalogue.answers) == 1


async def test_an_answer_is_made_afresh_once_it_is_a_minute_old(
    catalogue: FakeCatalogue, client: AsyncTestClient[Litestar]
) -> None:
    await client.get("/page/")
    catalogue.clock.now = 59.9
    young = await client.get("/page/")
    catalogue.clock.now = 60.0
    old = await client.get("/page/")

    assert (young.json()["made"], old.json()["made"]) == (1, 2)


async def test_the_answers_kept_stay_within_the_budget_and_the_least_recently_read_go_first() -> None:
    catalogue = FakeCatalogue(budget=20 * (ENTRY_OVERHEAD_BYTES + 100))
    async with AsyncTestClient(catalogue.app()) as client:
        await client.get("/page/?q=popular")
        for n in range(200):
            await client.get(f"/page/?q=random-{n}")
            await client.get("/page/?q=popular")  # read again and again: never the oldest
        before = catalogue.made
        popular = await client.get("/page/?q=popular")
        first_random = await client.get("/page/?q=random-0")

    assert 0 < catalogue.answers.size <= 20 * (ENTRY_OVERHEAD_BYTES + 100)
    assert 1 < len(catalogue.answers) < 200
    assert popular.json()["made"] == 1
    assert first_random.json()["made"] == before + 1


async def test_an_answer_too_large_for_its_share_of_the_budget_is_not_kept() -> None:
    catalogue = FakeCatalogue(budget=LARGEST_SHARE * (ENTRY_OVERHEAD_BYTES + 300))
    async with AsyncTestClient(catalogue.app()) as client:
        await client.get("/page/?q=" + "x" * 400)
        await client.get("/page/?q=short")

    assert len(catalogue.answers) == 1


@dataclass
class StubRequest:
    """What the answers read of a request: its path, its query and its route's `opt`."""

    path: str
    query: str = ""
    opt: dict[str, Any] = field(default_factory=lambda: keeps_answers("q"))

    @property
    def route_handler(self) -> SimpleNamespace:
        return SimpleNamespace(opt=self.opt)

    @property
    def query_params(self) -> MultiDict[str]:
        return MultiDict(parse_qsl(self.query))

    @property
    def url(self) -> SimpleNamespace:
        return SimpleNamespace(path=self.path)


async def test_an_answer_dropped_while_its_reader_waits_for_the_version_is_not_answered() -> None:
    version = FakeVersion()
    answers = CatalogueAnswers(version, budget=LARGEST_SHARE * (ENTRY_OVERHEAD_BYTES + 100))
    a = cast(AnyRequest, StubRequest("/page/", "q=a"))

    async def made() -> Response[Any]:
        return Response({"made": True})

    await answers.answer(a, made)
    version.held = held = asyncio.Event()
    reading = asyncio.create_task(answers.kept(a))
    async with asyncio.timeout(5):  # a failure, not a hang, should the reader not ask for the version
        await version.waiting.wait()
    for n in range(2 * LARGEST_SHARE):  # more answers than the budget holds: the one to `a` goes first
        await answers.answer(cast(AnyRequest, StubRequest("/page/", f"q=b{n}")), made)
    held.set()

    assert await reading is None
    assert 0 < len(answers) <= LARGEST_SHARE + 1
