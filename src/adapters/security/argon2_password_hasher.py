import asyncio
import functools
import logging
import os

from argon2 import PasswordHasher as Argon2
from argon2 import Type
from argon2.exceptions import InvalidHashError, VerificationError

logger = logging.getLogger(__name__)


class Argon2PasswordHasher:
    """argon2id in a worker thread: a hash takes tens of milliseconds that the event loop must not wait for."""

    def __init__(self, time_cost: int = 3, memory_cost: int = 65536, parallelism: int = 4) -> None:
        self._argon2 = Argon2(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism, type=Type.ID)
        # Each hash holds `memory_cost` KiB: a burst of logins waits here instead of taking all the memory
        # and every thread of the pool.
        self._slots = asyncio.Semaphore(os.cpu_count() or 1)

    async def hash(self, password: str) -> str:
        async with self._slots:
            return await asyncio.to_thread(self._argon2.hash, password)

    async def verify(self, password_hash: str | None, password: str) -> bool:
        async with self._slots:
            return await asyncio.to_thread(self._verify, password_hash, password)

    def needs_rehash(self, password_hash: str) -> bool:
        return self._argon2.check_needs_rehash(password_hash)

    @functools.cached_property
    def _dummy_hash(self) -> str:
        """Verified when the user is unknown, so that both answers cost the same."""
        return self._argon2.hash("not a password of anyone")

    def _verify(self, password_hash: str | None, password: str) -> bool:
        try:
            matched = self._argon2.verify(password_hash or self._dummy_hash, password)
        except VerificationError:
            return False
        except InvalidHashError:
            logger.warning("a stored password hash is not an argon2 hash; that account cannot log in")
            return False
        return matched and password_hash is not None
