"""A real server, started as production starts it (`mystar db upgrade`, `mystar demo`, `mystar serve`) in
a folder of the test's own, on a free port, with SQLite."""

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.ports import free_port


@dataclass(frozen=True)
class LiveServer:
    url: str
    log: Path
    directory: Path  # the server's working directory: `var/outbox` holds its e-mails
    process: subprocess.Popen[bytes]
    env: dict[str, str]

    def worker_pids(self) -> list[int]:
        """The worker processes Granian started (children of the server's own process)."""
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rpartition(")")[2].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                children.append(int(stat.parent.name))
        return children


def mystar() -> str:
    return shutil.which("mystar") or str(Path(sys.executable).parent / "mystar")


def server_env(directory: Path, port: int, **overrides: str) -> dict[str, str]:
    url = f"http://127.0.0.1:{port}"
    # The developer's own MYSTAR_* settings (a Redis, a payment provider) stay out of the test's server.
    inherited = {name: value for name, value in os.environ.items() if not name.startswith("MYSTAR_")}
    return {
        **inherited,
        "MYSTAR_DATABASE_URL": f"sqlite+aiosqlite:///{directory / 'mystar.db'}",
        "MYSTAR_SANDBOX_DATABASE_URL": f"sqlite+aiosqlite:///{directory / 'sandbox.db'}",
        "MYSTAR_SECRET_KEY": "live-server-tests-secret-key-of-enough-length",
        "MYSTAR_PORT": str(port),
        "MYSTAR_PUBLIC_URL": url,
        "MYSTAR_MEDIA_DIR": str(directory / "media"),
        "MYSTAR_MAIL_SEND_SECONDS": "0.2",
        **overrides,
    }


@contextmanager
def serving(directory: Path, **overrides: str) -> Iterator[LiveServer]:
    """Migrates, loads the demo catalogue and serves until the block ends (`overrides`: MYSTAR_* values)."""
    port = free_port()
    env = server_env(directory, port, **overrides)
    for step in (["db", "upgrade"], ["demo"]):
        subprocess.run([mystar(), *step], env=env, check=True, cwd=directory, capture_output=True)
    log = directory / "server.log"
    with log.open("ab") as output:
        server = subprocess.Popen([mystar(), "serve"], env=env, cwd=directory, stdout=output, stderr=output)
        try:
            wait_until_ready(f"http://127.0.0.1:{port}", server, log)
            yield LiveServer(f"http://127.0.0.1:{port}", log, directory, server, env)
        finally:
            server.terminate()
            server.wait(timeout=15)


def wait_until_ready(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server stopped: {log.read_text()}")
        try:
            if httpx.get(f"{url}/ready", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the server did not start: {log.read_text()}")
