"""What every answer says to a browser: no sniffing, no Referer, no framing, a strict policy on our pages,
nothing kept of an answer to a token, and CORS only for the origins the settings name."""

from collections.abc import AsyncIterator
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncEngine

from entrypoints.http.app import create_app
from entrypoints.settings import Settings
from tests.integration.conftest import TEST_SECRET_KEY, FastHashing
from tests.integration.http_helpers import Client, bearer, register

APP_ORIGIN = "https://app.mystar.example"


def assert_browser_headers(response: Any) -> None:
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["x-frame-options"] == "DENY"


async def test_an_answer_to_a_token_is_never_stored_and_a_public_one_may_be(client: Client) -> None:
    ivan = await register(client, "ivan")

    personal = await client.get("/api/personal/", headers=bearer(ivan["token"]))
    refused = await client.get("/api/personal/", headers=bearer("not-a-token"))
    public = await client.get("/api/categories/")

    for answer in (personal, refused, public):
        assert_browser_headers(answer)
    assert personal.headers["cache-control"] == "no-store"
    assert refused.headers["cache-control"] == "no-store"
    assert "no-store" not in public.headers.get("cache-control", "")


async def test_our_pages_load_nothing_from_elsewhere_and_the_docs_are_not_framed(client: Client) -> None:
    page = await client.get("/password_reset/confirm/?token=unknown")
    docs = await client.get("/docs/swagger")

    assert page.status_code == 404
    assert_browser_headers(page)
    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "script-src" not in policy
    assert "frame-ancestors 'none'" in docs.headers["content-security-policy"]


async def test_without_cors_origins_a_browser_on_another_origin_gets_no_cors_answer(client: Client) -> None:
    preflight = await client.options(
        "/api/login/", headers={"Origin": APP_ORIGIN, "Access-Control-Request-Method": "POST"}
    )
    simple = await client.get("/api/categories/", headers={"Origin": APP_ORIGIN})

    assert "access-control-allow-origin" not in preflight.headers
    assert "access-control-allow-origin" not in simple.headers


@pytest.fixture
async def cors_client(settings: Settings, engine: AsyncEngine) -> AsyncIterator[Client]:
    app: Litestar = create_app(settings.model_copy(update={"cors_origins": APP_ORIGIN}), overrides=[FastHashing()])
    async with AsyncTestClient(app) as client:
        yield client


async def test_an_origin_in_the_settings_may_call_the_api_with_a_token_and_read_the_total(cors_client: Client) -> None:
    preflight = await cors_client.options(
        "/api/personal/",
        headers={
            "Origin": APP_ORIGIN,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "authorization",
        },
    )
    listed = await cors_client.get("/api/star/getlist/", headers={"Origin": APP_ORIGIN})
    stranger = await cors_client.get("/api/star/getlist/", headers={"Origin": "https://evil.example"})

    assert preflight.status_code in (200, 204)
    assert preflight.headers["access-control-allow-origin"] == APP_ORIGIN
    assert "authorization" in preflight.headers["access-control-allow-headers"].lower()
    assert listed.headers["access-control-allow-origin"] == APP_ORIGIN
    assert "x-total-count" in listed.headers["access-control-expose-headers"].lower()
    assert "access-control-allow-origin" not in stranger.headers


@pytest.mark.parametrize(
    ("values", "complaint"),
    [
        ({"payments": "yookassa", "yookassa_shop_id": "1", "yookassa_secret_key": "s"}, "MYSTAR_SECRET_KEY"),
        ({"public_url": "https://mystar.example"}, "MYSTAR_SECRET_KEY"),
        ({"secret_key": "short"}, "at least 32"),
        ({"secret_key": TEST_SECRET_KEY, "cors_origins": "app.mystar.example"}, "not an origin"),
    ],
    ids=["real payments without a key", "a public https address without a key", "a short key", "a bare host"],
)
def test_settings_refuse_to_start_a_deployment_without_its_own_key_or_with_a_bad_origin(
    values: dict[str, str], complaint: str
) -> None:
    with pytest.raises(ValidationError, match=complaint):
        Settings(**{"secret_key": "", **values}, _env_file=None)  # type: ignore[arg-type, call-arg]
