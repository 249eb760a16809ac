"""The catalogue's kept answers across workers: two app instances over one database (as two workers are)
keep answers, and a change made through either is seen by the next read through the other, whether the
catalogue's version lives in shared memory (one machine) or in Redis (several); and a Redis that is away
or hangs costs the catalogue its kept answers, not its answers."""

import asyncio
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.cache.mmap_catalogue_version import CATALOGUE_VERSION_FILE, MmapCatalogueVersion
from adapters.cache.redis_catalogue_version import AWAY_SECONDS, TIMEOUT_SECONDS, RedisCatalogueVersion
from application.ports import CatalogueVersion
from entrypoints.http.app import create_app
from entrypoints.settings import Settings
from tests.integration.conftest import FastHashing
from tests.integration.http_helpers import Client, bearer, create_star, register
from tests.integration.test_rate_limits import REDIS_URL


@pytest.fixture(params=["shared memory", "redis"])
async def two_workers(
    request: pytest.FixtureRequest, settings: Settings, engine: AsyncEngine
) -> AsyncIterator[tuple[Client, Client]]:
    shared = settings
    if request.param == "redis":
        shared = settings.model_copy(update={"redis_url": REDIS_URL, "redis_prefix": f"test-{uuid.uuid4().hex}"})
    async with (
        AsyncTestClient(create_app(shared, overrides=[FastHashing()])) as first,
        AsyncTestClient(create_app(shared, overrides=[FastHashing()])) as second,
    ):
        yield first, second


def price_of(answer: Any, star_id: int) -> str:
    return str(next(star["price"] for star in answer.json() if star["id"] == star_id))


async def test_a_new_price_is_read_everywhere_at_once(
    two_workers: tuple[Client, Client], category_ids: list[int]
) -> None:
    reader, writer = two_workers
    star = await create_star(reader, "zemfira", category_ids[0], price="15000.00")
    first_page = await reader.get("/api/star/getlist/?limit=20")
    first_card = await reader.get("/api/star/id/", params={"id": star["id"]})
    category = await reader.get("/api/star/category/", params={"id": category_ids[0]})

    changed = await writer.put("/api/personal/", json={"price": "17000.00"}, headers=bearer(star["token"]))
    second_page = await reader.get("/api/star/getlist/?limit=20")
    second_card = await reader.get("/api/star/id/", params={"id": star["id"]})
    second_category = await reader.get("/api/star/category/", params={"id": category_ids[0]})

    assert changed.status_code == 200
    assert (price_of(first_page, star["id"]), first_card.json()["price"]) == ("15000.00", "15000.00")
    assert price_of(category, star["id"]) == "15000.00"
    assert (price_of(second_page, star["id"]), second_card.json()["price"]) == ("17000.00", "17000.00")
    assert price_of(second_category, star["id"]) == "17000.00"


async def test_a_like_is_counted_in_the_next_read_everywhere(
    two_workers: tuple[Client, Client], category_ids: list[int]
) -> None:
    reader, writer = two_workers
    star = await create_star(reader, "zemfira", category_ids[0])
    fan = await register(reader, "masha")
    before = await reader.get("/api/star/id/", params={"id": star["id"]})

    await writer.post("/api/star/like/", json={"star_id": star["id"]}, headers=bearer(fan["token"]))
    after = await reader.get("/api/star/id/", params={"id": star["id"]})

    assert (before.json()["likes"], after.json()["likes"]) == (0, 1)


async def test_a_kept_answer_is_the_same_answer_and_a_star_still_sees_its_own_contacts(
    two_workers: tuple[Client, Client], category_ids: list[int]
) -> None:
    reader, _ = two_workers
    star = await create_star(reader, "zemfira", category_ids[0])
    made = await reader.get("/api/star/getlist/?limit=20")
    kept = await reader.get("/api/star/getlist/?limit=20")
    anonymous = await reader.get("/api/star/id/", params={"id": star["id"]})
    own = await reader.get("/api/star/id/", params={"id": star["id"]}, headers=bearer(star["token"]))
    anonymous_again = await reader.get("/api/star/id/", params={"id": star["id"]})

    assert (kept.content, kept.headers["x-total-count"]) == (made.content, made.headers["x-total-count"])
    assert kept.headers["content-type"].startswith("application/json")
    assert (anonymous.json()["email"], own.json()["email"]) == (None, "zemfira@example.com")
    assert anonymous_again.json()["email"] is None


@pytest.fixture
async def silent_redis() -> AsyncIterator[str]:
    """A server that takes connections and never answers, as a Redis that hangs does."""
    held: list[asyncio.StreamWriter] = []

    async def hold(_: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)

    server = await asyncio.start_server(hold, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        yield f"redis://127.0.0.1:{port}/0"
        for writer in held:
            writer.close()


@pytest.mark.parametrize("reachable", [False, True], ids=["refused", "silent"])
async def test_a_version_redis_cannot_give_in_time_is_unknown_and_redis_is_left_alone_for_a_while(
    silent_redis: str, reachable: bool
) -> None:
    clock = FakeClock(time.monotonic())
    url = silent_redis if reachable else "redis://127.0.0.1:1/0"
    version = RedisCatalogueVersion(url, f"test-{uuid.uuid4().hex}", clock=clock)
    try:
        async with asyncio.timeout(10 * TIMEOUT_SECONDS):  # a failure, not a hang, should it wait for ever
            first = await version.current()
            started = time.monotonic()
            second = await version.current()
            await version.bump()
            meanwhile = time.monotonic() - started
            clock.now += AWAY_SECONDS
            started = time.monotonic()
            asked_again = await version.current()
            again = time.monotonic() - started
    finally:
        version.close()

    assert (first, second, asked_again) == (None, None, None)
    assert meanwhile < TIMEOUT_SECONDS / 10  # neither waited for Redis
    assert again < 2 * TIMEOUT_SECONDS


@dataclass
class FakeClock:
    now: float

    def __call__(self) -> float:
        return self.now


@pytest.fixture(params=["mmap", "redis"])
async def version(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[CatalogueVersion]:
    """The catalogue's version in each of its stores, the way the workers share it."""
    store: MmapCatalogueVersion | RedisCatalogueVersion = (
        MmapCatalogueVersion(tmp_path / CATALOGUE_VERSION_FILE)
        if request.param == "mmap"
        else RedisCatalogueVersion(REDIS_URL, f"test-{uuid.uuid4().hex}")
    )
    yield store
    store.close()


async def test_a_like_changes_its_stars_version_only_and_a_change_changes_every_version(
    version: CatalogueVersion,
) -> None:
    before = [await version.current(), await version.current(1), await version.current(2)]
    await version.bump_star(1)
    after_like = [await version.current(), await version.current(1), await version.current(2)]
    await version.bump()
    after_change = [await version.current(), await version.current(1), await version.current(2)]

    assert [a == b for a, b in zip(before, after_like, strict=True)] == [True, False, True]
    assert [a == b for a, b in zip(after_like, after_change, strict=True)] == [False, False, False]


async def test_the_catalogue_answers_from_the_database_while_redis_is_away(
    settings: Settings, engine: AsyncEngine, category_ids: list[int]
) -> None:
    away = settings.model_copy(update={"redis_url": "redis://127.0.0.1:1/0"})
    async with AsyncTestClient(create_app(away, overrides=[FastHashing()])) as client:
        star = await create_star(client, "zemfira", category_ids[0], price="15000.00")
        before = await client.get("/api/star/id/", params={"id": star["id"]})
        changed = await client.put("/api/personal/", json={"price": "17000.00"}, headers=bearer(star["token"]))
        after = await client.get("/api/star/id/", params={"id": star["id"]})

    assert (before.status_code, changed.status_code, after.status_code) == (200, 200, 200)
    assert (before.json()["price"], after.json()["price"]) == ("15000.00", "17000.00")
