"""A fresh `mystar serve` for a benchmark: SQLite (or the given database), media and mail in a temporary
folder, migrated, with the demo catalogue, stopped when the benchmark ends."""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx


@dataclass(frozen=True)
class Server:
    url: str
    pid: int
    directory: Path


@contextmanager
def live_server(settings: dict[str, str] | None = None, database_url: str = "") -> Iterator[Server]:
    """Runs `mystar db upgrade`, `mystar demo` and `mystar serve` with these MYSTAR_* settings on top of
    a benchmark's defaults (one worker, a fixed secret key, warnings only in the log)."""
    with tempfile.TemporaryDirectory(prefix="mystar-bench-") as folder:
        directory = Path(folder)
        port = free_port()
        env = {
            **os.environ,
            "MYSTAR_DATABASE_URL": database_url or f"sqlite+aiosqlite:///{directory / 'mystar.db'}",
            "MYSTAR_SANDBOX_DATABASE_URL": f"sqlite+aiosqlite:///{directory / 'sandbox.db'}",
            "MYSTAR_MEDIA_DIR": str(directory / "media"),
            "MYSTAR_SECRET_KEY": "benchmark-secret-key-0123456789abcdef-0123456789",
            "MYSTAR_PORT": str(port),
            "MYSTAR_WORKERS": "1",
            "MYSTAR_LOG_LEVEL": "WARNING",
            **(settings or {}),
        }
        mystar = shutil.which("mystar") or str(Path(sys.executable).parent / "mystar")
        for step in (["db", "upgrade"], ["demo"]):
            subprocess.run([mystar, *step], env=env, check=True, cwd=directory, capture_output=True)
        server = subprocess.Popen([mystar, "serve"], env=env, cwd=directory, stdout=subprocess.DEVNULL)
        try:
            url = f"http://127.0.0.1:{port}"
            _wait_until_ready(url)
            yield Server(url, server.pid, directory)
        finally:
            server.terminate()
            server.wait(timeout=30)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def _wait_until_ready(url: str) -> None:
    for _ in range(150):
        try:
            if httpx.get(f"{url}/ready", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("the server did not start")
