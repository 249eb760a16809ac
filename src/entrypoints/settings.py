"""Configuration from `MYSTAR_*` environment variables (and a `.env` file); every value has a laptop default."""

import os
import secrets
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

SECRET_KEY_FILE = Path("var/secret.key")


def generated_secret_key(path: Path = SECRET_KEY_FILE) -> str:
    """The key kept in `path`, made on first use; several processes starting at once agree on one key."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        key = path.read_text().strip()
        if key:
            return key
        descriptor = os.open(path, os.O_WRONLY | os.O_TRUNC)
    key = secrets.token_urlsafe(48)
    with os.fdopen(descriptor, "w") as file:
        file.write(key)
    return key


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MYSTAR_", env_file=".env", extra="ignore")

    database_url: str = "sqlite+aiosqlite:///var/mystar.db"
    media_dir: Path = Path("var/media")
    public_url: str = "http://127.0.0.1:8000"
    secret_key: str = Field(default="", repr=False)
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    workers: int = Field(default=1, ge=1, le=64)
    token_lifetime_hours: int = Field(default=24 * 7, ge=1)
    db_pool_size: int = Field(default=10, ge=1)
    log_level: str = "INFO"

    @field_validator("public_url")
    @classmethod
    def _strip_trailing_slash(cls, value: str) -> str:
        return value.rstrip("/")

    def signing_key(self) -> str:
        return self.secret_key or generated_secret_key()
