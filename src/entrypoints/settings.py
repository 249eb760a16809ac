"""Configuration from `MYSTAR_*` environment variables (and a `.env` file); every value has a laptop default."""

import os
import secrets
import tempfile
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

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
        # TODO(#7): refuse to start without MYSTAR_SECRET_KEY when the service is deployed for real.
        return self.secret_key or generated_secret_key()
