"""The benchmark: the service as it runs in production (Granian, two workers) beside a Django REST
Framework twin of the original (bench/reference), both over the same deterministic dataset, driven by wrk.

    make bench                    # PostgreSQL (MYSTAR_BENCH_POSTGRES_URL), three passes: writes bench/RESULTS.md
    make bench-quick              # SQLite, one short pass: a quick look, written to bench/RESULTS-quick.md

For every endpoint and concurrency (1, 16, 64) it runs wrk against the service and the twin, interleaved,
in three passes, and takes the median of each number; the framework floor (GET /bench/floor, a constant
answer mounted only for benchmarks) is measured in the same passes. It also measures the p99 of a star's
page while logins run at full load, the hashing ceiling (cores / seconds per argon2 hash) and the memory a
15 MB avatar upload takes.
"""

import argparse
import asyncio
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import select

import dataset
from adapters.persistence.database import create_engine
from adapters.persistence.tables import LikeRow
from adapters.security.argon2_password_hasher import Argon2PasswordHasher
from adapters.security.jwt_token_issuer import JwtTokenIssuer
from live_server import Server, free_port, live_server
from wrk_scripts import Endpoint, FreshLikes, endpoints, floor

BENCH = Path(__file__).parent
SECRET_KEY = "benchmark-secret-key-0123456789abcdef-0123456789"
CONCURRENCY = (1, 16, 64)
RELAXED = "100000000/minute"
TOKENS = 200
# Long enough for every page of the longest read (2,000 stars) to reach both workers several times.
WARM_SECONDS = 10
WARM_CONCURRENCY = 64


@dataclass
class Run:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int


@dataclass
class Row:
    endpoint: str
    concurrency: int
    ours: list[Run] = field(default_factory=list)
    twin: list[Run] = field(default_factory=list)
    floor: list[Run] = field(default_factory=list)


def median(runs: list[Run], attribute: str) -> float:
    return statistics.median(getattr(run, attribute) for run in runs) if runs else float("nan")


def medians(runs: list[Run]) -> Run:
    """The median of each number of the runs, and the sum of their errors."""
    return Run(
        median(runs, "requests_per_second"), median(runs, "p50_ms"), median(runs, "p99_ms"), sum(r.errors for r in runs)
    )


def wrk(url: str, script: Path, concurrency: int, seconds: float) -> Run:
    threads = 1 if concurrency == 1 else 2
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{concurrency}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
        url,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    result = json.loads(line.removeprefix("RESULT "))
    return Run(
        # Answers that succeeded: an error answered fast must not count as speed.
        requests_per_second=max(0, result["requests"] - result["errors"]) / (result["duration_us"] / 1e6),
        p50_ms=result["p50_us"] / 1000,
        p99_ms=result["p99_us"] / 1000,
        errors=result["errors"],
    )


@contextmanager
def twin_server(database_url: str, media: Path) -> Iterator[str]:
    """The reference twin under gunicorn: two worker processes of four threads, as the original ran."""
    port = free_port()
    env = {
        **os.environ,
        "TWIN_SECRET_KEY": SECRET_KEY,
        "TWIN_TOKEN_KEY": SECRET_KEY,
        "TWIN_DATABASE_URL": database_url,
        "TWIN_MEDIA_DIR": str(media),
    }
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    command = [gunicorn, "twin.wsgi", "-w", "2", "--threads", "4", "-b", f"127.0.0.1:{port}", "--log-level", "warning"]
    server = subprocess.Popen(command, env=env, cwd=BENCH / "reference")
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if httpx.get(f"{url}/api/categories/", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            raise SystemExit("the twin did not start")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def customer_tokens() -> list[str]:
    issuer = JwtTokenIssuer(SECRET_KEY, lifetime=timedelta(days=1))
    first = dataset.Sizes().customer_ids().start
    return [issuer.issue(user_id, 0) for user_id in range(first, first + TOKENS)]


def seconds_per_hash(samples: int = 20) -> float:
    """The CPU time of one argon2 hash at the service's parameters (however many threads it used)."""

    async def hashes() -> float:
        hasher = Argon2PasswordHasher()
        try:
            started = time.process_time()
            for _ in range(samples):
                await hasher.hash(dataset.PASSWORD)
            return (time.process_time() - started) / samples
        finally:
            hasher.close()

    return asyncio.run(hashes())


def warm_up(url: str, endpoint: Endpoint) -> None:
    """The reads of an endpoint asked for at full load, unmeasured, just before they are measured: every
    worker keeps its own answers for a minute, so this is a catalogue that has been running (and the
    database's cache is warm for the twin too)."""
    if endpoint.paths:
        wrk(url, endpoint.script("warm", WARM_CONCURRENCY), WARM_CONCURRENCY, WARM_SECONDS)


async def taken_likes(database_url: str) -> set[tuple[int, int]]:
    engine = create_engine(database_url, pool_size=1)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(select(LikeRow.customer_id, LikeRow.star_id))
            return {(customer, star) for customer, star in rows}
    finally:
        await engine.dispose()


def measure(server: Server, twin: str, work: Path, likes: FreshLikes, passes: int, seconds: float) -> list[Row]:
    tokens = customer_tokens()
    names = [endpoint.name for endpoint in endpoints(work, tokens, likes, 0)]
    rows = {(name, c): Row(name, c) for name in names for c in CONCURRENCY}
    for number in range(passes):
        print(f"pass {number + 1} of {passes}", flush=True)
        for endpoint in endpoints(work, tokens, likes, number):
            for url in (server.url, twin):
                warm_up(url, endpoint)
            for concurrency in CONCURRENCY:
                row = rows[(endpoint.name, concurrency)]
                row.floor.append(wrk(server.url, floor(work), concurrency, seconds))
                row.ours.append(wrk(server.url, endpoint.script("ours", concurrency), concurrency, seconds))
                row.twin.append(wrk(twin, endpoint.script("twin", concurrency), concurrency, seconds))
                print(f"  {endpoint.name} c={concurrency}: {row.ours[-1]} / twin {row.twin[-1]}", flush=True)
    return list(rows.values())


@dataclass
class Beside:
    """A read measured alone and with a load running beside it (medians of the passes)."""

    load: str
    alone: Run
    beside: Run
    load_per_second: float


def reads_beside(
    server: Server, work: Path, likes: FreshLikes, load_name: str, load_concurrency: int, seconds: float, passes: int
) -> Beside:
    """A star's page at concurrency 16, warm, alone and then with `load_name` at full speed beside it, and
    the load's successful requests per second meanwhile."""
    alone, beside, loads = [], [], []
    for number in range(passes):
        by_name = {endpoint.name: endpoint for endpoint in endpoints(work, customer_tokens(), likes, 100 + number)}
        star_page, load = by_name["GET /api/star/id/"], by_name[load_name]
        warm_up(server.url, star_page)
        alone.append(wrk(server.url, star_page.script("ours", 16), 16, seconds))
        script = load.script("beside", load_concurrency)
        command = ["wrk", "-t2", f"-c{load_concurrency}", f"-d{max(1, round(seconds)) + 2}s", "-s", str(script)]
        with subprocess.Popen([*command, server.url], stdout=subprocess.PIPE, text=True) as running:
            time.sleep(1)
            beside.append(wrk(server.url, star_page.script("ours", 16), 16, seconds))
            output, _ = running.communicate()
        result = json.loads(
            next(line for line in output.splitlines() if line.startswith("RESULT ")).removeprefix("RESULT ")
        )
        loads.append((result["requests"] - result["errors"]) / (result["duration_us"] / 1e6))
    return Beside(
        f"`{load_name}` at concurrency {load_concurrency}", medians(alone), medians(beside), statistics.median(loads)
    )


def avatar_memory(server: Server) -> float:
    """The growth of the server's memory (MB, all its processes) while a 15 MB avatar is uploaded."""
    arguments = ["--avatar", "--megabytes", "15", "--runs", "3", "--url", server.url, "--pid", str(server.pid)]
    output = subprocess.run(
        [sys.executable, str(BENCH / "upload_memory.py"), *arguments], capture_output=True, text=True, check=True
    ).stdout
    growths = [float(line.split()[3]) for line in output.splitlines() if line.strip() and line.split()[0].isdigit()]
    return statistics.median(growths)


def ratio(ours: float, other: float) -> float:
    return ours / other if other else float("inf")


def table(rows: list[Row]) -> str:
    header = (
        "| endpoint | c | req/s | p50 ms | p99 ms | errors | twin req/s | twin p50 | twin p99 | twin errors"
        " | floor req/s | × floor | × twin |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n"
    )
    lines = []
    for row in rows:
        ours, twin, base = (median(runs, "requests_per_second") for runs in (row.ours, row.twin, row.floor))
        lines.append(
            f"| `{row.endpoint}` | {row.concurrency} | {ours:,.0f} | {median(row.ours, 'p50_ms'):.2f}"
            f" | {median(row.ours, 'p99_ms'):.2f} | {sum(run.errors for run in row.ours)}"
            f" | {twin:,.0f} | {median(row.twin, 'p50_ms'):.2f} | {median(row.twin, 'p99_ms'):.2f}"
            f" | {sum(run.errors for run in row.twin)} | {base:,.0f}"
            f" | {ratio(ours, base):.2f} | {ratio(ours, twin):.1f} |"
        )
    return header + "\n".join(lines) + "\n"


def postgres_version() -> str:
    """The version of the server measured (its `server_version`, without the distribution's suffix)."""
    answer = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-Atc", "SHOW server_version"], capture_output=True, text=True
    )
    return f"PostgreSQL {answer.stdout.strip().split()[0]}" if answer.returncode == 0 else "PostgreSQL"


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    memory = next(
        line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )
    return (
        f"{os.cpu_count()} cores ({cpu}), {int(memory) // 1024 // 1024} GiB, {platform.system()} {platform.release()},"
        f" Python {platform.python_version()}"
    )


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--sqlite", action="store_true", help="SQLite instead of PostgreSQL")
    options.add_argument("--passes", type=int, default=3)
    options.add_argument("--seconds", type=float, default=5)
    options.add_argument("--results", type=Path, default=BENCH / "RESULTS.md")
    args = options.parse_args()

    with tempfile.TemporaryDirectory(prefix="mystar-bench-") as folder:
        work = Path(folder)
        database_url = (
            f"sqlite+aiosqlite:///{work / 'bench.db'}"
            if args.sqlite
            else os.environ.get(
                "MYSTAR_BENCH_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/mystar_bench"
            )
        )
        print(f"loading the dataset into {database_url}", flush=True)
        asyncio.run(dataset.load(database_url))
        settings = {
            "MYSTAR_WORKERS": "2",
            "MYSTAR_BENCHMARK_ROUTES": "true",
            "MYSTAR_SECRET_KEY": SECRET_KEY,
            **{
                f"MYSTAR_RATE_{name}": RELAXED
                for name in ("LOGIN_PER_CLIENT", "LOGIN_FAILURES_PER_ACCOUNT", "REGISTRATION_PER_CLIENT")
            },
        }
        likes = FreshLikes(asyncio.run(taken_likes(database_url)), TOKENS)
        started = datetime.now(UTC)
        with live_server(settings, database_url) as server, twin_server(database_url, work / "twin-media") as twin:
            rows = measure(server, twin, work, likes, args.passes, args.seconds)
            besides = [
                reads_beside(server, work, likes, "POST /api/login/", 64, args.seconds, args.passes),
                reads_beside(server, work, likes, "POST /api/star/like/", 16, args.seconds, args.passes),
            ]
            memory = avatar_memory(server)
        per_hash = seconds_per_hash()
        report = render(rows, started, database_url, args, besides, per_hash, memory)
        args.results.write_text(report)
        print(report)


def render(
    rows: list[Row],
    started: datetime,
    database_url: str,
    args: argparse.Namespace,
    besides: list[Beside],
    per_hash: float,
    memory: float,
) -> str:
    ceiling = (os.cpu_count() or 1) / per_hash
    [logins] = [row for row in rows if row.endpoint == "POST /api/login/" and row.concurrency == 64]
    logins_per_second = median(logins.ours, "requests_per_second")
    beside_rows = "\n".join(
        f"| {row.load} | {row.alone.requests_per_second:,.0f} | {row.beside.requests_per_second:,.0f}"
        f" | {row.alone.p99_ms:.2f} ms | {row.beside.p99_ms:.2f} ms | {row.beside.p99_ms / row.alone.p99_ms:.2f}"
        f" | {row.beside.errors} | {row.load_per_second:,.0f} |"
        for row in besides
    )
    database = "SQLite" if args.sqlite else postgres_version()
    return (
        textwrap.dedent(
            f"""\
        # Benchmark results

        {started:%Y-%m-%d %H:%M} UTC on {machine()}.
        {database}, the service under Granian with two workers, the twin under gunicorn with two workers of four
        threads; wrk, {args.seconds:g} s per run, the median of {args.passes} interleaved passes (errors: the sum).
        req/s counts the answers that succeeded. Each read is asked for at full load for {WARM_SECONDS} s before it is
        measured (a catalogue that has been running: every worker keeps its answers for a minute); each like is
        of a star its customer has not liked yet.

        """
        )
        + table(rows)
        + textwrap.dedent(
            f"""
        Logins at concurrency 64: {logins_per_second:,.0f}/s against a hashing ceiling of {ceiling:,.0f}/s
        ({os.cpu_count()} cores ÷ {per_hash * 1000:.1f} ms of CPU a hash at the service's argon2id parameters):
        × {logins_per_second / ceiling:.2f}.

        A star's page (`GET /api/star/id/`, concurrency 16) alone and with a load beside it:

        | load | req/s alone | req/s beside | p99 alone | p99 beside | × p99 | errors | load req/s |
        |---|---|---|---|---|---|---|---|
        """
        )
        + beside_rows
        + textwrap.dedent(
            f"""

        A 15 MB avatar upload: the server's memory grew by {memory:.1f} MB (median of three).
        """
        )
    )


if __name__ == "__main__":
    main()
