"""JSON bodies nested deeper than any of ours are refused before they are decoded: a decoder walks a
nested value by recursion, and thousands of levels would exhaust it (or the stack)."""

from itertools import accumulate
from typing import Any

from litestar import Request
from litestar.exceptions import ClientException

# Our deepest body is two levels (`{"filter": [...]}`); this leaves room and stops any attack.
MAX_JSON_DEPTH = 32
_BRACKETS = b"[]{}"
_NOT_BRACKETS = bytes(set(range(256)) - set(_BRACKETS))
_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}.__getitem__


class TooDeepError(ClientException):
    def __init__(self) -> None:
        super().__init__(detail=f"Слишком глубокая вложенность JSON: не больше {MAX_JSON_DEPTH} уровней")


def nesting_depth(body: bytes) -> int:
    """How deeply the arrays and objects of a JSON text nest, strings aside (as a decoder reads them, up
    to where the text stops being JSON), walked in C (`accumulate` over `map`), never by a Python loop."""
    # Escapes first (so that `\\"` ends a string and `\"` does not), then every other run is a string.
    unescaped = body.replace(b"\\\\", b"").replace(b'\\"', b"")
    outside_strings = b"".join(unescaped.split(b'"')[::2])
    brackets = outside_strings.translate(None, delete=_NOT_BRACKETS)
    return max(accumulate(map(_STEP, brackets)), default=0)


def ensure_shallow(body: bytes) -> None:
    """Raises TooDeepError for a body nested deeper than MAX_JSON_DEPTH; a body with fewer brackets than
    that (almost every one) is let through without a look inside."""
    if body.count(b"[") + body.count(b"{") > MAX_JSON_DEPTH and nesting_depth(body) > MAX_JSON_DEPTH:
        raise TooDeepError


class ShallowJsonRequest(Request[Any, Any, Any]):
    """A request whose JSON body is checked for depth before it is decoded."""

    async def json(self) -> Any:
        ensure_shallow(await self.body())
        return await super().json()
