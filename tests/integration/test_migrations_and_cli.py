"""Alembic migrations match the row models, and the `mystar` command migrates and loads the demo."""

import asyncio
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, inspect
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.persistence.database import create_engine
from adapters.persistence.migrate import downgrade, upgrade
from adapters.persistence.tables import UserRow
from entrypoints.cli import main
from entrypoints.settings import Settings
from tests.integration.conftest import in_thread, recreate_postgres_database


async def test_migrated_schema_matches_the_row_models(engine: AsyncEngine) -> None:
    def differences(connection: Connection) -> list[object]:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, UserRow.metadata))

    async with engine.connect() as connection:
        diff = await connection.run_sync(differences)

    if engine.dialect.name == "sqlite":
        diff = without_sort_orders(diff)
    assert diff == []


def index_columns(index: Any) -> list[str]:
    """An index's columns by name, an expression such as `top DESC` read as its column."""
    return [str(getattr(part, "name", part)).split()[0] for part in index.expressions]


def without_sort_orders(diff: list[Any]) -> list[Any]:
    """SQLite reports an index's columns without their sort order (`top DESC` comes back as `top`), so
    Alembic sees such an index as another one: a removal and an addition of one name and columns."""
    removed = {item[1].name: index_columns(item[1]) for item in diff if item[0] == "remove_index"}
    added = {item[1].name: index_columns(item[1]) for item in diff if item[0] == "add_index"}
    same = {name for name in removed if added.get(name) == removed[name]}
    return [item for item in diff if not (item[0] in ("remove_index", "add_index") and item[1].name in same)]


def run_mystar(*args: str, cwd: Path, **environment: str) -> subprocess.CompletedProcess[str]:
    """Runs the command as an operator would, in `cwd`, with no MYSTAR_* setting but the given ones."""
    clean = {key: value for key, value in os.environ.items() if not key.startswith("MYSTAR_")}
    clean["MYSTAR_SECRET_KEY"] = "cli-test-secret-key-of-enough-length"
    return subprocess.run(
        [sys.executable, "-m", "entrypoints.cli", *args],
        cwd=cwd,
        env=clean | environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_cli_migrates_and_loads_the_demo_catalogue_once(tmp_path: Path) -> None:
    upgraded = run_mystar("db", "upgrade", cwd=tmp_path)
    first = run_mystar("demo", cwd=tmp_path)
    second = run_mystar("demo", cwd=tmp_path)

    assert upgraded.returncode == 0, upgraded.stderr
    assert first.returncode == 0, first.stderr
    assert "demo catalogue loaded: 7 categories, 40 stars" in first.stderr
    assert second.returncode == 0
    assert "demo not loaded" in second.stderr
    assert (tmp_path / "var" / "mystar.db").exists()


def test_cli_creates_an_admin_who_can_log_in_and_refuses_a_weak_password(tmp_path: Path) -> None:
    run_mystar("db", "upgrade", cwd=tmp_path)
    admin = ("create-admin", "--username", "root", "--email", "root@example.com", "--phone", "79001234567")

    weak = run_mystar(*admin, cwd=tmp_path, MYSTAR_ADMIN_PASSWORD="password")
    strong = run_mystar(*admin, cwd=tmp_path, MYSTAR_ADMIN_PASSWORD="a long enough passphrase")
    again = run_mystar(*admin, cwd=tmp_path, MYSTAR_ADMIN_PASSWORD="a long enough passphrase")

    assert weak.returncode == 1
    assert "validation_error" in weak.stderr
    assert strong.returncode == 0, strong.stderr
    assert "admin root created" in strong.stderr
    assert again.returncode == 1
    assert "username_taken" in again.stderr


def test_cli_without_a_command_exits_with_usage() -> None:
    with pytest.raises(SystemExit) as exit_:
        main([])

    assert exit_.value.code == 2


def test_migrations_go_down_to_empty_and_up_again(database_url: str, tmp_path: Path) -> None:
    url = (
        f"sqlite+aiosqlite:///{tmp_path / 'migrations.db'}"
        if database_url.startswith("sqlite")
        else database_url.rsplit("/", 1)[0] + "/mystar_test_migrations"
    )
    if not url.startswith("sqlite"):
        in_thread(asyncio.run, recreate_postgres_database(url))

    in_thread(upgrade, url)
    in_thread(downgrade, url, "base")
    in_thread(upgrade, url)

    assert in_thread(asyncio.run, table_names(url)) >= {"user_account", "star", "star_order", "message", "rating"}


async def table_names(url: str) -> set[str]:
    engine = create_engine(url)
    async with engine.connect() as connection:
        names = await connection.run_sync(lambda sync: set(inspect(sync).get_table_names()))
    await engine.dispose()
    return names


@pytest.mark.parametrize(("cores", "workers", "threads"), [(2, 1, 2), (2, 2, 1), (8, 3, 2), (2, 4, 1)])
def test_the_workers_share_the_cores_for_hashing_at_least_a_thread_each(
    monkeypatch: pytest.MonkeyPatch, cores: int, workers: int, threads: int
) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: cores)

    assert Settings(workers=workers, secret_key="s" * 32).hashing_threads() == threads
