"""Uploads on the local file system, under MYSTAR_MEDIA_DIR (a shared volume when several machines serve)."""

import contextlib
import os
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import anyio

from application.ports import StagedFile
from domain.errors import FileTooLargeError

STAGING = ".staging"
_NAME_MAX = 255  # the longest file name most file systems take


class FileSystemStorage:
    """Files are received into `<root>/.staging/` (the same file system, so that publishing is a rename)
    and renamed into place once checked. Paths handed out are relative to `root`; a path that would
    lead outside it (`..`, an absolute path) is treated as no file at all."""

    def __init__(self, root: Path) -> None:
        self._root = root.resolve()
        self._staging = self._root / STAGING

    async def stage(self, chunks: AsyncIterator[bytes], max_bytes: int) -> StagedFile:
        staged = await self.stage_empty()
        received = 0
        try:
            async with await anyio.open_file(staged.handle, "wb") as target:
                async for chunk in chunks:
                    received += len(chunk)
                    if received > max_bytes:
                        raise FileTooLargeError(max_bytes)
                    await target.write(chunk)
        except BaseException:
            await self.discard(staged)
            raise
        return staged

    def open_staged(self, staged: StagedFile) -> str:
        return staged.handle

    async def stage_empty(self) -> StagedFile:
        await anyio.Path(self._staging).mkdir(parents=True, exist_ok=True)
        path = self._staging / f"{uuid.uuid4().hex}.part"
        await anyio.Path(path).touch(exist_ok=False)
        return StagedFile(str(path))

    async def publish(self, staged: StagedFile, folder: str, extension: str) -> str:
        target_folder = self.locate_folder(folder)
        await anyio.Path(target_folder).mkdir(parents=True, exist_ok=True)
        name = f"{uuid.uuid4()}.{extension}"
        await anyio.to_thread.run_sync(os.replace, staged.handle, target_folder / name)
        return f"{folder}/{name}"

    async def discard(self, staged: StagedFile) -> None:
        await anyio.Path(staged.handle).unlink(missing_ok=True)

    async def remove(self, path: str) -> None:
        located = self.locate(path)
        if located is not None:
            await anyio.Path(located).unlink(missing_ok=True)

    async def forget_stale(self, older_than: float) -> int:
        """Removes staged files older than `older_than` seconds: what uploads cut short by a killed worker
        left behind (a live upload writes its file all the time). Answers how many went."""
        staging = anyio.Path(self._staging)
        if not await staging.exists():
            return 0
        deadline = time.time() - older_than
        removed = 0
        async for staged in staging.glob("*.part"):
            with contextlib.suppress(FileNotFoundError):
                if (await staged.stat()).st_mtime < deadline:
                    await staged.unlink()
                    removed += 1
        return removed

    def locate(self, path: str) -> Path | None:
        """The file behind a published path. Only a path in its plain form counts (no `.`, `..`, hidden, empty
        or absolute parts, no NUL), and only inside the media folder and off staging: a path means one file,
        so whatever is decided from the path (say, that it is private) holds for the file served."""
        parts = path.split("/")
        # A published name never begins with a dot: `.`, `..` and the folder's own hidden files are not files of it.
        if (
            not path
            or "\x00" in path
            or any(not part or part.startswith(".") or len(part) > _NAME_MAX for part in parts)
        ):
            return None
        try:
            candidate = (self._root / path).resolve()
        except OSError:
            return None
        if candidate != self._root.joinpath(*parts):
            return None  # a symbolic link out of the folder, or a path the file system reads otherwise
        if candidate.is_relative_to(self._staging):
            return None
        return candidate

    def locate_folder(self, folder: str) -> Path:
        located = self.locate(folder)
        if located is None:
            raise ValueError(f"folder {folder!r} is outside the media folder")
        return located
