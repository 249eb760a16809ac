"""Schema migrations (Alembic), callable from the command line and from tests."""

from pathlib import Path

from alembic import command
from alembic.config import Config

_MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    """Brings the database to `revision`. Runs its own event loop: call it outside a running one."""
    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str, revision: str) -> None:
    """Takes the database back to `revision` ("base" is empty). Runs its own event loop."""
    command.downgrade(alembic_config(database_url), revision)


def make_revision(database_url: str, message: str) -> None:
    """Writes a new migration from the difference between the row models and the database."""
    command.revision(alembic_config(database_url), message=message, autogenerate=True)
