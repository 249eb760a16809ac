"""Schemathesis against the service's own OpenAPI document, on a real server: for every operation, a
bounded number of generated requests (valid and invalid, with a customer's or a star's token), a fixed
seed, and no 5xx, no answer outside the documented statuses, no body or header unlike the documented ones."""

import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    ignored_auth,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.core.result import Err
from schemathesis.schemas import APIOperation, BaseSchema

from tests.live_server import LiveServer, serving

Operation = APIOperation[Any, Any, Any, Any]

EXAMPLES = int(os.environ.get("MYSTAR_FUZZ_EXAMPLES", "25"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
    ignored_auth,
]
# The limits have tests of their own; here a spent one would hide its route behind 429s.
RELAXED_LIMITS = {
    "MYSTAR_PASSWORD_RESET_FLOOR_MS": "0",
    **{
        f"MYSTAR_RATE_{name}": "100000/minute"
        for name in (
            "LOGIN_PER_CLIENT",
            "LOGIN_FAILURES_PER_ACCOUNT",
            "REGISTRATION_PER_CLIENT",
            "MESSAGES_PER_USER",
            "NOTIFICATIONS_PER_CLIENT",
            "RESET_PER_ADDRESS",
            "RESET_PER_CLIENT",
            "RESET_CONFIRM_PER_CLIENT",
            "RESET_CONFIRM_PER_ACCOUNT",
        )
    },
}
STAR_ROUTES = (
    "/api/orderaccept",
    "/api/order/accept",
    "/api/order/pay/capture",
    "/api/upload/video",
    "/api/upload/cong",
)


@dataclass(frozen=True)
class Target:
    server: LiveServer
    schema: BaseSchema
    customer: str
    star: str

    def token_for(self, operation: Operation) -> str:
        return self.star if operation.path.startswith(STAR_ROUTES) else self.customer


@pytest.fixture(scope="module")
def target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Target]:
    with serving(tmp_path_factory.mktemp("fuzz"), **RELAXED_LIMITS) as server:
        customer = httpx.post(
            f"{server.url}/api/registration/",
            json={
                "username": "fuzzer",
                "email": "fuzzer@example.com",
                "phone": "79000000001",
                "password": "fuzz it well",
            },
        )
        star = httpx.post(f"{server.url}/api/login/", json={"login": "zemfira", "password": "zvezda-demo-2026"})
        assert (customer.status_code, star.status_code) == (201, 201)
        schema = schemathesis.openapi.from_url(f"{server.url}/docs/openapi.json")
        yield Target(server, schema, customer.json()["token"], star.json()["token"])


def fuzz(target: Target, operation: Operation, mode: GenerationMode) -> None:
    headers = {"Authorization": f"Bearer {target.token_for(operation)}"}

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(mode))
    def run(case: schemathesis.Case[Any]) -> None:
        case.call_and_validate(base_url=target.server.url, headers=headers, checks=CHECKS, timeout=30)

    run()


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=lambda mode: mode.value)
def test_every_operation_answers_only_what_its_document_promises(target: Target, mode: GenerationMode) -> None:
    failures: dict[str, str] = {}
    for result in target.schema.get_all_operations():
        if isinstance(result, Err):
            failures[str(result.err())[:80]] = "the document does not describe this operation validly"
            continue
        operation = result.ok()
        try:
            fuzz(target, operation, mode)
        except Unsatisfiable:
            assert mode is GenerationMode.NEGATIVE  # an operation that takes nothing has no invalid request
        except (Exception, BaseExceptionGroup) as failure:  # every operation's failure is collected, then reported
            failures[operation.label] = str(failure)[:2000]

    assert not failures, "\n\n".join(f"{label}:\n{text}" for label, text in failures.items())
