import mmap
import os
import secrets
from pathlib import Path

TOKEN_BYTES = 16
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
            if os.fstat(descriptor).st_size < TOKEN_BYTES:
                os.ftruncate(descriptor, TOKEN_BYTES)
            self._map = mmap.mmap(descriptor, TOKEN_BYTES)
        finally:
            os.close(descriptor)

    async def current(self) -> bytes:
        return self._map[:TOKEN_BYTES]

    async def bump(self) -> None:
        self._map[:TOKEN_BYTES] = secrets.token_bytes(TOKEN_BYTES)

    def close(self) -> None:
        self._map.close()
