"""What the password-reset use cases share: their settings and the way a link's secret finds its token."""

from dataclasses import dataclass
from datetime import timedelta

from application.ports import Clock, Rate, ResetTokenRepository
from domain.errors import ResetTokenNotFoundError
from domain.password_reset import PasswordResetToken, token_digest

# Longer than any secret we hand out (43 characters), short enough to be hashed without a thought.
SECRET_MAX_LENGTH = 128
_HOUR = timedelta(hours=1)
# The contract's defaults: 5 reset requests an hour per address and 20 per client.
_REQUESTS_PER_ADDRESS = Rate(5, _HOUR)
_REQUESTS_PER_CLIENT = Rate(20, _HOUR)
_CONFIRMS_PER_CLIENT = Rate(30, _HOUR)
_CONFIRMS_PER_ACCOUNT = Rate(10, _HOUR)


@dataclass(frozen=True, slots=True)
class ResetPolicy:
    """How long a link works, how long a request takes at least (so that a known address and an unknown
    one answer alike), and how often requests and confirmations may come."""

    lifetime: timedelta = _HOUR
    answer_floor: timedelta = timedelta(milliseconds=300)
    requests_per_address: Rate = _REQUESTS_PER_ADDRESS
    requests_per_client: Rate = _REQUESTS_PER_CLIENT
    confirms_per_client: Rate = _CONFIRMS_PER_CLIENT
    confirms_per_account: Rate = _CONFIRMS_PER_ACCOUNT


async def usable_token(
    tokens: ResetTokenRepository, clock: Clock, secret: str, *, for_update: bool = False
) -> PasswordResetToken:
    """The token this secret stands for; raises ResetTokenNotFoundError or ResetTokenExpiredError."""
    token = None
    if 0 < len(secret) <= SECRET_MAX_LENGTH:
        token = await tokens.find(token_digest(secret), for_update=for_update)
    if token is None:
        raise ResetTokenNotFoundError
    token.ensure_usable(clock.now())
    return token
