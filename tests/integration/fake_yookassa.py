"""A local stand-in for YooKassa's v3 API (the part the service uses), served by pytest-httpserver.

It checks Basic auth and the Idempotence-Key header, keeps its payments in memory, answers a repeated
idempotence key with the answer it gave the first time (without doing anything again), and refuses a
capture or cancel of a payment that is not waiting for capture, as the real API does (400)."""

import json
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

SHOP_ID = "506751"
SECRET_KEY = "test_secret_key_of_the_imitation"
_PAYMENT = re.compile(r"^/v3/payments/(?P<id>[^/]+)(?P<action>/capture|/cancel)?$")


def _error(status: int, code: str, description: str) -> Response:
    body = {"type": "error", "id": str(uuid.uuid4()), "code": code, "description": description}
    return Response(json.dumps(body), status=status, content_type="application/json")


@dataclass
class FakeYooKassa:
    checkout_base: str = "https://yoomoney.example/checkout"
    payments: dict[str, dict[str, Any]] = field(default_factory=dict)
    requests: list[tuple[str, str, str | None]] = field(default_factory=list)
    # What it did (not what it was asked): ("create" | "capture" | "cancel", payment id).
    effects: list[tuple[str, str]] = field(default_factory=list)
    # Every answer from now on has this status (500, 503...), or comes after this many seconds.
    failing: int | None = None
    delay: float = 0.0
    _answers: dict[tuple[str, str], tuple[int, str]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def install(self, server: HTTPServer) -> None:
        server.expect_request(re.compile(r"^/v3/.*")).respond_with_handler(self.handle)

    def pay(self, payment_id: str) -> dict[str, Any]:
        """The payer confirms on YooKassa's page: the money is held for seven days."""
        payment = self.payments[payment_id]
        payment.update(status="waiting_for_capture", paid=True, expires_at=_stamp(timedelta(days=7)))
        return self.notification("payment.waiting_for_capture", payment_id)

    def notification(self, event: str, payment_id: str) -> dict[str, Any]:
        return {"type": "notification", "event": event, "object": dict(self.payments[payment_id])}

    def handle(self, request: Request) -> Response:
        key = request.headers.get("Idempotence-Key")
        with self._lock:
            self.requests.append((request.method, request.path, key))
        if self.delay:
            time.sleep(self.delay)
        if request.authorization is None or (request.authorization.username, request.authorization.password) != (
            SHOP_ID,
            SECRET_KEY,
        ):
            return _error(401, "invalid_credentials", "Wrong shop id or secret key")
        if self.failing is not None:
            return _error(self.failing, "internal_server_error", "Something went wrong")
        if request.method == "POST":
            if not key:
                return _error(400, "invalid_request", "Idempotence-Key header is required")
            with self._lock:
                if (key, request.path) in self._answers:
                    status, body = self._answers[(key, request.path)]
                    return Response(body, status=status, content_type="application/json")
                response = self._post(request)
                self._answers[(key, request.path)] = (response.status_code, response.get_data(as_text=True))
                return response
        return self._get(request)

    def _post(self, request: Request) -> Response:
        body = request.get_json()
        if request.path == "/v3/payments":
            return self._create(body)
        match = _PAYMENT.match(request.path)
        if match is None or match["id"] not in self.payments:
            return _error(404, "not_found", "No such payment")
        payment = self.payments[match["id"]]
        if payment["status"] != "waiting_for_capture":
            return _error(400, "invalid_request", f"Payment is {payment['status']}")
        if match["action"] == "/capture":
            if body.get("amount", payment["amount"]) != payment["amount"]:
                return _error(400, "invalid_request", "Amount differs")
            payment.update(status="succeeded", captured_at=_stamp())
            self.effects.append(("capture", payment["id"]))
        else:
            payment.update(
                status="canceled", cancellation_details={"party": "merchant", "reason": "canceled_by_merchant"}
            )
        return _ok(payment)

    def _create(self, body: dict[str, Any]) -> Response:
        if body.get("capture") is not False or body.get("confirmation", {}).get("type") != "redirect":
            return _error(400, "invalid_request", "Only two-stage redirect payments here")
        payment_id = f"2{uuid.uuid4().hex[:7]}-000f-5000-8000-{uuid.uuid4().hex[:12]}"
        self.payments[payment_id] = {
            "id": payment_id,
            "status": "pending",
            "paid": False,
            "amount": body["amount"],
            "confirmation": {
                "type": "redirect",
                "confirmation_url": f"{self.checkout_base}/{payment_id}",
                "return_url": body["confirmation"]["return_url"],
            },
            "created_at": _stamp(),
            "description": body.get("description", ""),
            "metadata": body.get("metadata", {}),
            "recipient": {"account_id": SHOP_ID, "gateway_id": "100700"},
            "refundable": False,
            "test": True,
        }
        self.effects.append(("create", payment_id))
        return _ok(self.payments[payment_id])

    def _get(self, request: Request) -> Response:
        match = _PAYMENT.match(request.path)
        if request.method != "GET" or match is None or match["action"]:
            return _error(405, "invalid_request", "Not here")
        if match["id"] not in self.payments:
            return _error(404, "not_found", "No such payment")
        return _ok(self.payments[match["id"]])


def _ok(payment: dict[str, Any]) -> Response:
    return Response(json.dumps(payment), status=200, content_type="application/json")


def _stamp(later: timedelta = timedelta(0)) -> str:
    return (datetime.now(UTC) + later).isoformat(timespec="milliseconds").replace("+00:00", "Z")
