import time
from datetime import UTC, datetime, timedelta

import jwt

from application.ports import TokenClaims
from domain.errors import AuthenticationError

_ALGORITHM = "HS256"
_MAX_ID = 2**63 - 1
# Tokens checked lately, by the token itself: a client sends one token with every request, and checking
# its signature and claims each time costs more than the rest of a small request.
_CHECKED_CAPACITY = 10_000


class JwtTokenIssuer:
    """HS256 tokens with an expiry and the user's token version. The algorithm is pinned on reading,
    so a token cannot choose `none` or another key type."""

    def __init__(self, secret_key: str, lifetime: timedelta = timedelta(days=7), issuer: str = "mystar") -> None:
        self._secret_key = secret_key
        self._lifetime = lifetime
        self._issuer = issuer
        self._checked: dict[str, tuple[TokenClaims, float]] = {}

    def issue(self, user_id: int, token_version: int) -> str:
        now = datetime.now(UTC)
        claims = {
            "sub": str(user_id),
            "ver": token_version,
            "iat": now,
            "exp": now + self._lifetime,
            "iss": self._issuer,
        }
        return jwt.encode(claims, self._secret_key, algorithm=_ALGORITHM)

    def read(self, token: str) -> TokenClaims:
        """The claims of a valid token; a token checked before is trusted again until it expires (its
        signature cannot have changed, and the expiry is looked at every time)."""
        checked = self._checked.get(token)
        if checked is not None:
            claims, expires = checked
            if time.time() < expires:
                return claims
            del self._checked[token]
        claims, expires = self._check(token)
        if len(self._checked) >= _CHECKED_CAPACITY:
            self._checked.pop(next(iter(self._checked)))
        self._checked[token] = (claims, expires)
        return claims

    def _check(self, token: str) -> tuple[TokenClaims, float]:
        try:
            claims = jwt.decode(
                token,
                self._secret_key,
                algorithms=[_ALGORITHM],
                issuer=self._issuer,
                options={"require": ["sub", "exp", "iat", "iss", "ver"]},
            )
        except jwt.PyJWTError:
            raise AuthenticationError("Токен недействителен или истёк") from None
        subject, version = claims["sub"], claims["ver"]
        valid = (
            isinstance(subject, str)
            and subject.isascii()
            and subject.isdigit()
            and 0 < int(subject) <= _MAX_ID
            and type(version) is int
            and 0 <= version <= _MAX_ID
        )
        if not valid:
            raise AuthenticationError("Токен недействителен или истёк")
        return TokenClaims(user_id=int(subject), token_version=version), float(claims["exp"])
