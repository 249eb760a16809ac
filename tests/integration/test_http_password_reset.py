"""Password reset over HTTP: the e-mail (over real SMTP), the form page, JSON and form confirmations under
both prefixes, the contract's answers, rate limits, and a link that works once under concurrent use."""

import asyncio
import email
import re
import time
from datetime import UTC, datetime, timedelta
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import AsyncTestClient
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.persistence.database import create_session_factory
from adapters.persistence.sqla_unit_of_work import SqlaUnitOfWork
from adapters.persistence.tables import ResetTokenRow
from entrypoints.http.app import create_app
from entrypoints.settings import Settings
from tests.integration.conftest import FastHashing
from tests.integration.http_helpers import PASSWORD, Client, assert_error, bearer, register
from tests.integration.mail_helpers import SmtpServer, send_round, subject_of, text_of

NEW_PASSWORD = "a brand new passphrase"
PREFIXES = ["/password_reset", "/password-reset"]
LINK = re.compile(r"(https?://[^/\s]+)(/password_reset/confirm/\?token=([A-Za-z0-9_-]+))")


def eml_messages(settings: Settings) -> list[Message]:
    return [email.message_from_bytes(path.read_bytes()) for path in sorted(settings.mail_outbox_dir.glob("*.eml"))]


async def reset_link(client: Client, settings: Settings, address: str) -> tuple[str, str]:
    """Asks for a reset and reads the e-mailed link from the file outbox: (path with query, token)."""
    before = len(eml_messages(settings))
    response = await client.post("/password_reset/", json={"email": address})
    assert (response.status_code, response.json()) == (200, {"status": "OK"})
    await send_round(settings)
    messages = eml_messages(settings)[before:]
    [message] = [m for m in messages if m["To"] == address]
    match = LINK.search(text_of(message))
    assert match is not None, text_of(message)
    assert match.group(1) == settings.public_url
    return match.group(2), match.group(3)


async def expire(engine: AsyncEngine) -> None:
    async with create_session_factory(engine)() as session:
        await SqlaUnitOfWork(session).begin_write()
        await session.execute(update(ResetTokenRow).values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
        await session.commit()


async def test_over_smtp_the_link_opens_the_form_the_form_sets_the_password_and_old_logins_end(
    client: Client, settings: Settings, smtp: SmtpServer
) -> None:
    masha = await register(client, "masha")
    smtp_settings = smtp.settings(settings)

    assert (await client.post("/password-reset/", json={"email": "masha@example.com"})).json() == {"status": "OK"}
    await send_round(smtp_settings)

    [mail] = smtp.inbox.messages
    assert (mail["To"], subject_of(mail)) == ("masha@example.com", "Смена пароля в My Star")
    match = LINK.search(text_of(mail))
    assert match is not None
    page = await client.get(match.group(2))
    assert page.status_code == 200
    assert page.headers["referrer-policy"] == "no-referrer"
    assert page.headers["cache-control"] == "no-store"
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert page.headers["content-type"].startswith("text/html")
    assert f'name="token" value="{match.group(3)}"' in page.text

    done = await client.post(
        "/password_reset/confirm/",
        data={"token": match.group(3), "password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD},
    )
    assert done.status_code == 200
    assert "Пароль изменён" in done.text

    assert (await client.get("/api/personal/", headers=bearer(masha["token"]))).status_code == 401
    old = await client.post("/api/login/", json={"login": "masha", "password": PASSWORD})
    assert_error(old, 401, "invalid_credentials")
    assert (await client.post("/api/login/", json={"login": "masha", "password": NEW_PASSWORD})).status_code == 201
    await send_round(smtp_settings)
    assert [subject_of(message) for message in smtp.inbox.messages][1:] == ["Пароль в My Star изменён"]


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize("slash", ["/", ""])
async def test_json_confirmation_under_either_prefix_works_once(
    client: Client, settings: Settings, prefix: str, slash: str
) -> None:
    await register(client, "masha")
    _, token = await reset_link(client, settings, "masha@example.com")

    valid = await client.post(f"{prefix}/validate_token{slash}", json={"token": token})
    first = await client.post(f"{prefix}/confirm{slash}", json={"token": token, "password": NEW_PASSWORD})
    again = await client.post(f"{prefix}/confirm{slash}", json={"token": token, "password": "yet another passphrase"})
    gone = await client.post(f"{prefix}/validate_token{slash}", json={"token": token})

    assert (valid.status_code, valid.json()) == (200, {"status": "OK"})
    assert (first.status_code, first.json()) == (200, {"status": "OK"})
    assert (again.status_code, again.json()) == (404, {"status": "notfound"})
    assert (gone.status_code, gone.json()) == (404, {"status": "notfound"})
    assert (await client.post("/api/login/", json={"login": "masha", "password": NEW_PASSWORD})).status_code == 201


async def test_an_unknown_address_gets_the_same_answer_and_no_mail(client: Client, settings: Settings) -> None:
    await register(client, "masha")

    known = await client.post("/password_reset/", json={"email": "masha@example.com"})
    unknown = await client.post("/password_reset/", json={"email": "nobody@example.com"})
    await send_round(settings)

    assert (known.status_code, known.content) == (unknown.status_code, unknown.content) == (200, b'{"status":"OK"}')
    assert [message["To"] for message in eml_messages(settings)] == ["masha@example.com"]


async def test_both_answers_take_at_least_the_floor(engine: AsyncEngine, settings: Settings) -> None:
    floored = settings.model_copy(update={"password_reset_floor_ms": 300})
    async with AsyncTestClient(create_app(floored, overrides=[FastHashing()])) as client:
        await register(client, "masha")
        for address in ("masha@example.com", "nobody@example.com"):
            started = time.monotonic()
            assert (await client.post("/password_reset/", json={"email": address})).status_code == 200
            assert time.monotonic() - started >= 0.3


@pytest.mark.parametrize(
    "body",
    [{"email": "not an address"}, {"email": 42}, {}, {"email": "a@" + "b" * 300 + ".ru"}, ["masha@example.com"]],
)
async def test_a_malformed_request_is_refused(client: Client, body: Any) -> None:
    response = await client.post("/password_reset/", json=body)

    assert_error(response, 400, "validation_error")


async def test_an_address_gets_five_requests_an_hour_then_429_with_retry_after(client: Client) -> None:
    await register(client, "masha")
    for _ in range(5):
        assert (await client.post("/password_reset/", json={"email": "masha@example.com"})).status_code == 200

    refused = await client.post("/password_reset/", json={"email": "MASHA@example.com"})
    other = await client.post("/password_reset/", json={"email": "petya@example.com"})

    assert_error(refused, 429, "too_many_requests")
    assert 3500 < int(refused.headers["retry-after"]) <= 3600
    assert other.status_code == 200


@pytest.mark.parametrize("prefix", PREFIXES)
async def test_the_json_answers_of_the_contract(
    client: Client, settings: Settings, engine: AsyncEngine, prefix: str
) -> None:
    await register(client, "masha")
    _, token = await reset_link(client, settings, "masha@example.com")

    weak = await client.post(f"{prefix}/confirm/", json={"token": token, "password": "short"})
    common = await client.post(f"{prefix}/confirm/", json={"token": token, "password": "password123"})
    unknown = await client.post(f"{prefix}/confirm/", json={"token": "no-such-token", "password": NEW_PASSWORD})
    malformed = await client.post(
        f"{prefix}/confirm/", content=b'{"token": ', headers={"content-type": "application/json"}
    )
    missing = await client.post(f"{prefix}/confirm/", json={"token": token})
    await expire(engine)
    expired = await client.post(f"{prefix}/confirm/", json={"token": token, "password": NEW_PASSWORD})
    expired_check = await client.post(f"{prefix}/validate_token/", json={"token": token})

    assert weak.status_code == 400
    assert weak.json() == {"password": ["Пароль должен быть от 8 до 128 символов"]}
    assert common.status_code == 400
    assert list(common.json()) == ["password"]
    assert (unknown.status_code, unknown.json()) == (404, {"status": "notfound"})
    assert_error(malformed, 400, "validation_error")
    assert_error(missing, 400, "validation_error")
    assert (expired.status_code, expired.json()) == (404, {"status": "expired"})
    assert (expired_check.status_code, expired_check.json()) == (404, {"status": "expired"})
    assert (await client.post("/api/login/", json={"login": "masha", "password": PASSWORD})).status_code == 201


async def test_the_form_shows_the_rules_on_a_refusal_and_keeps_the_link(client: Client, settings: Settings) -> None:
    await register(client, "masha")
    path, token = await reset_link(client, settings, "masha@example.com")
    form = {"token": token, "password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD}

    mismatch = await client.post("/password-reset/confirm/", data={**form, "password_confirm": "something else"})
    weak = await client.post(
        "/password-reset/confirm/", data={**form, "password": "masha", "password_confirm": "masha"}
    )
    done = await client.post("/password-reset/confirm/", data=form)

    for refused in (mismatch, weak):
        assert refused.status_code == 400
        assert refused.headers["referrer-policy"] == "no-referrer"
        assert 'role="alert"' in refused.text
        assert "от 8 до 128 символов" in refused.text  # the rules
        assert f'value="{token}"' in refused.text
        assert 'action="/password-reset/confirm/"' in refused.text
    assert "Пароли не совпадают" in mismatch.text
    assert "Пароль должен быть от 8 до 128 символов" in weak.text
    assert done.status_code == 200
    used = await client.get(path)
    assert used.status_code == 404
    assert 'data-reason="notfound"' in used.text


@pytest.mark.parametrize(
    "query", ["", "?token=", "?token=no-such-token", "?token=" + "x" * 5000, "?token=%00%ff", "?token=a&token=b"]
)
async def test_a_dead_link_opens_a_page_that_says_so(client: Client, query: str) -> None:
    page = await client.get(f"/password_reset/confirm/{query}")

    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["referrer-policy"] == "no-referrer"
    assert "Ссылка недействительна" in page.text


async def test_an_expired_link_opens_a_page_that_says_it_expired(
    client: Client, settings: Settings, engine: AsyncEngine
) -> None:
    await register(client, "masha")
    path, token = await reset_link(client, settings, "masha@example.com")
    await expire(engine)

    page = await client.get(path)
    submitted = await client.post(
        "/password_reset/confirm/", data={"token": token, "password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD}
    )

    for answer in (page, submitted):
        assert answer.status_code == 404
        assert 'data-reason="expired"' in answer.text


async def test_a_client_that_keeps_guessing_is_stopped(client: Client) -> None:
    for number in range(30):
        guess = await client.post("/password_reset/validate_token/", json={"token": f"guess-{number}"})
        assert guess.status_code == 404

    refused = await client.post("/password_reset/confirm/", json={"token": "guess", "password": NEW_PASSWORD})
    page = await client.get("/password_reset/confirm/?token=guess")

    assert_error(refused, 429, "too_many_requests")
    assert int(refused.headers["retry-after"]) > 0
    assert (page.status_code, 'data-reason="busy"' in page.text) == (429, True)
    assert int(page.headers["retry-after"]) > 0


async def test_two_confirmations_with_one_link_at_once_set_one_password(client: Client, settings: Settings) -> None:
    await register(client, "masha")
    _, token = await reset_link(client, settings, "masha@example.com")
    passwords = [f"concurrent passphrase {number}" for number in range(4)]

    answers = await asyncio.gather(
        *(client.post("/password_reset/confirm/", json={"token": token, "password": p}) for p in passwords)
    )

    assert sorted(answer.status_code for answer in answers) == [200, 404, 404, 404]
    [winner] = [p for p, answer in zip(passwords, answers, strict=True) if answer.status_code == 200]
    for password in passwords:
        login = await client.post("/api/login/", json={"login": "masha", "password": password})
        assert login.status_code == (201 if password == winner else 401)


async def test_the_reset_mail_reads_well(client: Client, settings: Settings, tmp_path: Path) -> None:
    await register(client, "masha")
    await reset_link(client, settings, "masha@example.com")

    [message] = eml_messages(settings)
    body = text_of(message)
    assert subject_of(message) == "Смена пароля в My Star"
    assert body.startswith("Здравствуйте, masha!")
    assert "60 мин." in body
    assert "пароль останется прежним" in body
