import mmap
import os
import secrets
from pathlib import Path

TOKEN_BYTES = 16
# Each star's likes have a token of their own in one of these slots (a star's id modulo their number): two
# stars that share a slot only make each other's pages afresh a little more often.
STAR_SLOTS = 65_536
STAR_TOKEN_BYTES = 8
FILE_BYTES = TOKEN_BYTES + STAR_SLOTS * STAR_TOKEN_BYTES
# Kept in the media folder, which the workers of one deployment share; never served (a hidden name).
CATALOGUE_VERSION_FILE = ".catalogue-version"


class MmapCatalogueVersion:
    """The catalogue's version in a small file that every worker maps into its memory: reading it is a
    memory access (no system call), and a bump by any worker is seen by all the others at once. Each bump
    writes new random bytes, so that two bumps at once never leave an old version behind (a torn read is
    a version nobody kept answers for). Only processes that share one machine see one file this way; for
    several machines, MYSTAR_REDIS_URL carries the version instead."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if os.fstat(descriptor).st_size < FILE_BYTES:
                os.ftruncate(descriptor, FILE_BYTES)
            self._map = mmap.mmap(descriptor, FILE_BYTES)
        finally:
            os.close(descriptor)

    async def current(self, star_id: int | None = None) -> bytes:
        if star_id is None:
            return self._map[:TOKEN_BYTES]
        slot = _slot(star_id)
        return self._map[:TOKEN_BYTES] + self._map[slot : slot + STAR_TOKEN_BYTES]

    async def bump(self) -> None:
        self._map[:TOKEN_BYTES] = secrets.token_bytes(TOKEN_BYTES)

    async def bump_star(self, star_id: int) -> None:
        slot = _slot(star_id)
        self._map[slot : slot + STAR_TOKEN_BYTES] = secrets.token_bytes(STAR_TOKEN_BYTES)

    def close(self) -> None:
        self._map.close()


def _slot(star_id: int) -> int:
    return TOKEN_BYTES + (star_id % STAR_SLOTS) * STAR_TOKEN_BYTES
