"""A real server (`mystar serve`, as in production) and a real browser (Debian's Chromium, headless)."""

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from playwright.async_api import Browser, async_playwright

from tests.live_server import LiveServer, serving

CHROMIUM = os.environ.get("MYSTAR_TEST_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[LiveServer]:
    with serving(tmp_path) as running:
        yield running


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        try:
            yield browser
        finally:
            await browser.close()
