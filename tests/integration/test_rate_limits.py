"""Rate limits: the `limits` adapter in memory and in a real Redis (two app instances, one limit), and the
client address behind trusted proxies."""

import asyncio
import gc
import logging
import os
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from coredis import Redis
from litestar import Litestar
from litestar.connection import ASGIConnection
from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.rate_limits.limits_rate_limiter import LimitsRateLimiter
from application.ports import Rate
from entrypoints.http.app import create_app
from entrypoints.http.clients import client_address
from entrypoints.settings import Settings
from tests.integration.conftest import FastHashing
from tests.integration.http_helpers import (
    PASSWORD,
    assert_error,
    bearer,
    create_star,
    register,
    registration,
    star_registration,
)

# Database 15 of the local Redis: the tests leave only counters that expire within minutes.
REDIS_URL = os.environ.get("MYSTAR_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
TWICE = Rate(2, timedelta(minutes=1))


def unique(key: str) -> str:
    """Redis keeps counters between runs: every test counts under keys of its own."""
    return f"{key}:{uuid.uuid4()}"


@pytest.fixture
def limiters() -> Iterator[Callable[..., LimitsRateLimiter]]:
    """Makes limiters, and closes them after the test."""
    made: list[LimitsRateLimiter] = []

    def make(redis_url: str, namespace: str = "mystar") -> LimitsRateLimiter:
        made.append(LimitsRateLimiter(redis_url, namespace))
        return made[-1]

    yield make
    for limiter in made:
        limiter.close()


@pytest.mark.parametrize("redis_url", ["", REDIS_URL], ids=["memory", "redis"])
async def test_a_limit_lets_its_count_through_then_says_how_long_to_wait(
    redis_url: str, limiters: Callable[..., LimitsRateLimiter]
) -> None:
    limiter = limiters(redis_url)
    key = unique("test:ivan")

    allowed = [await limiter.hit(TWICE, key), await limiter.hit(TWICE, key)]
    refused = await limiter.hit(TWICE, key)

    assert allowed == [None, None]
    assert refused is not None
    assert timedelta(seconds=50) < refused <= TWICE.period  # the window opened with the first hit
    assert await limiter.hit(TWICE, key) is not None
    assert await limiter.hit(TWICE, unique("test:olga")) is None


async def test_workers_sharing_redis_share_the_limit_and_redis_never_sees_the_key(
    limiters: Callable[..., LimitsRateLimiter],
) -> None:
    first, second = limiters(REDIS_URL), limiters(REDIS_URL)
    key = unique("reset-request-address:ivan@example.com")

    assert await first.hit(TWICE, key) is None
    assert await second.hit(TWICE, key) is None
    assert await first.hit(TWICE, key) is not None
    assert await second.hit(TWICE, key) is not None

    redis = Redis.from_url(REDIS_URL)
    try:
        stored = [name async for name in redis.scan_iter(match="*")]
    finally:
        redis.connection_pool.disconnect()
    assert stored
    assert not any(b"ivan" in name or b"example" in name for name in stored)


async def test_forgetting_counts_in_memory_while_they_expire_breaks_nothing(
    limiters: Callable[..., LimitsRateLimiter],
) -> None:
    # limits' own memory storage removed a forgotten key under its expiry task's feet (a KeyError there).
    limiter = limiters("")
    faults: list[dict[str, Any]] = []
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(lambda _, context: faults.append(context))
    many = Rate(10**8, timedelta(minutes=1))
    try:
        for n in range(3000):
            await limiter.hit(many, f"test:{n % 200}")
            if n % 2 == 0:
                await limiter.forget(many, f"test:{(n * 7) % 200}")
            await asyncio.sleep(0)
        await asyncio.sleep(0.5)
        gc.collect()
    finally:
        loop.set_exception_handler(None)

    assert faults == []


async def test_deployments_with_their_own_namespaces_on_one_redis_count_apart(
    limiters: Callable[..., LimitsRateLimiter],
) -> None:
    staging, production = limiters(REDIS_URL, f"staging-{uuid.uuid4().hex}"), limiters(REDIS_URL, "production-x")
    key = unique("login-name:ivan")

    await staging.hit(TWICE, key)
    await staging.hit(TWICE, key)

    assert await staging.hit(TWICE, key) is not None
    assert await production.hit(TWICE, key) is None


async def test_without_redis_the_limit_is_not_applied_and_the_fault_is_logged_once_a_minute(
    caplog: pytest.LogCaptureFixture, limiters: Callable[..., LimitsRateLimiter]
) -> None:
    limiter = limiters("redis://127.0.0.1:1/0")

    with caplog.at_level(logging.ERROR):
        answers = [await limiter.hit(TWICE, "test:ivan") for _ in range(3)]

    assert answers == [None, None, None]
    faults = [record for record in caplog.records if "rate limits not applied" in record.getMessage()]
    assert len(faults) == 1
    assert faults[0].exc_info is not None


@pytest.fixture
async def two_instances(
    database_url: str, engine: AsyncEngine, tmp_path: Path, settings: Settings
) -> AsyncIterator[list[AsyncTestClient[Litestar]]]:
    """Two apps on one database and one Redis, as two workers are; the limits are one reset request a
    minute per address and two failed logins per login name. The apps count under a namespace of this
    test's own, so that counters of an earlier run (or of another deployment on this Redis) do not count."""
    shared = settings.model_copy(
        update={
            "redis_url": REDIS_URL,
            "redis_prefix": f"test-{uuid.uuid4().hex[:12]}",
            "rate_reset_per_address": "1/minute",
            "rate_login_failures_per_account": "2/15 minutes",
        }
    )
    async with (
        AsyncTestClient(create_app(shared, overrides=[FastHashing()])) as first,
        AsyncTestClient(create_app(shared, overrides=[FastHashing()])) as second,
    ):
        yield [first, second]


async def test_two_app_instances_on_one_redis_count_against_one_limit(
    two_instances: list[AsyncTestClient[Litestar]],
) -> None:
    first, second = two_instances
    address = f"{uuid.uuid4().hex[:12]}@example.com"

    assert (await first.post("/password_reset/", json={"email": address})).status_code == 200
    refused = await second.post("/password_reset/", json={"email": address})

    assert refused.status_code == 429
    assert 0 < int(refused.headers["retry-after"]) <= 60


async def test_two_app_instances_on_one_redis_share_a_login_names_failures(
    two_instances: list[AsyncTestClient[Litestar]],
) -> None:
    first, second = two_instances
    await register(first, "ivan")
    wrong = {"login": "ivan", "password": "not the password"}

    failures = [(await app.post("/api/login/", json=wrong)).status_code for app in (first, second)]
    refused = await first.post("/api/login/", json={"login": "ivan", "password": PASSWORD})

    assert failures == [401, 401]
    assert_error(refused, 429, "too_many_requests")
    assert 14 * 60 < int(refused.headers["retry-after"]) <= 15 * 60


def limited(settings: Settings, **rates: str) -> AsyncTestClient[Litestar]:
    return AsyncTestClient(create_app(settings.model_copy(update=rates), overrides=[FastHashing()]))


async def test_a_login_name_whose_failures_are_spent_answers_429_even_to_the_right_password(
    engine: AsyncEngine, settings: Settings
) -> None:
    async with limited(settings, rate_login_failures_per_account="3/15 minutes") as client:
        await register(client, "ivan")
        for _ in range(3):
            assert (
                await client.post("/api/login/", json={"login": "ivan", "password": "wrong one"})
            ).status_code == 401

        refused = await client.post("/api/login/", json={"login": "IVAN", "password": PASSWORD})

    assert_error(refused, 429, "too_many_requests")
    assert int(refused.headers["retry-after"]) > 0


async def test_a_client_is_limited_in_logins_registrations_and_star_sign_ups(
    engine: AsyncEngine, settings: Settings, category_ids: list[int]
) -> None:
    rates = {"rate_login_per_client": "2/minute", "rate_registration_per_client": "2/hour"}
    async with limited(settings, **rates) as client:
        await register(client, "ivan")
        await create_star(client, "alla", category_ids[0])  # stars and customers are counted together
        refused_sign_up = await client.post("/api/registration/", json=registration("olga"))
        refused_star = await client.post("/api/star/create/", json=star_registration("dima", category_ids[0]))
        logins = [
            (await client.post("/api/login/", json={"login": "ivan", "password": PASSWORD})).status_code
            for _ in range(3)
        ]

    assert_error(refused_sign_up, 429, "too_many_requests")
    assert_error(refused_star, 429, "too_many_requests")
    assert logins == [201, 201, 429]


async def test_a_sender_is_limited_in_messages_and_a_source_in_payment_notifications(
    engine: AsyncEngine, settings: Settings
) -> None:
    rates = {"rate_messages_per_user": "1/minute", "rate_notifications_per_client": "1/minute"}
    async with limited(settings, **rates) as client:
        ivan, petya = await register(client, "ivan"), await register(client, "petya")
        message = {"user_id": petya["id"], "message": "Привет"}
        sent = await client.post("/api/message/", json=message, headers=bearer(ivan["token"]))
        refused_message = await client.post("/api/message/", json=message, headers=bearer(ivan["token"]))
        notification = {"type": "notification", "event": "payment.succeeded", "object": {"id": "unknown"}}
        handled = await client.post("/payments/notifications/", json=notification)
        refused_notification = await client.post("/payments/notifications/", json=notification)

    assert (sent.status_code, handled.status_code) == (200, 200)
    assert_error(refused_message, 429, "too_many_requests")
    assert_error(refused_notification, 429, "too_many_requests")
    assert "retry-after" in refused_notification.headers


def connection(peer: str, forwarded: list[str]) -> ASGIConnection[Any, Any, Any, Any]:
    """A request's connection as the server hands it over: the socket peer and the headers."""
    headers = [(b"x-forwarded-for", value.encode()) for value in forwarded]
    return ASGIConnection(scope={"type": "http", "client": (peer, 50000), "headers": headers})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("peer", "forwarded", "proxies", "client"),
    [
        ("203.0.113.5", [], "", "203.0.113.5"),
        ("203.0.113.5", ["198.51.100.1"], "", "203.0.113.5"),  # nobody trusted: the header is ignored
        ("10.0.0.2", ["198.51.100.1"], "10.0.0.0/8", "198.51.100.1"),
        ("10.0.0.2", ["1.2.3.4, 198.51.100.1"], "10.0.0.0/8", "198.51.100.1"),  # the client wrote 1.2.3.4 itself
        ("10.0.0.2", ["198.51.100.1, 10.0.0.7"], "10.0.0.0/8", "198.51.100.1"),  # two proxies of ours
        ("10.0.0.2", ["198.51.100.1", "10.0.0.7"], "10.0.0.0/8", "198.51.100.1"),  # the header sent twice
        ("10.0.0.2", ["not-an-address"], "10.0.0.0/8", "10.0.0.2"),
        ("10.0.0.2", [], "10.0.0.0/8", "10.0.0.2"),
        ("203.0.113.5", ["198.51.100.1"], "10.0.0.0/8", "203.0.113.5"),  # a stranger's header is ignored
    ],
)
def test_the_client_is_the_peer_unless_a_trusted_proxy_names_it(
    peer: str, forwarded: list[str], proxies: str, client: str
) -> None:
    settings = Settings(trusted_proxies=proxies, _env_file=None)  # type: ignore[call-arg]

    assert client_address(connection(peer, forwarded), settings.proxy_networks()) == client
