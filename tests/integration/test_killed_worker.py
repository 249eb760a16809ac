"""A worker killed (SIGKILL) in the middle of an upload, on a real server: nothing half-received is ever
served or recorded, the old file stays, the next worker start clears what was left in staging, and the
server takes the upload again."""

import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

from adapters.cache.mmap_catalogue_version import CATALOGUE_VERSION_FILE
from tests.integration.media_samples import video
from tests.live_server import LiveServer, serving

BOUNDARY = "mystar-test-boundary"
CHUNK = 256 * 1024


HEAD = (
    f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="video_hi"; filename="hello.mp4"\r\n'
    "Content-Type: video/mp4\r\n\r\n"
).encode()
TAIL = f"\r\n--{BOUNDARY}--\r\n".encode()


def slow_video_upload(received: threading.Event) -> Iterator[bytes]:
    """A multipart body with a hello video of 40 MB that arrives a chunk at a time."""
    yield HEAD + video(size=CHUNK)
    for sent in range(160):
        if sent == 20:
            received.set()  # 5 MB are on their way: time to kill the worker
        yield bytes(CHUNK)
        time.sleep(0.01)
    yield TAIL


def star_token(server: LiveServer) -> tuple[int, str]:
    login = httpx.post(f"{server.url}/api/login/", json={"login": "zemfira", "password": "zvezda-demo-2026"})
    assert login.status_code == 201, login.text
    return login.json()["id"], login.json()["token"]


def published_files(media: Path) -> set[Path]:
    return {
        path
        for path in media.rglob("*")
        if path.is_file() and ".staging" not in path.parts and path.name != CATALOGUE_VERSION_FILE
    }


def upload_hello_video(server: LiveServer, token: str, content: bytes | Iterator[bytes]) -> httpx.Response:
    return httpx.post(
        f"{server.url}/api/upload/video/hi/",
        content=content,
        headers={"Authorization": f"Bearer {token}", "Content-Type": f"multipart/form-data; boundary={BOUNDARY}"},
        timeout=30,
    )


def files_in(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


def test_a_worker_killed_during_an_upload_leaves_nothing_half_written(tmp_path: Path) -> None:
    media, spool = tmp_path / "media", tmp_path / "spool"
    spool.mkdir()
    with serving(tmp_path, TMPDIR=str(spool)) as server:
        star_id, token = star_token(server)
        old = upload_hello_video(server, token, HEAD + video(size=CHUNK) + TAIL)
        assert old.status_code == 201, old.text
        before = published_files(media)
        received = threading.Event()
        outcome: list[BaseException | httpx.Response] = []

        def upload() -> None:
            try:
                outcome.append(upload_hello_video(server, token, slow_video_upload(received)))
            except httpx.HTTPError as error:
                outcome.append(error)

        sender = threading.Thread(target=upload)
        sender.start()
        assert received.wait(timeout=30)
        time.sleep(0.2)
        [worker] = server.worker_pids()
        os.kill(worker, signal.SIGKILL)
        sender.join(timeout=30)

    [answer] = outcome
    assert isinstance(answer, httpx.HTTPError), answer  # the connection died with the worker
    # Nothing of the new video is published, staged or left in the spool (Litestar's spooled parts have no
    # name, so they go with the process); the old video is still there.
    assert published_files(media) == before
    assert files_in(media / ".staging") == []
    assert files_in(spool) == []

    with serving(tmp_path, TMPDIR=str(spool)) as restarted:
        card = httpx.get(f"{restarted.url}/api/star/id/", params={"id": star_id}).json()
        old_video_kept = (media / card["video"]).is_file()
        again = upload_hello_video(restarted, token, HEAD + video(size=CHUNK) + TAIL)

    assert card["video"] == old.json()["video_hi"].removeprefix("/media/")
    assert old_video_kept
    assert again.status_code == 201, again.text
