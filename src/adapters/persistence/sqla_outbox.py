from datetime import datetime, timedelta

from sqlalchemy import insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.persistence.tables import OutboxRow
from application.ports import QueuedMail
from domain.mail import Mail


class SqlaOutbox:
    """The outbox table. Senders take due rows with `FOR UPDATE SKIP LOCKED` (PostgreSQL; SQLite has one
    writer at a time) and hold them by a lease, so two workers never send one mail at once."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, mail: Mail, now: datetime) -> None:
        await self._session.execute(
            insert(OutboxRow).values(
                recipient=mail.to,
                subject=mail.subject,
                body=mail.body,
                attempts=0,
                next_attempt_at=now,
                last_error="",
                created_at=now,
                updated_at=now,
            )
        )

    async def claim(self, now: datetime, lease: timedelta, limit: int) -> list[QueuedMail]:
        due = (
            select(OutboxRow)
            .where(
                OutboxRow.sent_at.is_(None),
                OutboxRow.next_attempt_at <= now,
                or_(OutboxRow.locked_until.is_(None), OutboxRow.locked_until <= now),
            )
            .order_by(OutboxRow.next_attempt_at, OutboxRow.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        rows = list((await self._session.scalars(due)).all())
        if rows:
            await self._session.execute(
                update(OutboxRow).where(OutboxRow.id.in_([row.id for row in rows])).values(locked_until=now + lease)
            )
        return [QueuedMail(row.id, Mail(row.recipient, row.subject, row.body), row.attempts) for row in rows]

    async def sent(self, mail_id: int, now: datetime) -> None:
        await self._session.execute(
            update(OutboxRow).where(OutboxRow.id == mail_id).values(sent_at=now, locked_until=None, updated_at=now)
        )

    async def failed(self, mail_id: int, error: str, retry_at: datetime | None) -> None:
        await self._session.execute(
            update(OutboxRow)
            .where(OutboxRow.id == mail_id)
            .values(
                attempts=OutboxRow.attempts + 1,
                next_attempt_at=retry_at,
                locked_until=None,
                last_error=error[:500],
            )
        )
