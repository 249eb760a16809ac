"""Uploads a large file to a server and prints how much the server's memory grew and how fast the upload
went (the server must stream uploads to disk, not hold them in memory).

    .venv/bin/python bench/upload_memory.py [--megabytes 200] [--runs 3]            # a hello video
    .venv/bin/python bench/upload_memory.py --avatar --megabytes 15                 # a picture

It starts `mystar serve` itself (one worker, SQLite and media in a temporary folder, the demo catalogue),
or uses a running one (`--url` and `--pid`, as `make bench` does); uploads as the demo star zemfira (or,
against a running server, the benchmark's first customer), samples the resident memory (RSS) of the
server's processes every 20 ms, and stops the server it started.
"""

import argparse
import io
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from PIL import Image

from live_server import Server, live_server

MP4_HEADER = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"
MEGABYTE = 1024 * 1024


@contextmanager
def target(url: str, pid: int, megabytes: int) -> Iterator[tuple[Server, dict[str, str]]]:
    """A server and how to log in to it: the one given, or one of our own."""
    if url:
        yield Server(url, pid, Path.cwd()), {"login": "fan10001", "password": "bench-password-2026"}
        return
    with live_server({"MYSTAR_UPLOAD_VIDEO_MAX_MB": str(megabytes + 1)}) as server:
        yield server, {"login": "zemfira", "password": "zvezda-demo-2026"}


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--megabytes", type=int, default=200)
    options.add_argument("--runs", type=int, default=3)
    options.add_argument("--avatar", action="store_true", help="a picture of about that size, not a video")
    options.add_argument("--url", default="", help="a running server (with --pid) instead of one of our own")
    options.add_argument("--pid", type=int, default=0)
    args = options.parse_args()

    route, field = ("/api/upload/avatar/", "image") if args.avatar else ("/api/upload/video/hi/", "video_hi")
    with target(args.url, args.pid, args.megabytes) as (server, credentials):
        content = _picture(args.megabytes * MEGABYTE) if args.avatar else _video(args.megabytes * MEGABYTE)
        with httpx.Client(base_url=server.url, timeout=600) as api:
            login = api.post("/api/login/", json=credentials)
            auth = {"Authorization": f"Bearer {login.json()['token']}"}
            _upload(api, auth, route, field, content[: MEGABYTE // 2] if not args.avatar else _picture(MEGABYTE))
            print(f"upload of {len(content) / MEGABYTE:.1f} MB to {route}, {args.runs} runs, server pid {server.pid}")
            print(f"{'run':>3} {'baseline MB':>12} {'peak MB':>8} {'growth MB':>10} {'seconds':>8} {'MB/s':>7}")
            for run in range(1, args.runs + 1):
                baseline = _rss(server.pid)
                peak = _Peak(server.pid)
                peak.start()
                started = time.perf_counter()
                answer = _upload(api, auth, route, field, content)
                elapsed = time.perf_counter() - started
                peak.stop()
                if answer.status_code != 201:
                    raise SystemExit(f"upload failed: {answer.status_code} {answer.text[:300]}")
                growth = (peak.value - baseline) / MEGABYTE
                print(
                    f"{run:>3} {baseline / MEGABYTE:>12.1f} {peak.value / MEGABYTE:>8.1f} {growth:>10.1f}"
                    f" {elapsed:>8.2f} {len(content) / MEGABYTE / elapsed:>7.1f}"
                )


def _upload(api: httpx.Client, auth: dict[str, str], route: str, field: str, content: bytes) -> httpx.Response:
    return api.post(route, files={field: ("upload.bin", content, "application/octet-stream")}, headers=auth)


def _video(size: int) -> bytes:
    return MP4_HEADER + os.urandom(size - len(MP4_HEADER))


def _picture(size: int) -> bytes:
    """A PNG of noise (which compresses badly) of about `size` bytes, within the 40-megapixel limit."""
    side = int((size / 3) ** 0.5)
    picture = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(picture, "PNG", compress_level=1)
    return picture.getvalue()


def _processes(root: int) -> list[int]:
    """The server and every process below it (Granian runs its workers as children)."""
    found, queue = [], [root]
    while queue:
        pid = queue.pop()
        found.append(pid)
        for task in Path(f"/proc/{pid}/task").glob("*"):
            children = (task / "children").read_text().split() if (task / "children").exists() else []
            queue.extend(int(child) for child in children)
    return found


def _rss(root: int) -> int:
    total = 0
    for pid in _processes(root):
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except FileNotFoundError:
            continue
    return total


class _Peak(threading.Thread):
    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self._root = root
        self._running = True
        self.value = 0

    def run(self) -> None:
        while self._running:
            self.value = max(self.value, _rss(self._root))
            time.sleep(0.02)

    def stop(self) -> None:
        self._running = False
        self.join()
        self.value = max(self.value, _rss(self._root))


if __name__ == "__main__":
    main()
