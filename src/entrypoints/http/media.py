"""Serving media files: public ones to anybody, greeting videos to whoever holds a valid signed link (or
logs in as that order's customer or star). Range requests let a player seek in a video."""

import mimetypes
import re
from collections.abc import AsyncIterator
from email.utils import formatdate
from pathlib import Path
from typing import Annotated

import anyio
from dishka.integrations.litestar import FromDishka
from litestar import Controller, Request, Response, get
from litestar.exceptions import NotFoundException
from litestar.params import PathParameter, QueryParameter
from litestar.response import Stream

from adapters.storage.file_system_storage import FileSystemStorage
from application.media_links import OpenMedia
from domain.media import is_private
from entrypoints.http.auth import OPTIONAL_BEARER, Viewer
from entrypoints.http.openapi import errors

CHUNK = 256 * 1024
_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".mp4": "video/mp4",
    ".mov": "video/quicktime",
    ".webm": "video/webm",
}
_RANGE = re.compile(r"bytes=(\d*)-(\d*)")
OCTETS = "application/octet-stream"
PUBLIC_CACHE = "public, max-age=31536000, immutable"  # names are never reused: a new file, a new name
PRIVATE_CACHE = "private, max-age=3600"


class MediaController(Controller):
    path = "/media"
    tags = ["Media"]

    @get(
        "/{file_path:path}",
        summary="A media file; greeting videos need `exp` and `sig` (or their customer's or star's token)",
        security=OPTIONAL_BEARER,
        responses=errors(403, 404, 416),
    )
    async def file(
        self,
        request: Request,  # type: ignore[type-arg]
        file_path: Annotated[str, PathParameter(max_length=512)],
        storage: FromDishka[FileSystemStorage],
        open_media: FromDishka[OpenMedia],
        viewer: FromDishka[Viewer],
        exp: Annotated[int | None, QueryParameter(ge=0, le=2**40, description="When the link expires")] = None,
        sig: Annotated[str | None, QueryParameter(max_length=200, description="The link's signature")] = None,
    ) -> Response[bytes] | Stream:
        path = file_path.lstrip("/")
        located = storage.locate(path)
        if located is None or not await anyio.Path(located).is_file():
            raise NotFoundException("Нет такого файла")
        await open_media.execute(path, exp, sig, viewer.caller)
        return await _serve(request, located, PRIVATE_CACHE if is_private(path) else PUBLIC_CACHE)


async def _serve(request: Request, located: Path, cache: str) -> Response[bytes] | Stream:  # type: ignore[type-arg]
    stat = await anyio.Path(located).stat()
    size = stat.st_size
    etag = f'"{stat.st_mtime_ns:x}-{size:x}"'
    headers = {
        "Accept-Ranges": "bytes",
        "Cache-Control": cache,
        "ETag": etag,
        "Last-Modified": formatdate(stat.st_mtime, usegmt=True),
        "X-Content-Type-Options": "nosniff",
    }
    media_type = (
        _TYPES.get(located.suffix.lower()) or mimetypes.guess_type(located.name)[0] or "application/octet-stream"
    )
    if request.headers.get("if-none-match") == etag:
        return Response(b"", status_code=304, headers=headers, media_type=media_type)

    try:
        wanted = _byte_range(request.headers.get("range"), size)
    except _UnsatisfiableRangeError:
        headers["Content-Range"] = f"bytes */{size}"
        return Response(b"", status_code=416, headers=headers, media_type=media_type)
    if wanted is None:
        start, end, status = 0, size - 1, 200
    else:
        start, end = wanted
        status = 206
        headers["Content-Range"] = f"bytes {start}-{end}/{size}"
    headers["Content-Length"] = str(end - start + 1 if size else 0)
    return Stream(_read(located, start, end), status_code=status, headers=headers, media_type=media_type)


class _UnsatisfiableRangeError(Exception):
    pass


def _byte_range(header: str | None, size: int) -> tuple[int, int] | None:
    """One `bytes=` range as (first, last) byte, or None for the whole file (no header, or one we do not
    serve as a range, such as several ranges at once); a range outside the file raises."""
    if not header:
        return None
    match = _RANGE.fullmatch(header.strip())
    if match is None:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # the last N bytes
        length = int(last)
        if length == 0 or size == 0:
            raise _UnsatisfiableRangeError
        return max(size - length, 0), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or (last and int(last) < start):
        raise _UnsatisfiableRangeError
    return start, end


async def _read(located: Path, start: int, end: int) -> AsyncIterator[bytes]:
    remaining = end - start + 1
    async with await anyio.open_file(located, "rb") as file:
        await file.seek(start)
        while remaining > 0:
            chunk = await file.read(min(CHUNK, remaining))
            if not chunk:
                return
            remaining -= len(chunk)
            yield chunk
