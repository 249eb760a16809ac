"""What the OpenAPI document says about answers other than the success one."""

from litestar.openapi.datastructures import ResponseSpec

from entrypoints.http.schemas import ErrorOut

_MEANING = {
    400: "Malformed or invalid input (`validation_error`, `malformed_request`)",
    401: "Missing, invalid or expired token, or wrong credentials",
    403: "Not allowed for the caller (a field naming someone else, an action that is not theirs)",
    404: "Not found, or not visible to the caller",
    409: "Conflicts with the current state (a taken value, an order no longer new, a changed price)",
    413: "The body (or the file in it) is larger than the route accepts",
    415: "Not what the route takes: an upload that is not what it claims (checked by content), or a body "
    "that is not JSON where JSON is taken",
    416: "The range asked for lies outside the file",
    429: "Too many requests: a rate limit is spent; `Retry-After` says in how many seconds to try again",
    502: "The payment provider answered something unusable; nothing was changed",
    503: "A service we depend on (the database, the payment provider) is unavailable; try again later",
}


def errors(*statuses: int) -> dict[int, ResponseSpec]:
    """Documents these error statuses as the contract's error shape, and the 503 that any route using the
    database answers while the database is away."""
    taken = (415,) if 413 in statuses else ()  # a route that takes a body refuses one of another type
    return {
        status: ResponseSpec(data_container=ErrorOut, description=_MEANING[status], generate_examples=False)
        for status in (*statuses, *taken, 503)
    }


def message(status: int, description: str) -> dict[int, ResponseSpec]:
    """Documents an answer that is a one-element array holding a message, as the original API gave."""
    return {status: ResponseSpec(data_container=list[str], description=description, generate_examples=False)}


def message_or_error(status: int, description: str) -> dict[int, ResponseSpec]:
    """Documents a refusal that is a message array for one reason (as the original gave it) and the error
    shape for every other."""
    either = list[str] | ErrorOut
    return {status: ResponseSpec(data_container=either, description=description, generate_examples=False)}  # type: ignore[arg-type]
