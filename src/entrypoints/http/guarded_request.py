"""The request every route gets: bodies are checked before Litestar decodes them. A JSON body must say
it is JSON (so that no other site's page can send one as a form or as text without asking first) and nest
no deeper than any of ours (a decoder walks a nested value by recursion, and thousands of levels would
exhaust it); a form's plain fields stay small (Litestar keeps them in memory whole, unlike files)."""

from collections.abc import AsyncGenerator
from itertools import accumulate
from typing import Any

from litestar import Request
from litestar.exceptions import ClientException, HTTPException
from multipart import MultipartSegment, ParserError, PushMultipartParser  # type: ignore[import-untyped]

# Our deepest body is two levels (`{"filter": [...]}`); this leaves room and stops any attack.
MAX_JSON_DEPTH = 32
# Our forms' plain fields are ids; files are fields with a file name.
MAX_FORM_FIELD_BYTES = 4096
_NOT_BRACKETS = bytes(set(range(256)) - set(b"[]{}"))
_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}.__getitem__


class TooDeepError(ClientException):
    def __init__(self) -> None:
        super().__init__(detail=f"Слишком глубокая вложенность JSON: не больше {MAX_JSON_DEPTH} уровней")


class NotJsonError(HTTPException):
    status_code = 415

    def __init__(self) -> None:
        super().__init__(detail="Тело запроса должно быть JSON (Content-Type: application/json)")


class FormFieldTooLargeError(HTTPException):
    status_code = 413

    def __init__(self) -> None:
        super().__init__(detail=f"Поле формы (не файл) больше {MAX_FORM_FIELD_BYTES} байт")


def says_json(content_type: str) -> bool:
    """No type at all (nothing a browser sends on its own), `application/json` or `application/*+json`."""
    return content_type in ("", "application/json") or (
        content_type.startswith("application/") and content_type.endswith("+json")
    )


def _brackets(body: bytes) -> bytes:
    """The brackets of a JSON text that lie outside its strings, in order."""
    # Escapes first (so that `\\"` ends a string and `\"` does not), then every other run is a string.
    unescaped = body.replace(b"\\\\", b"").replace(b'\\"', b"")
    outside_strings = b"".join(unescaped.split(b'"')[::2])
    return outside_strings.translate(None, delete=_NOT_BRACKETS)


def deeper_than(body: bytes, limit: int) -> bool:
    """Whether the arrays and objects of a JSON text nest deeper than `limit`, strings aside (as a decoder
    reads them, up to where the text stops being JSON); walked in C (`accumulate` over `map`, `filter`),
    never by a Python loop, and only as far as the first bracket past the limit."""
    return next(filter(limit.__lt__, accumulate(map(_STEP, _brackets(body)))), None) is not None


def ensure_json(content_type: str, body: bytes) -> None:
    """Raises NotJsonError or TooDeepError; a body with fewer brackets than the limit (almost every one)
    is let through without a look inside."""
    if not says_json(content_type):
        raise NotJsonError
    if body.count(b"[") + body.count(b"{") > MAX_JSON_DEPTH and deeper_than(body, MAX_JSON_DEPTH):
        raise TooDeepError


class GuardedRequest(Request[Any, Any, Any]):
    async def json(self) -> Any:
        body = await self.body()
        if body:
            ensure_json(self.content_type[0], body)
        return await super().json()

    async def stream(self) -> AsyncGenerator[bytes, None]:
        """The body as it arrives; a form's plain field that grows past MAX_FORM_FIELD_BYTES ends it."""
        media_type, options = self.content_type
        if media_type != "multipart/form-data":
            async for chunk in super().stream():
                yield chunk
            return
        guard = _FormFieldGuard(options.get("boundary", "").encode())
        async for chunk in super().stream():
            guard.feed(chunk)
            yield chunk


class _FormFieldGuard:
    """Follows a multipart body beside Litestar's parser, only to count the plain fields' bytes. A body it
    cannot read is left to that parser to refuse."""

    def __init__(self, boundary: bytes) -> None:
        self._parser: PushMultipartParser | None = PushMultipartParser(boundary) if boundary else None
        self._plain = False
        self._size = 0

    def feed(self, chunk: bytes) -> None:
        if self._parser is None:
            return
        try:
            for part in self._parser.parse(chunk):
                self._follow(part)
        except ParserError:
            self._parser = None

    def _follow(self, part: MultipartSegment | bytearray | None) -> None:
        if isinstance(part, MultipartSegment):
            self._plain, self._size = not part.filename, 0
        elif part and self._plain:
            self._size += len(part)
            if self._size > MAX_FORM_FIELD_BYTES:
                raise FormFieldTooLargeError
