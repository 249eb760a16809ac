"""The benchmark's data: 10,000 stars in 20 categories, 5,000 customers, 100,000 orders, 50,000 likes and
30,000 ratings, the same on every run (a fixed seed), written straight into the tables in large batches.

    .venv/bin/python bench/dataset.py --database-url postgresql+asyncpg://postgres@127.0.0.1:5432/mystar_bench

The database is dropped and migrated first (PostgreSQL) or written to a fresh file (SQLite). Every user has
the password `PASSWORD`, hashed once with the service's own argon2 parameters; the counters the service keeps
on the star row (likes, ratings) are computed from the rows written, as the service would have kept them.
"""

import argparse
import asyncio
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import asyncpg
from sqlalchemy import Table, insert, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.persistence.database import create_engine, is_sqlite
from adapters.persistence.migrate import upgrade
from adapters.persistence.tables import (
    CategoryRow,
    LikeRow,
    OrderRow,
    RatingRow,
    StarRow,
    StarTagRow,
    TagRow,
    UserRow,
)
from adapters.security.argon2_password_hasher import Argon2PasswordHasher

PASSWORD = "bench-password-2026"
SEED = 2026
CATEGORIES = 20
STARS = 10_000
CUSTOMERS = 5_000
ORDERS = 100_000
LIKES = 50_000
RATINGS = 30_000
TAGS = 60
BATCH = 5_000
EPOCH = datetime(2026, 1, 1, tzinfo=UTC)
ORDER_TYPES = ("greeting", "invitation")


@dataclass(frozen=True)
class Sizes:
    categories: int = CATEGORIES
    stars: int = STARS
    customers: int = CUSTOMERS
    orders: int = ORDERS
    likes: int = LIKES
    ratings: int = RATINGS

    def star_ids(self) -> range:
        return range(1, self.stars + 1)

    def customer_ids(self) -> range:
        return range(self.stars + 1, self.stars + self.customers + 1)


def _user(user_id: int, *, star: bool, password_hash: str, now: datetime) -> dict[str, Any]:
    name = f"star{user_id}" if star else f"fan{user_id}"
    return {
        "id": user_id,
        "username": name,
        "username_key": name,
        "email": f"{name}@bench.example",
        "phone": f"7900{user_id:07d}",
        "password_hash": password_hash,
        "first_name": f"Имя{user_id % 97}",
        "last_name": f"Фамилия{user_id % 89}",
        "search_text": f"{name} имя{user_id % 97} фамилия{user_id % 89}",
        "avatar": f"avatars/{name}.jpg" if star else None,
        "is_star": star,
        "is_admin": False,
        "token_version": 0,
        "created_at": now,
        "updated_at": now,
    }


def build(sizes: Sizes, password_hash: str) -> dict[Table, list[dict[str, Any]]]:
    """Every row of the dataset, by table, in the order the foreign keys need."""
    rng = random.Random(SEED)  # noqa: S311 - the same data every run, not a secret
    now = EPOCH
    star_ids, customer_ids = sizes.star_ids(), sizes.customer_ids()
    users = [_user(i, star=True, password_hash=password_hash, now=now) for i in star_ids]
    users += [_user(i, star=False, password_hash=password_hash, now=now) for i in customer_ids]
    categories = [
        {"id": i, "cat_name": f"Категория {i}", "category_photo": f"categories/{i}.jpg", "created_at": now}
        | {"updated_at": now}
        for i in range(1, sizes.categories + 1)
    ]
    tags = [{"id": i, "name": f"тег{i}", "created_at": now, "updated_at": now} for i in range(1, TAGS + 1)]

    likes = _pairs(rng, customer_ids, star_ids, sizes.likes)
    ratings = _pairs(rng, customer_ids, star_ids, sizes.ratings)
    like_count: dict[int, int] = {}
    for _, star in likes:
        like_count[star] = like_count.get(star, 0) + 1
    scores = [rng.randint(1, 5) for _ in ratings]
    totals: dict[int, list[int]] = {}
    for (_, star), score in zip(ratings, scores, strict=True):
        totals.setdefault(star, []).append(score)

    stars, star_tags = [], []
    for star in star_ids:
        given = totals.get(star, [])
        mean = Decimal(sum(given)) / len(given) if given else Decimal(0)
        stars.append(
            {
                "user_id": star,
                "category_id": rng.randint(1, sizes.categories),
                "price": Decimal(rng.randrange(1_000, 200_000, 500)),
                "price_another": Decimal(rng.randrange(50_000, 500_000, 1_000)) if star % 3 == 0 else None,
                "profession": f"Профессия {star % 40}",
                "description": "Поздравлю ваших близких с любым праздником. " * 3,
                "days": rng.randint(1, 14),
                "top": star % 50 == 0,
                "likes": like_count.get(star, 0),
                "rating_total": sum(given),
                "rating_count": len(given),
                "rating": mean.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP),
                "video_hi": None,
                "created_at": now + timedelta(minutes=star),
            }
        )
        for position, tag in enumerate(rng.sample(range(1, TAGS + 1), 3)):
            star_tags.append({"star_id": star, "tag_id": tag, "position": position})

    orders = []
    for order_id in range(1, sizes.orders + 1):
        status = rng.choice((0, 0, 1, 1, 1, -1))
        orders.append(
            {
                "id": order_id,
                "customer_id": rng.choice(customer_ids),
                "star_id": rng.choice(star_ids),
                "order_type": ORDER_TYPES[order_id % 7 == 0],
                "price": Decimal(rng.randrange(1_000, 200_000, 500)),
                "for_whom": f"Для друга {order_id % 1000}",
                "comment": "С днём рождения!",
                "status": status,
                "decline_reason": "declined" if status == -1 else None,
                "decline_comment": "",
                "payment_status": {0: "held", 1: "captured", -1: "canceled"}[status],
                "payment_id": f"bench-{order_id}",
                "payment_key": f"key-{order_id}",
                "payment_url": "",
                "created_at": now + timedelta(seconds=order_id),
                "updated_at": now + timedelta(seconds=order_id),
            }
        )
    like_rows = [{"customer_id": c, "star_id": s, "created_at": now} for c, s in likes]
    rating_rows = [
        {"customer_id": c, "star_id": s, "score": score, "comment": "", "created_at": now, "updated_at": now}
        for (c, s), score in zip(ratings, scores, strict=True)
    ]
    return {
        UserRow.__table__: users,  # type: ignore[dict-item]
        CategoryRow.__table__: categories,  # type: ignore[dict-item]
        TagRow.__table__: tags,  # type: ignore[dict-item]
        StarRow.__table__: stars,  # type: ignore[dict-item]
        StarTagRow.__table__: star_tags,  # type: ignore[dict-item]
        OrderRow.__table__: orders,  # type: ignore[dict-item]
        LikeRow.__table__: like_rows,  # type: ignore[dict-item]
        RatingRow.__table__: rating_rows,  # type: ignore[dict-item]
    }


def _pairs(rng: random.Random, customers: Sequence[int], stars: Sequence[int], count: int) -> list[tuple[int, int]]:
    """`count` distinct (customer, star) pairs."""
    chosen: set[tuple[int, int]] = set()
    while len(chosen) < count:
        chosen.add((rng.choice(customers), rng.choice(stars)))
    return sorted(chosen)


def _remove_sqlite_files(url: str) -> None:
    database = make_url(url).database or ""
    for suffix in ("", "-wal", "-shm"):
        Path(database + suffix).unlink(missing_ok=True)


async def recreate(url: str) -> None:
    """An empty, migrated database at `url`."""
    if is_sqlite(url):
        await asyncio.to_thread(_remove_sqlite_files, url)
    else:
        parsed = make_url(url)
        server = await asyncpg.connect(
            host=parsed.host,
            port=parsed.port or 5432,
            user=parsed.username,
            password=parsed.password,
            database="postgres",
        )
        try:
            await server.execute(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)')
            await server.execute(f'CREATE DATABASE "{parsed.database}"')
        finally:
            await server.close()
    await asyncio.to_thread(upgrade, url)


async def write(engine: AsyncEngine, rows: dict[Table, list[dict[str, Any]]]) -> None:
    async with engine.begin() as connection:
        for table, table_rows in rows.items():
            for start in range(0, len(table_rows), BATCH):
                await connection.execute(insert(table), table_rows[start : start + BATCH])
        if engine.dialect.name == "postgresql":
            # Ids were written explicitly: the sequences must start after them, as the service's own inserts need.
            for table in rows:
                if "id" in table.c:
                    # The names are our tables', not input.
                    restart = f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), (SELECT max(id) FROM {table.name}))"  # noqa: S608, E501
                    await connection.execute(text(restart))
            await connection.execute(text("ANALYZE"))


async def load(url: str, sizes: Sizes = Sizes()) -> None:
    await recreate(url)
    hasher = Argon2PasswordHasher()
    try:
        password_hash = await hasher.hash(PASSWORD)
    finally:
        hasher.close()
    engine = create_engine(url, pool_size=1)
    try:
        await write(engine, build(sizes, password_hash))
    finally:
        await engine.dispose()


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--database-url", required=True)
    args = options.parse_args()
    asyncio.run(load(args.database_url))


if __name__ == "__main__":
    main()
