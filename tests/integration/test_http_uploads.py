"""Uploads and media over HTTP, as API.md's "Uploads and media" section describes them."""

import io
import os
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from litestar.testing import AsyncTestClient
from PIL import Image
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.cache.mmap_catalogue_version import CATALOGUE_VERSION_FILE
from entrypoints.http.app import create_app
from entrypoints.settings import Settings
from tests.integration.conftest import Cast, FakeNotifier, FastHashing, Notifications
from tests.integration.http_helpers import (
    Client,
    assert_error,
    bearer,
    create_star,
    decide,
    order_detail,
    paid_order,
    place_order,
    register,
)
from tests.integration.media_samples import MOV_HEADER, WEBM_HEADER, image, video


async def upload(client: Client, path: str, who: dict[str, Any], field: str, content: bytes, **fields: Any) -> Any:
    files = {field: ("upload.bin", content, "application/octet-stream")}
    data = {name: str(value) for name, value in fields.items()}
    return await client.post(path, files=files, data=data, headers=bearer(who["token"]))


async def accepted_order(client: Client, cast: Cast) -> int:
    order_id = await paid_order(client, cast.customer, cast.star)
    assert (await decide(client, cast.star, order_id, "accept")).status_code == 201
    return order_id


def files_under(folder: Path) -> list[Path]:
    """The files of uploads under the folder (not the catalogue's version, which lives in the media folder)."""
    if not folder.exists():
        return []
    return [path for path in folder.rglob("*") if path.is_file() and path.name != CATALOGUE_VERSION_FILE]


def media_path(link: str) -> str:
    parts = urlsplit(link)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


# Avatars


@pytest.mark.parametrize(
    ("image_format", "extension", "content_type"),
    [
        ("PNG", "png", "image/png"),
        ("JPEG", "jpg", "image/jpeg"),
        ("WEBP", "webp", "image/webp"),
    ],
)
async def test_a_user_sets_a_picture_served_with_its_real_type(
    client: Client, cast: Cast, image_format: str, extension: str, content_type: str
) -> None:
    answer = await upload(client, "/api/upload/avatar/", cast.customer, "image", image(image_format))

    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert body["user_id"] == cast.customer["id"]
    assert body["image"].startswith("/media/avatars/")
    assert body["image"].endswith(f".{extension}")
    served = await client.get(body["image"])
    assert served.status_code == 200
    assert served.headers["content-type"] == content_type
    assert served.headers["x-content-type-options"] == "nosniff"
    assert served.headers["cache-control"].startswith("public")
    with Image.open(io.BytesIO(served.content)) as picture:
        assert picture.size == (64, 48)
    profile = (await client.get("/api/personal/", headers=bearer(cast.customer["token"]))).json()[0]
    assert profile["avatar"] == body["image"].removeprefix("/media/")


async def test_a_pictures_metadata_is_dropped(client: Client, cast: Cast) -> None:
    answer = await upload(client, "/api/upload/avatar/", cast.customer, "image", image("JPEG", exif=True))

    served = await client.get(answer.json()["image"])
    assert b"Spy Camera Co" not in served.content
    with Image.open(io.BytesIO(served.content)) as picture:
        assert dict(picture.getexif()) == {}


async def test_a_new_picture_replaces_the_old_one_which_is_gone(client: Client, cast: Cast) -> None:
    first = (await upload(client, "/api/upload/avatar/", cast.customer, "image", image())).json()["image"]
    second = (await upload(client, "/api/upload/avatar/", cast.customer, "image", image("JPEG"))).json()["image"]

    assert first != second
    assert (await client.get(first)).status_code == 404
    assert (await client.get(second)).status_code == 200


@pytest.mark.parametrize(
    "content",
    [b"<?php system($_GET['c']); ?>", b"GIF89a" + bytes(64), b"%PDF-1.7\n", image("PNG")[:40], video()],
    ids=["script", "gif", "pdf", "truncated-png", "video"],
)
async def test_anything_but_a_jpeg_png_or_webp_picture_is_415_whatever_its_name(
    client: Client, cast: Cast, settings: Settings, content: bytes
) -> None:
    files = {"image": ("photo.jpg", content, "image/jpeg")}
    answer = await client.post("/api/upload/avatar/", files=files, headers=bearer(cast.customer["token"]))

    assert_error(answer, 415, "not_an_image")
    assert files_under(settings.media_dir) == []


async def test_a_picture_of_too_many_pixels_is_refused(client: Client, cast: Cast) -> None:
    bomb = image("PNG", size=(8000, 5001))  # 40,008,000 pixels, a small file

    assert_error(await upload(client, "/api/upload/avatar/", cast.customer, "image", bomb), 413, "image_too_large")


async def test_a_picture_over_15_mb_is_413(client: Client, cast: Cast, settings: Settings) -> None:
    answer = await upload(client, "/api/upload/avatar/", cast.customer, "image", image() + bytes(15 * 1024 * 1024))

    assert answer.status_code == 413
    assert files_under(settings.media_dir) == []


async def test_a_picture_for_someone_else_is_403_and_anonymous_401(client: Client, cast: Cast) -> None:
    other = await upload(
        client, "/api/upload/avatar/", cast.customer, "image", image(), user_id=cast.other_customer["id"]
    )
    anonymous = await client.post("/api/upload/avatar/", files={"image": ("a.png", image(), "image/png")})

    assert_error(other, 403, "not_yourself")
    assert anonymous.status_code == 401


# Hello videos


@pytest.mark.parametrize(
    ("header", "extension", "content_type"),
    [
        (video()[:28], "mp4", "video/mp4"),
        (MOV_HEADER, "mov", "video/quicktime"),
        (WEBM_HEADER, "webm", "video/webm"),
    ],
)
async def test_a_star_sets_a_hello_video(
    client: Client, cast: Cast, header: bytes, extension: str, content_type: str
) -> None:
    answer = await upload(client, "/api/upload/video/hi/", cast.star, "video_hi", video(header))

    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert body["star_id"] == cast.star["id"]
    assert body["video_hi"].startswith(f"/media/videos/{cast.star['id']}/")
    assert body["video_hi"].endswith(f".{extension}")
    served = await client.get(body["video_hi"])
    assert (served.status_code, served.headers["content-type"]) == (200, content_type)
    card = (await client.get(f"/api/star/id/?id={cast.star['id']}")).json()
    assert card["video"] == body["video_hi"].removeprefix("/media/")


async def test_a_customer_has_no_hello_video(client: Client, cast: Cast) -> None:
    answer = await upload(client, "/api/upload/video/hi/", cast.customer, "video_hi", video())

    assert_error(answer, 403, "not_a_star")


async def test_a_picture_is_not_a_video(client: Client, cast: Cast) -> None:
    answer = await upload(client, "/api/upload/video/hi/", cast.star, "video_hi", image("JPEG"))

    assert_error(answer, 415, "not_a_video")


async def test_a_video_over_the_limit_is_413_and_leaves_nothing(
    settings: Settings, engine: AsyncEngine, category_ids: list[int], tmp_path: Path
) -> None:
    small = settings.model_copy(update={"upload_video_max_mb": 1})
    async with AsyncTestClient(create_app(small, overrides=[FastHashing(), Notifications(FakeNotifier())])) as client:
        star = await create_star(client, "zemfira", category_ids[0])
        exactly = await upload(client, "/api/upload/video/hi/", star, "video_hi", video(size=1024 * 1024))
        over = await upload(client, "/api/upload/video/hi/", star, "video_hi", video(size=1024 * 1024 + 1))

    assert exactly.status_code == 201
    assert_error(over, 413, "file_too_large")
    assert len(files_under(settings.media_dir)) == 1


# Greeting videos


@pytest.mark.parametrize("path", ["/api/upload/congritulatoin/", "/api/upload/congratulation/"])
async def test_the_star_delivers_the_greeting_which_only_a_signed_link_opens(
    client: Client, cast: Cast, path: str
) -> None:
    order_id = await accepted_order(client, cast)

    answer = await upload(client, path, cast.star, "video_con", video(), order_id=order_id)

    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert (body["id"], body["order_id"], body["star_id"]) == (order_id, order_id, cast.star["id"])
    link = body["video_con"]
    assert link.startswith(f"/media/congratulation/{order_id}/")
    assert {"exp", "sig"} <= set(parse_qs(urlsplit(link).query))
    assert (await client.get(media_path(link))).status_code == 200
    detail = (await order_detail(client, cast.customer, order_id)).json()
    assert (await client.get(media_path(f"/media/{detail['video']}"))).status_code == 200
    bare = urlsplit(link).path
    assert_error(await client.get(bare), 403, "forbidden")


async def test_a_greeting_opens_for_its_customer_and_star_by_login_and_for_nobody_else(
    client: Client, cast: Cast
) -> None:
    order_id = await accepted_order(client, cast)
    bare = urlsplit(
        (
            await upload(client, "/api/upload/congratulation/", cast.star, "video_con", video(), order_id=order_id)
        ).json()["video_con"]
    ).path

    for who in (cast.customer, cast.star):
        assert (await client.get(bare, headers=bearer(who["token"]))).status_code == 200
    for who in (cast.other_customer, cast.other_star):
        assert_error(await client.get(bare, headers=bearer(who["token"])), 403, "forbidden")


async def test_a_tampered_expired_or_borrowed_signature_opens_nothing(client: Client, cast: Cast) -> None:
    order_id = await accepted_order(client, cast)
    link = (
        await upload(client, "/api/upload/congratulation/", cast.star, "video_con", video(), order_id=order_id)
    ).json()["video_con"]
    parts = urlsplit(link)
    query = parse_qs(parts.query)
    exp, sig = int(query["exp"][0]), query["sig"][0]

    later = f"{parts.path}?exp={exp + 3600}&sig={sig}"
    tampered = f"{parts.path}?exp={exp}&sig={sig[:-3]}abc"
    expired = f"{parts.path}?exp={int(time.time()) - 1}&sig={sig}"
    other_file = f"/media/congratulation/{order_id}/other.mp4?exp={exp}&sig={sig}"
    for refused in (later, tampered, expired):
        assert_error(await client.get(refused), 403, "forbidden")
    assert (await client.get(other_file)).status_code == 404


async def test_only_the_orders_star_delivers_only_an_accepted_paid_order_only_once(client: Client, cast: Cast) -> None:
    order_id = await accepted_order(client, cast)
    new_id = await place_order(client, cast.customer, cast.star)

    def deliver(who: dict[str, Any], order: int) -> Any:
        return upload(client, "/api/upload/congratulation/", who, "video_con", video(), order_id=order)

    assert_error(await deliver(cast.customer, order_id), 403, "not_a_star")
    assert_error(await deliver(cast.other_star, order_id), 404, "order_not_found")
    assert_error(await deliver(cast.star, new_id), 409, "order_not_accepted")
    assert_error(await deliver(cast.star, 999_999), 404, "order_not_found")
    assert (await deliver(cast.star, order_id)).status_code == 201
    again = await deliver(cast.star, order_id)
    assert (again.status_code, again.json()) == (409, ["Вы уже загрузили видео"])


async def test_a_refused_delivery_leaves_no_file(client: Client, cast: Cast, settings: Settings) -> None:
    order_id = await accepted_order(client, cast)

    answer = await upload(client, "/api/upload/congratulation/", cast.star, "video_con", image(), order_id=order_id)

    assert_error(answer, 415, "not_a_video")
    assert files_under(settings.media_dir) == []
    assert "video" not in (await order_detail(client, cast.customer, order_id)).json()


# Serving


async def test_range_requests_let_a_player_seek(client: Client, cast: Cast) -> None:
    content = video(size=10_000)
    path = (await upload(client, "/api/upload/video/hi/", cast.star, "video_hi", content)).json()["video_hi"]

    first = await client.get(path, headers={"Range": "bytes=0-99"})
    middle = await client.get(path, headers={"Range": "bytes=5000-"})
    last = await client.get(path, headers={"Range": "bytes=-10"})
    outside = await client.get(path, headers={"Range": "bytes=20000-"})
    whole = await client.get(path)

    assert (first.status_code, first.headers["content-range"], first.content) == (
        206,
        "bytes 0-99/10000",
        content[:100],
    )
    assert (middle.status_code, middle.content) == (206, content[5000:])
    assert (last.headers["content-range"], last.content) == ("bytes 9990-9999/10000", content[-10:])
    assert (outside.status_code, outside.headers["content-range"]) == (416, "bytes */10000")
    assert (whole.status_code, whole.headers["accept-ranges"], whole.content) == (200, "bytes", content)
    cached = await client.get(path, headers={"If-None-Match": whole.headers["etag"]})
    assert cached.status_code == 304


@pytest.mark.parametrize(
    "path", ["/media/../conftest.py", "/media/%2e%2e/secret.key", "/media/.staging/x.part", "/media/avatars/none.png"]
)
async def test_nothing_outside_the_media_folder_or_missing_is_served(client: Client, path: str) -> None:
    assert (await client.get(path)).status_code in (400, 404)


# Found by an attack pass


@pytest.mark.parametrize(
    "spelling",
    [
        "/media/./congratulation/{order}/{name}",
        "/media/avatars/../congratulation/{order}/{name}",
        "/media/%2e/congratulation/{order}/{name}",
        "/media/avatars%2f..%2fcongratulation/{order}/{name}",
        "/media//congratulation/{order}/{name}",
    ],
)
async def test_a_greeting_cannot_be_reached_by_another_spelling_of_its_path(
    client: Client, cast: Cast, spelling: str
) -> None:
    order_id = await accepted_order(client, cast)
    link = await deliver_greeting(client, cast, order_id)
    name = urlsplit(link).path.rsplit("/", 1)[1]

    raw = spelling.format(order=order_id, name=name).encode()
    # As sent on the wire: httpx would otherwise tidy `./` and `../` away before the service saw them.
    answer = await client.get(httpx.URL("http://testserver.local/").copy_with(raw_path=raw))

    assert answer.status_code in (403, 404)


async def deliver_greeting(client: Client, cast: Cast, order_id: int) -> str:
    answer = await upload(client, "/api/upload/congratulation/", cast.star, "video_con", video(), order_id=order_id)
    assert answer.status_code == 201, answer.text
    link: str = answer.json()["video_con"]
    return link


@pytest.mark.parametrize("path", ["/media/%00", "/media/avatars/x%00.png"])
async def test_a_nul_in_a_media_path_is_404(client: Client, path: str) -> None:
    assert (await client.get(path)).status_code == 404


async def test_odd_range_and_cache_headers_never_fail(client: Client, cast: Cast) -> None:
    content = video(size=1000)
    path = (await upload(client, "/api/upload/video/hi/", cast.star, "video_hi", content)).json()["video_hi"]
    etag = (await client.get(path)).headers["etag"]

    for odd in (f"bytes={'9' * 5000}-", f"bytes=-{'9' * 5000}", "bytes=5-2", "bytes=a-b", "bytes=0-1,5-6"):
        answer = await client.get(path, headers={"Range": odd})
        assert (answer.status_code, answer.content) == (200, content), odd
    for matching in (f"W/{etag}", f'"nope", {etag}', "*"):
        assert (await client.get(path, headers={"If-None-Match": matching})).status_code == 304
    headers_only = await client.head(path)
    assert (headers_only.status_code, headers_only.content) == (200, b"")
    assert headers_only.headers["content-length"] == "1000"
    assert headers_only.headers["content-type"] == "video/mp4"


async def test_an_order_id_out_of_range_is_a_400(client: Client, cast: Cast) -> None:
    answer = await upload(client, "/api/upload/congratulation/", cast.star, "video_con", video(), order_id=10**30)

    assert answer.status_code == 400


@pytest.mark.parametrize(
    "content",
    [
        b"<!--ftypmp42-->" + b"<script>alert(1)</script>" * 10,
        b"%PDFftypmp42" + bytes(100),
        b"\x00\x00\x00\x18ftypmp42",
        b"\xff\xff\xff\xf0ftypmp42" + bytes(100),
    ],
    ids=["html", "pdf", "header-only", "giant-box"],
)
async def test_a_file_that_only_pretends_to_be_a_video_is_415(client: Client, cast: Cast, content: bytes) -> None:
    assert_error(await upload(client, "/api/upload/video/hi/", cast.star, "video_hi", content), 415, "not_a_video")


async def test_a_phone_cameras_multi_picture_jpeg_is_a_jpeg(client: Client, cast: Cast) -> None:
    first, second = Image.new("RGB", (32, 24), (1, 2, 3)), Image.new("RGB", (32, 24), (4, 5, 6))
    output = io.BytesIO()
    first.save(output, format="MPO", save_all=True, append_images=[second])

    answer = await upload(client, "/api/upload/avatar/", cast.customer, "image", output.getvalue())

    assert answer.status_code == 201, answer.text
    assert answer.json()["image"].endswith(".jpg")


async def test_a_jpeg_of_too_many_scans_is_refused_before_it_is_decoded(client: Client, cast: Cast) -> None:
    scans = image("JPEG") + b"\xff\xda" * 101

    assert_error(await upload(client, "/api/upload/avatar/", cast.customer, "image", scans), 415, "not_an_image")


async def test_a_customer_is_refused_on_the_video_routes_before_the_body_is_read(
    settings: Settings, engine: AsyncEngine
) -> None:
    small = settings.model_copy(update={"upload_video_max_mb": 1})
    async with AsyncTestClient(create_app(small, overrides=[FastHashing(), Notifications(FakeNotifier())])) as client:
        customer = await register(client, "masha")
        # Over the limit: a route that read the body first would answer 413.
        answer = await upload(client, "/api/upload/video/hi/", customer, "video_hi", video(size=3 * 1024 * 1024))

    assert_error(answer, 403, "not_a_star")


async def test_uploads_a_killed_worker_left_half_received_are_removed_when_a_worker_starts(
    settings: Settings, engine: AsyncEngine
) -> None:
    staging = settings.media_dir / ".staging"
    staging.mkdir(parents=True)
    stale, live = staging / "stale.part", staging / "live.part"
    stale.write_bytes(b"half a video")
    live.write_bytes(b"still arriving")
    hours_ago = time.time() - 2 * 3600
    os.utime(stale, (hours_ago, hours_ago))

    async with AsyncTestClient(create_app(settings, overrides=[FastHashing(), Notifications(FakeNotifier())])):
        pass

    assert (stale.exists(), live.exists()) == (False, True)
