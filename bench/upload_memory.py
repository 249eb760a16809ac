"""Uploads a large video to a freshly started server and prints how much the server's memory grew and
how fast the upload went (the server must stream uploads to disk, not hold them in memory).

    .venv/bin/python bench/upload_memory.py [--megabytes 200] [--runs 3]

It starts `mystar serve` itself (one worker, SQLite and media in a temporary folder, the demo
catalogue), uploads a hello video as the demo star zemfira, samples the resident memory (RSS) of the
server's processes every 20 ms, and stops the server.
"""

import argparse
import os
import threading
import time
from pathlib import Path

import httpx

from live_server import live_server

MP4_HEADER = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"
MEGABYTE = 1024 * 1024


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--megabytes", type=int, default=200)
    options.add_argument("--runs", type=int, default=3)
    args = options.parse_args()

    settings = {"MYSTAR_UPLOAD_VIDEO_MAX_MB": str(args.megabytes + 1)}
    with live_server(settings) as server:
        workdir = server.directory
        video = workdir / "big.mp4"
        _write_video(video, args.megabytes * MEGABYTE)
        with httpx.Client(base_url=server.url, timeout=600) as api:
            login = api.post("/api/login/", json={"login": "zemfira", "password": "zvezda-demo-2026"})
            auth = {"Authorization": f"Bearer {login.json()['token']}"}
            _upload(api, auth, workdir / "warm-up.mp4", MP4_HEADER + bytes(MEGABYTE))  # first-use allocations
            print(f"upload of {args.megabytes} MB, {args.runs} runs, server pid {server.pid}")
            print(f"{'run':>3} {'baseline MB':>12} {'peak MB':>8} {'growth MB':>10} {'seconds':>8} {'MB/s':>7}")
            for run in range(1, args.runs + 1):
                baseline = _rss(server.pid)
                peak = _Peak(server.pid)
                peak.start()
                started = time.perf_counter()
                with video.open("rb") as content:
                    answer = api.post(
                        "/api/upload/video/hi/",
                        files={"video_hi": ("big.mp4", content, "video/mp4")},
                        headers=auth,
                    )
                elapsed = time.perf_counter() - started
                peak.stop()
                if answer.status_code != 201:
                    raise SystemExit(f"upload failed: {answer.status_code} {answer.text[:300]}")
                growth = (peak.value - baseline) / MEGABYTE
                print(
                    f"{run:>3} {baseline / MEGABYTE:>12.1f} {peak.value / MEGABYTE:>8.1f} {growth:>10.1f}"
                    f" {elapsed:>8.2f} {args.megabytes / elapsed:>7.1f}"
                )


def _upload(api: httpx.Client, auth: dict[str, str], path: Path, content: bytes) -> None:
    path.write_bytes(content)
    with path.open("rb") as file:
        api.post("/api/upload/video/hi/", files={"video_hi": (path.name, file, "video/mp4")}, headers=auth)


def _write_video(path: Path, size: int) -> None:
    with path.open("wb") as file:
        file.write(MP4_HEADER)
        remaining = size - len(MP4_HEADER)
        block = os.urandom(MEGABYTE)
        while remaining > 0:
            file.write(block[: min(MEGABYTE, remaining)])
            remaining -= MEGABYTE


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
