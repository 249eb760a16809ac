"""Health, readiness, the API documents and the error shape of the unexpected."""

from pathlib import Path

from litestar.testing import AsyncTestClient

from entrypoints.http.app import create_app
from entrypoints.settings import Settings
from tests.integration.http_helpers import Client, assert_error

CONTRACT_ROUTES = {
    ("post", "/api/registration"),
    ("post", "/api/login"),
    ("get", "/api/personal"),
    ("put", "/api/personal"),
    ("get", "/api/categories"),
    ("post", "/api/star/create"),
    ("get", "/api/star/getlist"),
    ("get", "/api/star/id"),
    ("get", "/api/star/category"),
    ("post", "/api/star/filter"),
    ("post", "/api/order"),
    ("post", "/api/orderaccept"),
    ("post", "/api/order/accept"),
    ("post", "/api/order/cancel"),
    ("get", "/api/order/cust/detail"),
    ("get", "/api/order/list"),
    ("post", "/api/star/like"),
    ("delete", "/api/star/like"),
    ("get", "/api/star/favorite"),
    ("post", "/api/star/favorite"),
    ("delete", "/api/star/favorite"),
    ("put", "/api/ratestar"),
    ("post", "/api/message"),
    ("get", "/api/message"),
    ("get", "/health"),
    ("get", "/ready"),
}


async def test_health_and_ready_answer_ok(client: Client) -> None:
    health = await client.get("/health")
    ready = await client.get("/ready")

    assert (health.status_code, health.json()) == (200, {"status": "ok"})
    assert (ready.status_code, ready.json()) == (200, {"status": "ok"})


async def test_ready_answers_503_when_the_database_does_not(tmp_path: Path) -> None:
    settings = Settings(
        database_url="postgresql+asyncpg://postgres@127.0.0.1:1/nothing",
        secret_key="k" * 40,
        _env_file=None,  # type: ignore[call-arg]
    )

    async with AsyncTestClient(create_app(settings)) as client:
        response = await client.get("/ready")

    assert response.status_code == 503
    assert response.json()["code"] == "database_unavailable"


async def test_openapi_describes_every_route_built_so_far(client: Client) -> None:
    response = await client.get("/docs/openapi.json")

    assert response.status_code == 200
    documented = {(method, path.rstrip("/")) for path, item in response.json()["paths"].items() for method in item}
    assert documented >= CONTRACT_ROUTES
    assert "BearerToken" in response.json()["components"]["securitySchemes"]


async def test_swagger_ui_and_scalar_are_served_under_docs(client: Client) -> None:
    swagger = await client.get("/docs/swagger")
    scalar = await client.get("/docs/scalar")

    assert swagger.status_code == scalar.status_code == 200
    assert "swagger-ui" in swagger.text.lower()
    assert "scalar" in scalar.text.lower()


async def test_an_unknown_route_answers_404_in_the_error_shape(client: Client) -> None:
    response = await client.get("/api/nothing-here/")

    assert_error(response, 404, "not_found")


async def test_a_wrong_method_answers_405_in_the_error_shape(client: Client) -> None:
    response = await client.delete("/api/categories/")

    assert_error(response, 405, "method_not_allowed")


async def test_a_json_body_over_one_megabyte_answers_413(client: Client) -> None:
    response = await client.post("/api/registration/", content=b'{"username": "' + b"x" * (1024 * 1024 + 10) + b'"}')

    assert_error(response, 413, "payload_too_large")
    assert response.headers["connection"] == "close"


async def test_a_fault_of_ours_in_the_database_is_a_500_not_a_busy_database(tmp_path: Path) -> None:
    # A database nobody migrated has no tables: that is our fault, not a database that is away, and it
    # must not be answered as one (a client told to retry would retry forever).
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'never-migrated.db'}",
        secret_key="k" * 40,
        _env_file=None,  # type: ignore[call-arg]
    )

    async with AsyncTestClient(create_app(settings)) as client:
        response = await client.get("/api/categories/")

    assert response.status_code == 500
    assert response.json()["code"] == "internal_error"
