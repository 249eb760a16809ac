"""Configuration from `MYSTAR_*` environment variables (and a `.env` file); every value has a laptop default."""

import ipaddress
import os
import secrets
import tempfile
from pathlib import Path
from typing import Literal, Self

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from domain.media import MEGABYTE

SECRET_KEY_FILE = Path("var/secret.key")


def generated_secret_key(path: Path = SECRET_KEY_FILE) -> str:
    """The key kept in `path`, made on first use. The key is written whole to a private file and then
    linked into place, so that processes starting at once all read the one key that won."""
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=path.parent, prefix=".secret-", delete=False) as draft:
        draft.write(secrets.token_urlsafe(48))
    try:
        os.chmod(draft.name, 0o600)
        os.link(draft.name, path)
    except FileExistsError:
        pass
    finally:
        os.unlink(draft.name)
    return path.read_text().strip()


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MYSTAR_", env_file=".env", extra="ignore")

    database_url: str = "sqlite+aiosqlite:///var/mystar.db"
    media_dir: Path = Path("var/media")
    # The address clients reach the service at; by default the one it serves on.
    public_url: str = ""
    secret_key: str = Field(default="", repr=False)
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    workers: int = Field(default=1, ge=1, le=64)
    token_lifetime_hours: int = Field(default=24 * 7, ge=1)
    db_pool_size: int = Field(default=10, ge=1)
    log_level: str = "INFO"
    upload_video_max_mb: int = Field(default=200, ge=1, le=10_000)

    mail_backend: Literal["file", "smtp", "console"] = "file"
    mail_outbox_dir: Path = Path("var/outbox")
    mail_from: str = "My Star <noreply@mystar.local>"
    smtp_host: str = ""
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_user: str = ""
    smtp_password: str = Field(default="", repr=False)
    smtp_starttls: bool = True
    # The mail outbox's round, in seconds (0: no sender in this process).
    mail_send_seconds: float = Field(default=5.0, ge=0)

    payments: Literal["sandbox", "yookassa"] = "sandbox"
    yookassa_shop_id: str = ""
    yookassa_secret_key: str = Field(default="", repr=False)
    yookassa_api_url: str = "https://api.yookassa.ru/v3"
    # Comma-separated networks (`185.71.76.0/27,77.75.156.11`) allowed to post payment notifications.
    payment_notify_allow: str = ""
    sandbox_database_url: str = "sqlite+aiosqlite:///var/payments-sandbox.db"
    # The payment sweeper's round, in seconds (0: no sweeper in this process).
    payment_sweep_seconds: float = Field(default=60.0, ge=0)
    payment_expiry_margin_hours: float = Field(default=12.0, ge=0)
    payment_recheck_minutes: float = Field(default=5.0, ge=0)

    @field_validator("public_url")
    @classmethod
    def _strip_trailing_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @field_validator("payment_notify_allow")
    @classmethod
    def _check_networks(cls, value: str) -> str:
        for network in _split(value):
            ipaddress.ip_network(network, strict=False)
        return value

    @model_validator(mode="after")
    def _public_url_defaults_to_where_we_listen(self) -> Self:
        if not self.public_url:
            host = "127.0.0.1" if self.host in ("0.0.0.0", "::", "") else self.host  # noqa: S104 - a comparison
            self.public_url = f"http://{host}:{self.port}"
        return self

    @model_validator(mode="after")
    def _smtp_needs_a_host(self) -> Self:
        if self.mail_backend == "smtp" and not self.smtp_host:
            raise ValueError("MYSTAR_MAIL_BACKEND=smtp needs MYSTAR_SMTP_HOST")
        return self

    @model_validator(mode="after")
    def _yookassa_needs_a_shop(self) -> Self:
        if self.payments == "yookassa" and not (self.yookassa_shop_id and self.yookassa_secret_key):
            raise ValueError("MYSTAR_PAYMENTS=yookassa needs MYSTAR_YOOKASSA_SHOP_ID and MYSTAR_YOOKASSA_SECRET_KEY")
        return self

    @property
    def upload_video_max_bytes(self) -> int:
        return self.upload_video_max_mb * MEGABYTE

    def notify_networks(self) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
        return [ipaddress.ip_network(network, strict=False) for network in _split(self.payment_notify_allow)]

    def signing_key(self) -> str:
        # TODO(#7): refuse to start without MYSTAR_SECRET_KEY when the service is deployed for real.
        return self.secret_key or generated_secret_key()


def _split(networks: str) -> list[str]:
    return [network.strip() for network in networks.split(",") if network.strip()]
