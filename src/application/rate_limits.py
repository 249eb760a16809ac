"""Spending a rate limit, as every throttled use case does."""

from application.errors import TooManyRequestsError
from application.ports import Rate, RateLimiter


async def spend(limiter: RateLimiter, rate: Rate, key: str) -> None:
    """Counts one event under `key`; raises TooManyRequestsError when `rate` is spent."""
    wait = await limiter.hit(rate, key)
    if wait is not None:
        raise TooManyRequestsError(wait)
