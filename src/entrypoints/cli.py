"""The `mystar` command: serve the API, migrate the database, load the demo, create an operator."""

import argparse
import asyncio
import getpass
import logging
import os
import sys
from collections.abc import Awaitable, Callable
from typing import TypeVar

from granian import Granian
from granian.constants import Interfaces
from pydantic import ValidationError

from adapters.persistence.database import ensure_sqlite_directory
from adapters.persistence.migrate import upgrade
from application.accounts import NewAccount
from application.create_admin import CreateAdmin
from application.load_demo_catalogue import LoadDemoCatalogue
from domain.errors import DomainError
from entrypoints.container import build_container
from entrypoints.demo import demo_catalogue
from entrypoints.settings import Settings

logger = logging.getLogger(__name__)

T = TypeVar("T")
UseCase = TypeVar("UseCase")


async def _run_use_case(settings: Settings, use_case: type[UseCase], action: Callable[[UseCase], Awaitable[T]]) -> T:
    container = build_container(settings)
    try:
        async with container() as request:
            return await action(await request.get(use_case))
    finally:
        await container.close()


def serve(settings: Settings) -> None:
    settings.signing_key()  # made once here, so that the workers share one key
    # The workers read their settings afresh: the address given here (`--port`) is the one links name, and
    # the number of workers (`--workers`) is the one their shares of the pool and the cores are made from.
    os.environ.setdefault("MYSTAR_PUBLIC_URL", settings.public_url)
    os.environ["MYSTAR_WORKERS"] = str(settings.workers)
    ensure_sqlite_directory(settings.database_url)
    if settings.workers > 1 and not settings.redis_url:
        logger.warning(
            "%s workers without MYSTAR_REDIS_URL: each counts the rate limits alone (set it to share them)",
            settings.workers,
        )
    Granian(
        "entrypoints.http.app:create_app",
        factory=True,
        interface=Interfaces.ASGI,
        address=settings.host,
        port=settings.port,
        workers=settings.workers,
    ).serve()


def db_upgrade(settings: Settings) -> None:
    upgrade(settings.database_url)
    logger.info("database is at the latest revision")  # Alembic logs each migration it runs


def load_demo(settings: Settings) -> None:
    asyncio.run(_run_use_case(settings, LoadDemoCatalogue, lambda load: load.execute(demo_catalogue())))


def create_admin(settings: Settings, args: argparse.Namespace) -> None:
    password = os.environ.get("MYSTAR_ADMIN_PASSWORD") or getpass.getpass("Password: ")
    account = NewAccount(username=args.username, email=args.email, phone=args.phone, password=password)
    asyncio.run(_run_use_case(settings, CreateAdmin, lambda create: create.execute(account)))


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="mystar", description="My Star back end")
    commands = root.add_subparsers(dest="command", required=True)

    serve_command = commands.add_parser("serve", help="serve the HTTP API (Granian)")
    serve_command.add_argument("--host", help="overrides MYSTAR_HOST")
    serve_command.add_argument("--port", type=int, help="overrides MYSTAR_PORT")
    serve_command.add_argument("--workers", type=int, help="overrides MYSTAR_WORKERS")

    db = commands.add_parser("db", help="database schema")
    db_commands = db.add_subparsers(dest="db_command", required=True)
    db_commands.add_parser("upgrade", help="apply every pending migration")

    commands.add_parser("demo", help="load the demo catalogue into an empty database")

    admin = commands.add_parser(
        "create-admin", help="create an operator account (password from MYSTAR_ADMIN_PASSWORD or asked)"
    )
    admin.add_argument("--username", required=True)
    admin.add_argument("--email", required=True)
    admin.add_argument("--phone", required=True)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    overrides = {key: value for key in ("host", "port", "workers") if (value := getattr(args, key, None)) is not None}
    try:
        settings = Settings(**overrides)
    except ValidationError as error:
        for problem in error.errors():
            where = ".".join(str(part) for part in problem["loc"])
            logger.error("the configuration is refused: %s%s", f"{where}: " if where else "", problem["msg"])
        return 2

    try:
        if args.command == "serve":
            serve(settings)
        elif args.command == "db":
            db_upgrade(settings)
        elif args.command == "demo":
            load_demo(settings)
        elif args.command == "create-admin":
            create_admin(settings, args)
    except DomainError as error:
        logger.error("%s (%s)", error.message, error.code)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
