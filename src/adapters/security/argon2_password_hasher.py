import asyncio
import functools
import logging
import os
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

from argon2 import PasswordHasher as Argon2
from argon2 import Type, extract_parameters
from argon2.exceptions import InvalidHashError, VerificationError
from argon2.low_level import ARGON2_VERSION

logger = logging.getLogger(__name__)
# OWASP's recommendation for argon2id (Password Storage Cheat Sheet): 19 MiB, two passes, one lane. One
# lane keeps a hash on one thread, so that the threads below are all the CPU that hashing takes.
MEMORY_KIB = 19_456
TIME_COST = 2
PARALLELISM = 1
# How much less the hashing threads are worth to the scheduler than the event loop (Linux `nice`).
HASHING_NICENESS = 10


def _lower_this_threads_priority() -> None:
    """Run in each hashing thread as it starts: on Linux a thread has a priority of its own, and a lower
    one lets the event loop (and so every other request) go first while logins take the rest of the CPU."""
    if sys.platform.startswith("linux"):
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), HASHING_NICENESS)
        except OSError as error:
            logger.warning("hashing threads keep the event loop's priority: %s", error)


class Argon2PasswordHasher:
    """argon2id in threads of their own, of a lower priority than the event loop: a hash takes tens of
    milliseconds of CPU that no other request waits for. By default one thread per core; a worker among
    several takes its share of the cores, so that hashes never take turns on a core (each turn costs the
    other its caches: 10-15 % fewer logins a second were measured with twice the threads)."""

    def __init__(
        self,
        time_cost: int = TIME_COST,
        memory_cost: int = MEMORY_KIB,
        parallelism: int = PARALLELISM,
        threads: int | None = None,
    ) -> None:
        self._argon2 = Argon2(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism, type=Type.ID)
        # Each hash holds `memory_cost` KiB: a burst of logins queues here instead of taking all the memory.
        self._threads = ThreadPoolExecutor(
            max_workers=threads or os.cpu_count() or 1,
            thread_name_prefix="argon2",
            initializer=_lower_this_threads_priority,
        )

    async def hash(self, password: str) -> str:
        return await asyncio.get_running_loop().run_in_executor(self._threads, self._argon2.hash, password)

    async def verify(self, password_hash: str | None, password: str) -> bool:
        return await asyncio.get_running_loop().run_in_executor(self._threads, self._verify, password_hash, password)

    def needs_rehash(self, password_hash: str) -> bool:
        """A hash weaker than ours in any way is made again at the next login; a stronger one (made under
        stronger settings, such as argon2-cffi's own defaults) is kept, since a login must not weaken it."""
        try:
            theirs = extract_parameters(password_hash)
        except InvalidHashError:
            return True
        ours = self._argon2
        return (
            theirs.type is not Type.ID
            or theirs.version < ARGON2_VERSION
            or theirs.memory_cost < ours.memory_cost
            or theirs.time_cost < ours.time_cost
            or theirs.hash_len < ours.hash_len
            or theirs.salt_len < ours.salt_len
        )

    def close(self) -> None:
        self._threads.shutdown(wait=False, cancel_futures=True)

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
