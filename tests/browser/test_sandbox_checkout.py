"""The customer pays in a browser: pay link → the sandbox's page → Pay → back on the service, money held."""

import asyncio
import re

import httpx
from playwright.async_api import Browser, expect

from tests.live_server import LiveServer

PASSWORD = "a long enough passphrase"
DEMO_PASSWORD = "zvezda-demo-2026"


async def test_the_customer_pays_in_a_browser_and_the_star_captures(live_server: LiveServer, browser: Browser) -> None:
    async with httpx.AsyncClient(base_url=live_server.url, timeout=10) as api:
        account = {"username": "masha", "email": "masha@example.com", "phone": "+79001234567", "password": PASSWORD}
        customer = {"Authorization": f"Bearer {(await api.post('/api/registration/', json=account)).json()['token']}"}
        login = await api.post("/api/login/", json={"login": "zemfira", "password": DEMO_PASSWORD})
        star = {"Authorization": f"Bearer {login.json()['token']}"}
        star_id = login.json()["id"]
        placed = await api.post(
            "/api/order/",
            json={"star_id": star_id, "for_whom": "Маме", "comment": "С днём рождения!"},
            headers=customer,
        )
        order_id = placed.json()["order_id"]
        link = (await api.get(f"/api/order/pay/?order_id={order_id}", headers=customer)).json()["link"]

        page = await browser.new_page()
        await page.goto(link)
        await expect(page).to_have_url(re.compile(r"/payments/sandbox/[0-9a-f-]+/$"))
        await expect(page.locator("#amount")).to_contain_text("15000.00")
        await page.get_by_role("button", name="Оплатить").click()

        await expect(page).to_have_url(re.compile(rf"/payments/done/\?order_id={order_id}&sig="))
        await expect(page.locator("#payment")).to_have_attribute("data-status", "held")
        detail = await api.get(f"/api/order/cust/detail/?order_id={order_id}", headers=customer)
        assert detail.json()["payment_status"] == "held"

        accepted = await api.post("/api/orderaccept/", json={"order_id": order_id, "accept": "accept"}, headers=star)
        assert accepted.status_code == 201
        detail = await api.get(f"/api/order/cust/detail/?order_id={order_id}", headers=customer)
        assert (detail.json()["status_order"], detail.json()["payment_status"]) == (1, "captured")

    # The sandbox also told the server over HTTP, as YooKassa would (the pages above did not wait for it).
    delivered = '/payments/notifications/ "HTTP/1.1 200 OK"'
    for _ in range(100):
        if live_server.log.read_text().count(delivered) >= 2:  # waiting_for_capture, then succeeded
            break
        await asyncio.sleep(0.05)
    assert live_server.log.read_text().count(delivered) == 2, live_server.log.read_text()
