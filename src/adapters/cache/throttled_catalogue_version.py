import asyncio
import time
from collections.abc import Callable
from typing import Protocol

# How stale a star's count of likes may be in a kept answer: at most one bump this often for likes.
COUNTERS_EVERY_SECONDS = 1.0


class VersionStore(Protocol):
    """Where the catalogue's version lives (shared memory, Redis): read it, and change it at once."""

    async def current(self) -> bytes | None: ...

    async def bump(self) -> None: ...


class ThrottledCatalogueVersion:
    """The catalogue's version with likes throttled: a price, a profile, a picture or a rating bumps the
    version at once, while a like bumps it at once only when the last bump is a second old, and otherwise
    once at the end of that second, however many likes come meanwhile. Each worker throttles its
    own; a bump it still owes when it stops is covered by the kept answers' age limit."""

    def __init__(
        self, store: VersionStore, every: float = COUNTERS_EVERY_SECONDS, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._store = store
        self._every = every
        self._clock = clock
        self._last_bump = float("-inf")
        self._owed: asyncio.Task[None] | None = None

    async def current(self) -> bytes | None:
        return await self._store.current()

    async def bump(self) -> None:
        self._last_bump = self._clock()
        await self._store.bump()

    async def bump_soon(self) -> None:
        if self._owed is not None:  # a bump is due at the end of this second already
            return
        wait = self._last_bump + self._every - self._clock()
        if wait <= 0:
            await self.bump()
            return
        self._owed = asyncio.create_task(self._bump_after(wait))

    async def _bump_after(self, wait: float) -> None:
        try:
            await asyncio.sleep(wait)
            await self.bump()
        finally:
            self._owed = None
