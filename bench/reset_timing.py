"""Times password-reset requests for an address with an account and for one without, against a fresh
server, with the answer floor off and on: the floor must leave no difference a client could measure.

    .venv/bin/python bench/reset_timing.py [--requests 100] [--floor-ms 300] [--database-url URL]

The requests alternate between the two addresses; the rate limits are raised for the run. Prints the
minimum, median, 90th and 99th percentile and maximum of each, in milliseconds.
"""

import argparse
import statistics
import time

import httpx

from live_server import live_server

KNOWN, UNKNOWN = "masha@example.com", "nobody@example.com"


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--requests", type=int, default=100, help="of each kind, per floor")
    options.add_argument("--floor-ms", type=int, default=300)
    options.add_argument("--database-url", default="", help="PostgreSQL, say; SQLite in a temporary folder if not")
    args = options.parse_args()

    print(f"{'floor ms':>8} {'address':>8} {'min':>7} {'median':>7} {'p90':>7} {'p99':>7} {'max':>7}")
    for floor in (0, args.floor_ms):
        settings = {
            "MYSTAR_PASSWORD_RESET_FLOOR_MS": str(floor),
            "MYSTAR_RATE_RESET_PER_ADDRESS": "1000000/hour",
            "MYSTAR_RATE_RESET_PER_CLIENT": "1000000/hour",
            "MYSTAR_MAIL_SEND_SECONDS": "0",
        }
        with live_server(settings, args.database_url) as server, httpx.Client(base_url=server.url) as api:
            account = {"username": "masha", "email": KNOWN, "phone": "+79001234567", "password": "correct horse 1"}
            if api.post("/api/registration/", json=account).status_code not in (201, 409):
                raise SystemExit("could not register the account")
            timings: dict[str, list[float]] = {KNOWN: [], UNKNOWN: []}
            for _ in range(args.requests):
                for address in (KNOWN, UNKNOWN):
                    started = time.perf_counter()
                    answer = api.post("/password_reset/", json={"email": address})
                    timings[address].append((time.perf_counter() - started) * 1000)
                    if answer.status_code != 200:
                        raise SystemExit(f"{answer.status_code} {answer.text}")
            for address, label in ((KNOWN, "known"), (UNKNOWN, "unknown")):
                times = sorted(timings[address])
                cuts = statistics.quantiles(times, n=100, method="inclusive")  # never beyond the extremes
                print(
                    f"{floor:>8} {label:>8} {times[0]:>7.1f} {statistics.median(times):>7.1f}"
                    f" {cuts[89]:>7.1f} {cuts[98]:>7.1f} {times[-1]:>7.1f}"
                )


if __name__ == "__main__":
    main()
