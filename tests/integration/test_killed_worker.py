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
    return {path for path in media.rglob("*") if path.is_file() and ".staging" not in path.parts}


def upload_hello_video(server: LiveServer, token: str, content: bytes | Iterator[bytes]) -> httpx.Response:
    return httpx.post(
        f"{server.url}/api/upload/video/hi/",
        content=content,
        headers={"Authorization": f"Bearer {token}", "Content-Type": f"multipart/form-data; boundary={BOUNDARY}"},
        timeout=30,
    )


def test_a_worker_killed_during_an_upload_leaves_nothing_half_written(tmp_path: Path) -> None:
    media = tmp_path / "media"
    with serving(tmp_path) as server:
        star_id, token = star_token(server)
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
    assert published_files(media) == before
    # Whatever the worker had copied into staging is older than an hour by the next start: it is cleared.
    leftovers = list((media / ".staging").glob("*")) if (media / ".staging").exists() else []
    hours_ago = time.time() - 2 * 3600
    for leftover in leftovers:
        os.utime(leftover, (hours_ago, hours_ago))

    with serving(tmp_path) as restarted:
        card = httpx.get(f"{restarted.url}/api/star/id/", params={"id": star_id}).json()
        again = upload_hello_video(restarted, token, HEAD + video(size=CHUNK) + TAIL)
        left_in_staging = [leftover for leftover in leftovers if leftover.exists()]

    assert card["video"] is None
    assert left_in_staging == []
    assert again.status_code == 201, again.text
