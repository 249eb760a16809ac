"""A person who forgot the password: the e-mailed link (a `.eml` file of the file outbox, as on a fresh
`make run`) → the form in a browser → a refusal that shows the rules → the new password → logging in."""

import asyncio
import email
import re
from pathlib import Path

import httpx
from playwright.async_api import Browser, expect

from tests.live_server import LiveServer

PASSWORD = "a long enough passphrase"
NEW_PASSWORD = "a brand new passphrase"
LINK = re.compile(r"https?://\S+/password_reset/confirm/\?token=[A-Za-z0-9_-]+")


def links_in(outbox: Path, address: str) -> list[str]:
    links = []
    for path in sorted(outbox.glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes())
        payload = message.get_payload(decode=True)
        if message["To"] == address and isinstance(payload, bytes):
            links += LINK.findall(payload.decode(message.get_content_charset() or "utf-8"))
    return links


async def mailed_link(outbox: Path, address: str) -> str:
    """The reset link of the e-mail to `address`, once the server's mail round has written it."""
    for _ in range(200):
        if links := await asyncio.to_thread(links_in, outbox, address):
            return links[-1]
        await asyncio.sleep(0.05)
    raise AssertionError(f"no reset e-mail to {address} in {outbox}")


async def test_a_forgotten_password_is_set_anew_in_a_browser(live_server: LiveServer, browser: Browser) -> None:
    async with httpx.AsyncClient(base_url=live_server.url, timeout=10) as api:
        account = {"username": "masha", "email": "masha@example.com", "phone": "+79001234567", "password": PASSWORD}
        old_token = (await api.post("/api/registration/", json=account)).json()["token"]
        asked = await api.post("/password-reset/", json={"email": "masha@example.com"})
        assert asked.json() == {"status": "OK"}
        link = await mailed_link(live_server.directory / "var" / "outbox", "masha@example.com")

        page = await browser.new_page()
        await page.goto(link)
        await expect(page.get_by_role("heading", name="Новый пароль")).to_be_visible()
        await page.get_by_label("Новый пароль").fill("password123")
        await page.get_by_label("Повторите пароль").fill("password123")
        await page.get_by_role("button", name="Сохранить пароль").click()

        await expect(page.get_by_role("alert")).to_contain_text("распространён")
        await expect(page.locator("#rules")).to_contain_text("от 8 до 128 символов")
        await page.get_by_label("Новый пароль").fill(NEW_PASSWORD)
        await page.get_by_label("Повторите пароль").fill(NEW_PASSWORD)
        await page.get_by_role("button", name="Сохранить пароль").click()
        await expect(page.get_by_role("heading", name="Пароль изменён")).to_be_visible()

        await page.goto(link)
        await expect(page.locator("#dead-link")).to_have_attribute("data-reason", "notfound")

        assert (await api.get("/api/personal/", headers={"Authorization": f"Bearer {old_token}"})).status_code == 401
        assert (await api.post("/api/login/", json={"login": "masha", "password": PASSWORD})).status_code == 401
        login = await api.post("/api/login/", json={"login": "masha@example.com", "password": NEW_PASSWORD})
        assert login.status_code == 201
