"""Spending a rate limit, as every throttled use case does, and the limits of the abuse-prone actions."""

from dataclasses import dataclass

from application.errors import TooManyRequestsError
from application.ports import Rate, RateLimiter


@dataclass(frozen=True, slots=True)
class AbuseLimits:
    """How often the actions that invite abuse may come (the settings give the numbers): logins per
    client, failed logins per login name and per account, sign-ups per client (customers and stars
    together), messages per sender, and payment notifications per source (each makes us ask the provider)."""

    logins_per_client: Rate
    login_failures_per_account: Rate
    sign_ups_per_client: Rate
    messages_per_user: Rate
    notifications_per_client: Rate


async def spend(limiter: RateLimiter, rate: Rate, key: str) -> None:
    """Counts one event under `key`; raises TooManyRequestsError when `rate` is spent."""
    wait = await limiter.hit(rate, key)
    if wait is not None:
        raise TooManyRequestsError(wait)
