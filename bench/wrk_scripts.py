"""The wrk scripts of the benchmark's endpoints: each request drawn in turn from a fixed sequence (star ids,
categories, customers and their tokens, like pairs nobody has made yet), and one line of JSON at the end
with the counts and the latency percentiles."""

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

import dataset

LIKES_PER_RUN = 60_000
_DONE = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "errors": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.status + e.timeout))
end
"""
_THREADS = """
local threads = {}
function setup(thread)
  thread:set("first", #threads)
  table.insert(threads, thread)
end
function init(args)
  counter = first
end
local function next_index(size)
  counter = counter + STEP
  return (counter % size) + 1
end
"""


def _lua_string(content: bytes) -> str:
    return (
        '"'
        + "".join(chr(byte) if 32 <= byte < 127 and byte not in (34, 92) else f"\\{byte:03d}" for byte in content)
        + '"'
    )


def _lua_list(values: list[str]) -> str:
    return "{" + ",".join(values) + "}"


@dataclass(frozen=True)
class Endpoint:
    name: str
    # The Lua that defines `request` for a target ("ours" or "twin") and the number of wrk threads.
    body: Callable[[str], str]
    work: Path
    # The pages a read asks for, in turn (none for a write).
    paths: tuple[str, ...] = ()

    def script(self, target: str, concurrency: int) -> Path:
        threads = 1 if concurrency == 1 else 2
        slug = self.name.replace(" ", "_").replace("/", "_").strip("_")
        path = self.work / f"{slug}-{target}-{concurrency}.lua"
        path.write_text(f"STEP = {threads}\n{_THREADS}\n{self.body(f'{target}-{concurrency}')}\n{_DONE}")
        return path


def floor(work: Path) -> Path:
    path = work / "floor.lua"
    path.write_text(f'wrk.path = "/bench/floor"\n{_DONE}')
    return path


def _reads(name: str, paths: list[str], work: Path) -> Endpoint:
    return Endpoint(name, _get(paths), work, tuple(paths))


def _get(paths: list[str]) -> Callable[[str], str]:
    table = _lua_list([_lua_string(path.encode()) for path in paths])
    return lambda _: (
        f"local PATHS = {table}\nrequest = function()\n  return wrk.format('GET', PATHS[next_index(#PATHS)])\nend"
    )


def _post(
    bodies: list[str], tokens: list[str], path: str, content_type: str = "application/json"
) -> Callable[[str], str]:
    bodies_table = _lua_list([_lua_string(body.encode()) for body in bodies])
    tokens_table = _lua_list([_lua_string(token.encode()) for token in tokens])
    return lambda _: (
        f"local BODIES = {bodies_table}\nlocal TOKENS = {tokens_table}\n"
        "request = function()\n"
        "  local i = next_index(#BODIES)\n"
        f"  local headers = {{['Content-Type'] = {_lua_string(content_type.encode())}}}\n"
        "  if #TOKENS > 0 then headers['Authorization'] = 'Bearer ' .. TOKENS[((i - 1) % #TOKENS) + 1] end\n"
        f"  return wrk.format('POST', {_lua_string(path.encode())}, headers, BODIES[i])\n"
        "end"
    )


class FreshLikes:
    """Like pairs (a customer with a token, a star) nobody has made: each run of wrk gets its own."""

    def __init__(self, taken: set[tuple[int, int]], customers: int) -> None:
        self._taken = taken
        self._customers = customers
        self._next = 0
        self._runs: dict[str, list[tuple[int, int]]] = {}

    def for_run(self, run: str) -> list[tuple[int, int]]:
        if run not in self._runs:
            self._runs[run] = self._take(LIKES_PER_RUN)
        return self._runs[run]

    def _take(self, count: int) -> list[tuple[int, int]]:
        first = dataset.Sizes().customer_ids().start
        stars = dataset.Sizes().stars
        taken: list[tuple[int, int]] = []
        while len(taken) < count:
            # Star after star, so that likes sent together go to different stars (as people's do) rather
            # than queue for one star's counter.
            pair = (first + (self._next // stars) % self._customers, 1 + self._next % stars)
            self._next += 1
            if pair not in self._taken:
                taken.append(pair)
        return taken


def _likes(fresh: FreshLikes, tokens: list[str], pass_number: int) -> Callable[[str], str]:
    first = dataset.Sizes().customer_ids().start

    def body(run: str) -> str:
        pairs = fresh.for_run(f"{pass_number}-{run}")
        bodies = _lua_list([_lua_string(f'{{"star_id": {star}}}'.encode()) for _, star in pairs])
        owners = _lua_list([str(customer - first + 1) for customer, _ in pairs])
        tokens_table = _lua_list([_lua_string(token.encode()) for token in tokens])
        return (
            f"local BODIES = {bodies}\nlocal OWNERS = {owners}\nlocal TOKENS = {tokens_table}\n"
            "request = function()\n"
            "  local i = next_index(#BODIES)\n"
            "  local headers = {['Content-Type'] = 'application/json'}\n"
            "  headers['Authorization'] = 'Bearer ' .. TOKENS[OWNERS[i]]\n"
            "  return wrk.format('POST', '/api/star/like/', headers, BODIES[i])\n"
            "end"
        )

    return body


def avatar_body() -> tuple[bytes, str]:
    """A 256×256 JPEG as a multipart body, and its content type."""
    picture = io.BytesIO()
    Image.effect_noise((256, 256), 60).convert("RGB").save(picture, "JPEG", quality=85)
    boundary = "mystar-bench-boundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="image"; filename="me.jpg"\r\n'
            "Content-Type: image/jpeg\r\n\r\n"
        ).encode()
        + picture.getvalue()
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


def endpoints(work: Path, tokens: list[str], likes: FreshLikes, pass_number: int) -> list[Endpoint]:
    """Every endpoint the benchmark measures, with the requests of this pass."""
    sizes = dataset.Sizes()
    stars = [f"/api/star/id/?id={(n * 7919) % sizes.stars + 1}" for n in range(2000)]
    categories = [f"/api/star/category/?id={n % sizes.categories + 1}&limit=20" for n in range(200)]
    orders = [
        f'{{"star_id": {(n * 613) % sizes.stars + 1}, "for_whom": "Для мамы", "comment": "С днём рождения!"}}'
        for n in range(2000)
    ]
    first = sizes.customer_ids().start
    logins = [f'{{"login": "fan{first + n}", "password": "{dataset.PASSWORD}"}}' for n in range(len(tokens))]
    avatar, avatar_type = avatar_body()
    return [
        _reads("GET /api/star/getlist/?limit=20", ["/api/star/getlist/?limit=20"], work),
        _reads("GET /api/star/id/", stars, work),
        _reads("GET /api/star/category/", categories, work),
        _reads("GET /api/categories/", ["/api/categories/"], work),
        Endpoint("POST /api/order/", _post(orders, tokens, "/api/order/"), work),
        Endpoint("POST /api/star/like/", _likes(likes, tokens, pass_number), work),
        Endpoint("POST /api/login/", _post(logins, [], "/api/login/"), work),
        Endpoint("POST /api/upload/avatar/", _post_binary(avatar, avatar_type, tokens), work),
    ]


def _post_binary(body: bytes, content_type: str, tokens: list[str]) -> Callable[[str], str]:
    tokens_table = _lua_list([_lua_string(token.encode()) for token in tokens])
    return lambda _: (
        f"local BODY = {_lua_string(body)}\nlocal TOKENS = {tokens_table}\n"
        "request = function()\n"
        "  local i = next_index(#TOKENS)\n"
        f"  local headers = {{['Content-Type'] = {_lua_string(content_type.encode())}}}\n"
        "  headers['Authorization'] = 'Bearer ' .. TOKENS[i]\n"
        "  return wrk.format('POST', '/api/upload/avatar/', headers, BODY)\n"
        "end"
    )
