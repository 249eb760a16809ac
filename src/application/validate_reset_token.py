from application.password_reset import ResetPolicy, usable_token
from application.ports import Clock, RateLimiter, ResetTokenRepository
from application.rate_limits import spend


class ValidateResetToken:
    """Whether a link's secret can still set a password (the form asks before it shows itself)."""

    def __init__(self, tokens: ResetTokenRepository, limiter: RateLimiter, clock: Clock, policy: ResetPolicy) -> None:
        self._tokens = tokens
        self._limiter = limiter
        self._clock = clock
        self._policy = policy

    async def execute(self, secret: str, client: str) -> None:
        await spend(self._limiter, self._policy.confirms_per_client, f"reset-confirm-client:{client}")
        await usable_token(self._tokens, self._clock, secret)
