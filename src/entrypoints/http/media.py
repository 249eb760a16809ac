"""Serving media files: public ones to anybody, greeting videos to whoever holds a valid signed link (or
logs in as that order's customer or star). Range requests let a player seek in a video."""

import mimetypes
import os
import re
import stat
from collections.abc import AsyncIterator
from email.utils import formatdate
from pathlib import Path
from typing import Annotated

import anyio
from dishka.integrations.litestar import FromDishka
from litestar import Controller, HttpMethod, Request, Response, route
from litestar.exceptions import NotFoundException
from litestar.params import PathParameter, QueryParameter
from litestar.response import Stream

from adapters.storage.file_system_storage import FileSystemStorage
from application.open_media import OpenMedia
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
_RANGE = re.compile(r"bytes=(\d{0,18})-(\d{0,18})")
OCTETS = "application/octet-stream"
# A new file always gets a new name; a day keeps a replaced picture from living on in caches for long.
PUBLIC_CACHE = "public, max-age=86400"
PRIVATE_CACHE = "private, max-age=3600"


# No length of its own: a path too long for a file name names no file (404); the server bounds the line.
FilePath = Annotated[str, PathParameter(description="The file's path under /media/")]
Expires = Annotated[int | None, QueryParameter(ge=0, le=2**40, description="When the link expires (UNIX time)")]
Signature = Annotated[str | None, QueryParameter(max_length=200, description="The link's signature")]


class MediaController(Controller):
    path = "/media"
    tags = ["Media"]
    security = OPTIONAL_BEARER

    @route(
        "/{file_path:path}",
        http_method=[HttpMethod.GET, HttpMethod.HEAD],
        summary="A media file; greeting videos need `exp` and `sig` (or their customer's or star's token)",
        responses=errors(400, 403, 404, 416),
    )
    async def file(
        self,
        request: Request,  # type: ignore[type-arg]
        file_path: FilePath,
        storage: FromDishka[FileSystemStorage],
        open_media: FromDishka[OpenMedia],
        viewer: FromDishka[Viewer],
        exp: Expires = None,
        sig: Signature = None,
    ) -> Response[bytes] | Stream:
        located, found, cache = await _open(file_path, storage, open_media, viewer, exp, sig)
        return _serve(request, located, found, cache)


async def _open(
    file_path: str,
    storage: FileSystemStorage,
    open_media: OpenMedia,
    viewer: Viewer,
    expires: int | None,
    signature: str | None,
) -> tuple[Path, os.stat_result, str]:
    """The file behind a path the viewer may read, its size and times, and how long it may be cached."""
    path = file_path.lstrip("/")
    located = await anyio.to_thread.run_sync(storage.locate, path)
    try:
        found = None if located is None else await anyio.Path(located).stat()
    except OSError:
        found = None
    if located is None or found is None or not stat.S_ISREG(found.st_mode):
        raise NotFoundException("Нет такого файла")
    await open_media.execute(path, expires, signature, viewer.caller)
    return located, found, PRIVATE_CACHE if is_private(path) else PUBLIC_CACHE


def _headers(modified: float, modified_ns: int, size: int, cache: str) -> dict[str, str]:
    return {
        "Accept-Ranges": "bytes",
        "Cache-Control": cache,
        "ETag": f'"{modified_ns:x}-{size:x}"',
        "Last-Modified": formatdate(modified, usegmt=True),
        "X-Content-Type-Options": "nosniff",
    }


def _media_type(located: Path) -> str:
    return _TYPES.get(located.suffix.lower()) or mimetypes.guess_type(located.name)[0] or OCTETS


def _serve(request: Request, located: Path, found: os.stat_result, cache: str) -> Response[bytes] | Stream:  # type: ignore[type-arg]
    size = found.st_size
    headers = _headers(found.st_mtime, found.st_mtime_ns, size, cache)
    media_type = _media_type(located)
    if _matches(request.headers.get("if-none-match"), headers["ETag"]):
        return Response(b"", status_code=304, headers=headers, media_type=media_type)
    if request.method == HttpMethod.HEAD:
        headers["Content-Length"] = str(size)
        return Response(b"", headers=headers, media_type=media_type)

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


def _matches(if_none_match: str | None, etag: str) -> bool:
    """`If-None-Match`: `*`, or a list of tags compared weakly (RFC 9110 13.1.2)."""
    if not if_none_match:
        return False
    tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
    return "*" in tags or etag in tags


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
    if last and int(last) < start:
        return None  # not a valid range: ignored, as RFC 9110 says
    if start >= size:
        raise _UnsatisfiableRangeError
    return start, min(int(last), size - 1) if last else size - 1


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
