import secrets
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, delete, exists, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.persistence.tables import OutboxRow
from application.ports import QueuedMail
from domain.mail import Mail

GIVEN_UP_EXPIRED = "given up: its link expired before it could be sent"


def _due(now: datetime) -> ColumnElement[bool]:
    return and_(
        OutboxRow.sent_at.is_(None),
        OutboxRow.next_attempt_at <= now,
        or_(OutboxRow.locked_until.is_(None), OutboxRow.locked_until <= now),
    )


class SqlaOutbox:
    """The outbox table. Senders take due rows with `FOR UPDATE SKIP LOCKED` (PostgreSQL; SQLite has one
    writer at a time) and hold them under a claim and a lease, so two workers never send one mail at once;
    a round that outlived its lease can no longer record anything for the mails another worker took."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, mail: Mail, now: datetime) -> None:
        await self._session.execute(
            insert(OutboxRow).values(
                recipient=mail.to,
                subject=mail.subject,
                body=mail.body,
                expires_at=mail.expires_at,
                attempts=0,
                next_attempt_at=now,
                last_error="",
                created_at=now,
                updated_at=now,
            )
        )

    async def any_due(self, now: datetime) -> bool:
        return bool(await self._session.scalar(select(exists().where(_due(now)))))

    async def claim(self, now: datetime, lease: timedelta, limit: int) -> list[QueuedMail]:
        await self._session.execute(
            update(OutboxRow)
            .where(_due(now), OutboxRow.expires_at <= now)
            .values(next_attempt_at=None, body="", last_error=GIVEN_UP_EXPIRED, updated_at=now)
        )
        due = (
            select(OutboxRow)
            .where(_due(now))
            .order_by(OutboxRow.next_attempt_at, OutboxRow.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        rows = list((await self._session.scalars(due)).all())
        claim = secrets.token_hex(8)
        if rows:
            await self._session.execute(
                update(OutboxRow)
                .where(OutboxRow.id.in_([row.id for row in rows]))
                .values(locked_until=now + lease, claim=claim)
            )
        return [
            QueuedMail(row.id, Mail(row.recipient, row.subject, row.body, row.expires_at), row.attempts, claim)
            for row in rows
        ]

    async def sent(self, queued: QueuedMail, now: datetime) -> None:
        await self._session.execute(
            update(OutboxRow)
            .where(OutboxRow.id == queued.id, OutboxRow.claim == queued.claim)
            .values(sent_at=now, locked_until=None, claim=None, body="", updated_at=now)
        )

    async def failed(self, queued: QueuedMail, error: str, retry_at: datetime | None, now: datetime) -> None:
        given_up = {"body": ""} if retry_at is None else {}
        await self._session.execute(
            update(OutboxRow)
            .where(OutboxRow.id == queued.id, OutboxRow.claim == queued.claim)
            .values(
                attempts=OutboxRow.attempts + 1,
                next_attempt_at=retry_at,
                locked_until=None,
                claim=None,
                last_error=error[:500],
                updated_at=now,
                **given_up,
            )
        )

    async def release(self, claim: str) -> None:
        await self._session.execute(
            update(OutboxRow)
            .where(OutboxRow.claim == claim, OutboxRow.sent_at.is_(None))
            .values(locked_until=None, claim=None)
        )

    async def purge(self, before: datetime) -> int:
        done = or_(OutboxRow.sent_at < before, and_(OutboxRow.next_attempt_at.is_(None), OutboxRow.updated_at < before))
        result = await self._session.execute(delete(OutboxRow).where(done))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]  # a DML result has a rowcount
