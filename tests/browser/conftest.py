"""A real server (`mystar serve`, as in production) and a real browser (Debian's Chromium, headless)."""

import os
import shutil
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from playwright.async_api import Browser, async_playwright

from tests.ports import free_port

CHROMIUM = os.environ.get("MYSTAR_TEST_CHROMIUM", "/usr/bin/chromium")


@dataclass(frozen=True)
class LiveServer:
    url: str
    log: Path
    directory: Path  # the server's working directory: `var/outbox` holds its e-mails


def _mystar() -> str:
    return shutil.which("mystar") or str(Path(sys.executable).parent / "mystar")


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[LiveServer]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "MYSTAR_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'mystar.db'}",
        "MYSTAR_SANDBOX_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'sandbox.db'}",
        "MYSTAR_SECRET_KEY": "browser-tests-secret-key-of-enough-length",
        "MYSTAR_PORT": str(port),
        "MYSTAR_PUBLIC_URL": url,
        "MYSTAR_MEDIA_DIR": str(tmp_path / "media"),
        "MYSTAR_MAIL_SEND_SECONDS": "0.2",
    }
    # As `make run` does: migrate, load the demo catalogue, serve.
    for step in (["db", "upgrade"], ["demo"]):
        subprocess.run([_mystar(), *step], env=env, check=True, cwd=tmp_path, capture_output=True)
    log = tmp_path / "server.log"
    with log.open("wb") as output:
        server = subprocess.Popen([_mystar(), "serve"], env=env, cwd=tmp_path, stdout=output, stderr=output)
        try:
            _wait_until_ready(url, server, log)
            yield LiveServer(url, log, tmp_path)
        finally:
            server.terminate()
            server.wait(timeout=15)


def _wait_until_ready(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
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


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        try:
            yield browser
        finally:
            await browser.close()
