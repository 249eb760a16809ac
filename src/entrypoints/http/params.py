"""Query parameters and answer headers that several controllers share."""

from collections.abc import Sequence
from typing import Annotated, TypeVar

from litestar import Response
from litestar.datastructures import ResponseHeader
from litestar.params import QueryParameter

from application.views import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from domain.errors import InvalidValueError
from entrypoints.http.schemas import MAX_ID as MAX_ID

T = TypeVar("T")

TOTAL_COUNT = "X-Total-Count"
TOTAL_COUNT_HEADER = [
    ResponseHeader(name=TOTAL_COUNT, description="How many items match in all", documentation_only=True)
]

MAX_OFFSET = 10**9

Limit = Annotated[int, QueryParameter(ge=1, le=MAX_PAGE_SIZE, description="Page size, 1–500")]
Offset = Annotated[int, QueryParameter(ge=0, le=MAX_OFFSET, description="How many items to skip")]
Flag = Annotated[str | None, QueryParameter(description="true, false, 1 or 0")]
DEFAULT_LIMIT = DEFAULT_PAGE_SIZE

_TRUE = {"true", "1"}
_FALSE = {"false", "0"}


def with_total(items: Sequence[T], total: int) -> Response[list[T]]:
    """A list answer with the number of all matching items in `X-Total-Count`."""
    return Response(list(items), headers={TOTAL_COUNT: str(total)})


def parse_flag(raw: str | None, field: str) -> bool | None:
    if raw is None:
        return None
    lowered = raw.strip().lower()
    if lowered in _TRUE | _FALSE:
        return lowered in _TRUE
    raise InvalidValueError(field, "Ожидается true, false, 1 или 0")
