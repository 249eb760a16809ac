"""A password-reset token: a secret sent by e-mail, of which only a hash is kept."""

import hashlib
from dataclasses import dataclass
from datetime import datetime

from domain.errors import ResetTokenExpiredError


def token_digest(secret: str) -> str:
    """What is stored of a secret: enough to recognise it, useless to whoever reads the table. The secret
    has 256 random bits, so a fast hash is enough (nobody can try every secret)."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(slots=True)
class PasswordResetToken:
    user_id: int
    digest: str
    expires_at: datetime

    def ensure_usable(self, now: datetime) -> None:
        if now >= self.expires_at:
            raise ResetTokenExpiredError
