"""Configuration from `MYSTAR_*` environment variables (and a `.env` file); every value has a laptop default."""

import ipaddress
import os
import re
import secrets
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Literal, Self

import limits
from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from application.password_reset import ResetPolicy
from application.ports import Rate
from application.rate_limits import AbuseLimits
from domain.media import MEGABYTE

Network = ipaddress.IPv4Network | ipaddress.IPv6Network

SECRET_KEY_FILE = Path("var/secret.key")
SECRET_KEY_MIN_LENGTH = 32
_ORIGIN = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")


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
    # PostgreSQL connections per worker; by default 20, and 80 ÷ workers beyond four (80 in all, of PostgreSQL's
    # 100), but never fewer than two each.
    db_pool_size: int = Field(default=0, ge=0)
    log_level: str = "INFO"
    # Mounts GET /bench/floor, a constant answer the benchmarks measure the framework by.
    benchmark_routes: bool = False
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

    # Rate-limit counters: in each worker's memory by default, shared by all workers through Redis when set.
    redis_url: str = ""
    # What this deployment's keys in Redis begin with (deployments sharing one Redis database keep apart).
    redis_prefix: str = Field(default="mystar", min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")
    # Comma-separated proxies (addresses or networks) whose X-Forwarded-For names the client.
    trusted_proxies: str = ""
    # Comma-separated origins (`https://app.mystar.ru`) whose pages may call the API from a browser; `*`: any.
    cors_origins: str = ""
    password_reset_minutes: int = Field(default=60, ge=1, le=7 * 24 * 60)
    # A reset request answers no sooner than this, known address or not (so that its time tells nothing).
    password_reset_floor_ms: int = Field(default=300, ge=0, le=10_000)
    # Limits as `count/period` (`5/hour`, `30/15 minutes`): see https://limits.readthedocs.io (rate strings).
    rate_reset_per_address: str = "5/hour"
    rate_reset_per_client: str = "20/hour"
    rate_reset_confirm_per_client: str = "30/hour"
    rate_reset_confirm_per_account: str = "10/hour"
    # The contract's defaults for logins and sign-ups; messages and notifications are ours.
    rate_login_per_client: str = "30/minute"
    rate_login_failures_per_account: str = "10/15 minutes"
    rate_registration_per_client: str = "20/hour"
    rate_messages_per_user: str = "30/minute"
    rate_notifications_per_client: str = "300/minute"

    @field_validator("public_url")
    @classmethod
    def _strip_trailing_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @field_validator("payment_notify_allow", "trusted_proxies")
    @classmethod
    def _check_networks(cls, value: str) -> str:
        for network in _split(value):
            ipaddress.ip_network(network, strict=False)
        return value

    @field_validator(
        "rate_reset_per_address",
        "rate_reset_per_client",
        "rate_reset_confirm_per_client",
        "rate_reset_confirm_per_account",
        "rate_login_per_client",
        "rate_login_failures_per_account",
        "rate_registration_per_client",
        "rate_messages_per_user",
        "rate_notifications_per_client",
    )
    @classmethod
    def _check_rate(cls, value: str) -> str:
        rate(value)
        return value

    @field_validator("cors_origins")
    @classmethod
    def _check_origins(cls, value: str) -> str:
        for origin in _split(value):
            if origin != "*" and not _ORIGIN.fullmatch(origin):
                raise ValueError(f"not an origin: {origin!r} (write it as https://host or https://host:port)")
        return value

    def deployed(self) -> bool:
        """Real money or a public address: a service people use, not a laptop's."""
        return self.payments == "yookassa" or self.public_url.startswith("https://")

    @model_validator(mode="after")
    def _a_real_deployment_has_its_own_key(self) -> Self:
        # Real money or a public address means several machines, restarts and attackers: a key made up on
        # one machine would differ on the next, and a short one can be guessed.
        if self.deployed() and not self.secret_key:
            raise ValueError("MYSTAR_SECRET_KEY must be set with MYSTAR_PAYMENTS=yookassa or an https:// public URL")
        if self.secret_key and len(self.secret_key) < SECRET_KEY_MIN_LENGTH:
            raise ValueError(f"MYSTAR_SECRET_KEY must be at least {SECRET_KEY_MIN_LENGTH} characters long")
        return self

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

    def cors_origin_list(self) -> list[str]:
        return _split(self.cors_origins)

    def notify_networks(self) -> list[Network]:
        return _networks(self.payment_notify_allow)

    def proxy_networks(self) -> list[Network]:
        return _networks(self.trusted_proxies)

    def reset_policy(self) -> ResetPolicy:
        return ResetPolicy(
            lifetime=timedelta(minutes=self.password_reset_minutes),
            answer_floor=timedelta(milliseconds=self.password_reset_floor_ms),
            requests_per_address=rate(self.rate_reset_per_address),
            requests_per_client=rate(self.rate_reset_per_client),
            confirms_per_client=rate(self.rate_reset_confirm_per_client),
            confirms_per_account=rate(self.rate_reset_confirm_per_account),
        )

    def pool_size(self) -> int:
        return self.db_pool_size or max(2, min(20, 80 // self.workers))

    def hashing_threads(self) -> int:
        """Each worker's share of the cores for password hashing (at least one thread)."""
        return max(1, (os.cpu_count() or 1) // self.workers)

    def abuse_limits(self) -> AbuseLimits:
        return AbuseLimits(
            logins_per_client=rate(self.rate_login_per_client),
            login_failures_per_account=rate(self.rate_login_failures_per_account),
            sign_ups_per_client=rate(self.rate_registration_per_client),
            messages_per_user=rate(self.rate_messages_per_user),
            notifications_per_client=rate(self.rate_notifications_per_client),
        )

    def signing_key(self) -> str:
        return self.secret_key or generated_secret_key()


def rate(text: str) -> Rate:
    """`5/hour`, `30/15 minutes`, `10 per minute` (the `limits` library's rate strings) as a Rate."""
    try:
        item = limits.parse(text)
    except ValueError as error:
        raise ValueError(f"not a rate: {text!r} (write it as 5/hour or 30/15 minutes)") from error
    return Rate(item.amount, timedelta(seconds=item.get_expiry()))


def _split(networks: str) -> list[str]:
    return [network.strip() for network in networks.split(",") if network.strip()]


def _networks(text: str) -> list[Network]:
    return [ipaddress.ip_network(network, strict=False) for network in _split(text)]
