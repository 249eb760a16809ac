"""The e-mails about an account: the link that sets a new password, and the notice that it was set."""

from datetime import datetime, timedelta

from application.mail_writer import MailWriter
from domain.user import User
from domain.values import Email

RESET_PATH = "/password_reset/confirm/"


class AccountMail:
    def __init__(self, writer: MailWriter) -> None:
        self._writer = writer

    def _reset_link(self, secret: str) -> str:
        return self._writer.address.link(f"{RESET_PATH}?token={secret}")

    async def reset_requested(self, user: User, secret: str, lifetime: timedelta, expires_at: datetime) -> None:
        """The link's mail is given up, not sent late, once the link has expired."""
        minutes = max(1, round(lifetime.total_seconds() / 60))
        await self._writer.write(
            user.email,
            "Смена пароля в My Star",
            f"Здравствуйте, {user.username}!\n\n"
            "Кто-то, возможно вы, попросил сменить пароль вашей учётной записи My Star. Чтобы задать новый "
            f"пароль, откройте ссылку (она действует {minutes} мин. и сработает один раз):\n\n"
            f"{self._reset_link(secret)}\n\n"
            "Если вы не просили сменить пароль, ничего не делайте: пароль останется прежним.",
            expires_at=expires_at,
        )

    async def password_changed(self, user: User) -> None:
        await self._writer.write(
            user.email,
            "Пароль в My Star изменён",
            f"Здравствуйте, {user.username}!\n\n"
            "Пароль вашей учётной записи My Star изменён, и все входы, сделанные до этого, завершены: "
            "войдите заново с новым паролем.\n\n"
            "Если пароль меняли не вы, сразу запросите смену пароля ещё раз (кнопка «Забыли пароль?» "
            "на странице входа): новый пароль снова завершит все входы.",
        )

    async def email_changed(self, user: User, old_email: Email) -> None:
        """Written to the old address: if the change was not the owner's, they learn of it there."""
        await self._writer.write(
            old_email,
            "Адрес почты в My Star изменён",
            f"Здравствуйте, {user.username}!\n\n"
            f"Адрес почты вашей учётной записи My Star заменён на {user.email}; ссылки для смены пароля, "
            "отправленные на этот адрес, больше не действуют.\n\n"
            "Если адрес меняли не вы, ответьте в службу поддержки My Star как можно скорее.",
        )
