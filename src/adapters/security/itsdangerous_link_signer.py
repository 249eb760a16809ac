import hashlib
from datetime import timedelta

from itsdangerous import BadSignature, TimestampSigner


class ItsdangerousLinkSigner:
    """HMAC-SHA256 timestamped signatures (itsdangerous), one key derivation per purpose, so that a
    signature made for one kind of link never opens another."""

    def __init__(self, secret_key: str) -> None:
        self._secret_key = secret_key

    def sign(self, purpose: str, subject: str) -> str:
        signed = self._signer(purpose).sign(subject).decode()
        return signed[len(subject) + 1 :]

    def verify(self, purpose: str, subject: str, signature: str, max_age: timedelta) -> bool:
        try:
            self._signer(purpose).unsign(f"{subject}.{signature}", max_age=int(max_age.total_seconds()))
        except BadSignature:
            return False
        return True

    def _signer(self, purpose: str) -> TimestampSigner:
        return TimestampSigner(self._secret_key, salt=f"mystar.{purpose}", digest_method=hashlib.sha256)
