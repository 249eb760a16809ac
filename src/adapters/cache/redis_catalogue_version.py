import logging
import secrets

import coredis
from coredis.exceptions import RedisError

logger = logging.getLogger(__name__)


class RedisCatalogueVersion:
    """The catalogue's version in Redis, for workers on several machines. When Redis cannot be reached,
    the version reads as new every time (nothing is kept, every answer comes from the database) and the
    fault is logged: a cache must not serve what it cannot check."""

    def __init__(self, redis_url: str, namespace: str) -> None:
        self._pool = coredis.ConnectionPool.from_url(redis_url)
        self._redis: coredis.Redis[bytes] = coredis.Redis(connection_pool=self._pool)
        self._key = f"{namespace}:catalogue-version"

    async def current(self) -> bytes:
        try:
            return await self._redis.get(self._key) or b""
        except RedisError as error:
            logger.warning("catalogue version unreadable, nothing kept: %s", error)
            return secrets.token_bytes(16)

    async def bump(self) -> None:
        try:
            await self._redis.set(self._key, secrets.token_hex(16))
        except RedisError:
            logger.exception("catalogue version not bumped: kept answers may be stale until Redis answers")

    def close(self) -> None:
        self._pool.disconnect()
