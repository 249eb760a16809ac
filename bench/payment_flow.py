"""Times the payment flow against a running server (`make run`, or any MYSTAR_PUBLIC_URL): for N orders,
one after another, place → pay link → /payments/ → the sandbox's Pay → return page → accept (capture),
and for N more the star's decline (release). Prints the median and the 95th percentile of each step.

    .venv/bin/python bench/payment_flow.py [--url http://127.0.0.1:8000] [--orders 50]

Needs the demo catalogue (zemfira, password zvezda-demo-2026) and the sandbox provider.
"""

import argparse
import secrets
import statistics
import time
from collections import defaultdict
from typing import Any
from urllib.parse import urlsplit

import httpx

DEMO_PASSWORD = "zvezda-demo-2026"


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--url", default="http://127.0.0.1:8000")
    options.add_argument("--orders", type=int, default=50)
    args = options.parse_args()
    timings: dict[str, list[float]] = defaultdict(list)

    with httpx.Client(base_url=args.url, timeout=30) as api:

        def timed(step: str, expected: int, method: str, url: str, **options: Any) -> httpx.Response:
            started = time.perf_counter()
            response = api.request(method, url, **options)
            timings[step].append((time.perf_counter() - started) * 1000)
            if response.status_code != expected:
                raise SystemExit(f"{step}: {response.status_code} {response.text[:300]}")
            return response

        name = f"bench{secrets.token_hex(4)}"
        account = {"username": name, "email": f"{name}@example.com", "phone": f"+7900{secrets.randbelow(10**7):07d}"}
        customer = api.post("/api/registration/", json=account | {"password": "a long benchmark passphrase"})
        customer_auth = {"Authorization": f"Bearer {customer.json()['token']}"}
        star = api.post("/api/login/", json={"login": "zemfira", "password": DEMO_PASSWORD}).json()
        star_auth = {"Authorization": f"Bearer {star['token']}"}
        wish = {"star_id": star["id"], "for_whom": "Маме", "comment": "С днём рождения!"}

        for index in range(args.orders * 2):
            placed = timed("POST /api/order/", 201, "POST", "/api/order/", json=wish, headers=customer_auth)
            order_id = placed.json()["order_id"]
            pay_link = timed(
                "GET /api/order/pay/",
                200,
                "GET",
                "/api/order/pay/",
                params={"order_id": order_id},
                headers=customer_auth,
            )
            checkout = timed("GET /payments/ (create)", 302, "GET", _path(pay_link.json()["link"]))
            back = timed("POST sandbox pay", 303, "POST", f"{_path(checkout.headers['location'])}pay/")
            timed("GET /payments/done/", 200, "GET", _path(back.headers["location"]))
            decision = "accept" if index % 2 == 0 else "decline"
            step = "accept (capture)" if decision == "accept" else "decline (release)"
            body = {"order_id": order_id, "accept": decision}
            timed(step, 201, "POST", "/api/orderaccept/", json=body, headers=star_auth)

    print(f"{'step':28} {'n':>4} {'p50 ms':>8} {'p95 ms':>8}")
    for step, values in timings.items():
        p95 = statistics.quantiles(values, n=20, method="inclusive")[-1] if len(values) > 1 else values[0]
        print(f"{step:28} {len(values):>4} {statistics.median(values):>8.1f} {p95:>8.1f}")


def _path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


if __name__ == "__main__":
    main()
