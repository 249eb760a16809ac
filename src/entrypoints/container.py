"""The composition root: which adapter stands behind each port, and how long each object lives."""

import logging
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import timedelta

import httpx
from dishka import AsyncContainer, Provider, Scope, from_context, make_async_container, provide, provide_all
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from adapters.cache.mmap_catalogue_version import CATALOGUE_VERSION_FILE, MmapCatalogueVersion
from adapters.cache.redis_catalogue_version import RedisCatalogueVersion
from adapters.mail.console_mailer import ConsoleMailer
from adapters.mail.file_mailer import FileMailer
from adapters.mail.smtp_mailer import SmtpMailer
from adapters.media.pillow_media_inspector import PillowMediaInspector
from adapters.payments.sandbox_payment_gateway import HttpNotifier, Notifier, SandboxPaymentGateway
from adapters.payments.yookassa_payment_gateway import YooKassaPaymentGateway, yookassa_client
from adapters.persistence.database import create_engine, create_session_factory, session_of
from adapters.persistence.sqla_category_repository import SqlaCategoryRepository
from adapters.persistence.sqla_favorite_repository import SqlaFavoriteRepository
from adapters.persistence.sqla_like_repository import SqlaLikeRepository
from adapters.persistence.sqla_message_repository import SqlaMessageRepository
from adapters.persistence.sqla_order_queries import SqlaOrderQueries
from adapters.persistence.sqla_order_repository import SqlaOrderRepository
from adapters.persistence.sqla_outbox import SqlaOutbox
from adapters.persistence.sqla_rating_repository import SqlaRatingRepository
from adapters.persistence.sqla_reset_token_repository import SqlaResetTokenRepository
from adapters.persistence.sqla_star_catalogue import SqlaStarCatalogue
from adapters.persistence.sqla_star_repository import SqlaStarRepository
from adapters.persistence.sqla_unit_of_work import SqlaUnitOfWork
from adapters.persistence.sqla_user_repository import SqlaUserRepository
from adapters.rate_limits.limits_rate_limiter import LimitsRateLimiter
from adapters.security.argon2_password_hasher import Argon2PasswordHasher
from adapters.security.itsdangerous_link_signer import ItsdangerousLinkSigner
from adapters.security.jwt_token_issuer import JwtTokenIssuer
from adapters.security.zxcvbn_common_passwords import ZxcvbnCommonPasswords
from adapters.storage.file_system_storage import FileSystemStorage
from adapters.system_clock import SystemClock
from application.accept_order import AcceptOrder
from application.account_mail import AccountMail
from application.accounts import AccountRules
from application.add_favorite import AddFavorite
from application.authenticate import Authenticate
from application.browse_stars import BrowseStars
from application.cancel_order import CancelOrder
from application.create_admin import CreateAdmin
from application.create_star import CreateStar
from application.decline_order import DeclineOrder
from application.deliver_congratulation import DeliverCongratulation
from application.expire_stale_orders import ExpireStaleOrders, SweepTimings
from application.handle_payment_notification import HandlePaymentNotification
from application.like_star import LikeStar
from application.list_categories import ListCategories
from application.list_favorites import ListFavorites
from application.list_orders import ListOrders
from application.load_demo_catalogue import LoadDemoCatalogue
from application.log_in import LogIn
from application.mail_writer import MailWriter, ServiceAddress
from application.media_intake import MediaIntake, UploadLimits
from application.media_links import MediaLinks
from application.open_media import OpenMedia
from application.order_mail import OrderMail
from application.password_reset import ResetPolicy
from application.payments import PaymentSettlement
from application.place_order import PlaceOrder
from application.ports import (
    CatalogueVersion,
    CategoryRepository,
    Clock,
    CommonPasswords,
    FavoriteRepository,
    FileStorage,
    LikeRepository,
    LinkSigner,
    Mailer,
    MediaInspector,
    MessageRepository,
    OrderQueries,
    OrderRepository,
    Outbox,
    PasswordHasher,
    PaymentGateway,
    RateLimiter,
    RatingRepository,
    ResetTokenRepository,
    StarCatalogue,
    StarRepository,
    TokenIssuer,
    UnitOfWork,
    UserRepository,
)
from application.purge_stale_records import PurgeStaleRecords
from application.rate_limits import AbuseLimits
from application.rate_star import RateStar
from application.read_conversation import ReadConversation
from application.refresh_payment import RefreshPayment
from application.register_user import RegisterUser
from application.remove_favorite import RemoveFavorite
from application.request_password_reset import RequestPasswordReset
from application.reset_password import ResetPassword
from application.send_message import SendMessage
from application.send_queued_mail import MailRetry, SendQueuedMail
from application.show_order import ShowOrder
from application.show_payment_link import ShowPaymentLink
from application.show_profile import ShowProfile
from application.show_star import ShowStar
from application.start_payment import StartPayment
from application.unlike_star import UnlikeStar
from application.update_profile import UpdateProfile
from application.upload_avatar import UploadAvatar
from application.upload_hello_video import UploadHelloVideo
from application.validate_reset_token import ValidateResetToken
from entrypoints.http.catalogue_answers import CatalogueAnswers
from entrypoints.settings import Settings

logger = logging.getLogger(__name__)


class InfrastructureProvider(Provider):
    settings = from_context(Settings, scope=Scope.APP)

    @provide(scope=Scope.APP)
    async def engine(self, settings: Settings) -> AsyncIterator[AsyncEngine]:
        engine = create_engine(settings.database_url, pool_size=settings.pool_size())
        yield engine
        await engine.dispose()

    @provide(scope=Scope.APP)
    def session_factory(self, engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
        return create_session_factory(engine)

    @provide(scope=Scope.REQUEST)
    async def session(self, factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
        async for session in session_of(factory):
            yield session

    @provide(scope=Scope.APP)
    def password_hasher(self, settings: Settings) -> Iterator[PasswordHasher]:
        hasher = Argon2PasswordHasher(threads=settings.hashing_threads())
        yield hasher
        hasher.close()

    @provide(scope=Scope.APP)
    def token_issuer(self, settings: Settings) -> TokenIssuer:
        return JwtTokenIssuer(settings.signing_key(), lifetime=timedelta(hours=settings.token_lifetime_hours))

    common_passwords = provide(ZxcvbnCommonPasswords, scope=Scope.APP, provides=CommonPasswords)
    clock = provide(SystemClock, scope=Scope.APP, provides=Clock)

    users = provide(SqlaUserRepository, scope=Scope.REQUEST, provides=UserRepository)
    stars = provide(SqlaStarRepository, scope=Scope.REQUEST, provides=StarRepository)
    categories = provide(SqlaCategoryRepository, scope=Scope.REQUEST, provides=CategoryRepository)
    catalogue = provide(SqlaStarCatalogue, scope=Scope.REQUEST, provides=StarCatalogue)
    orders = provide(SqlaOrderRepository, scope=Scope.REQUEST, provides=OrderRepository)
    order_queries = provide(SqlaOrderQueries, scope=Scope.REQUEST, provides=OrderQueries)
    likes = provide(SqlaLikeRepository, scope=Scope.REQUEST, provides=LikeRepository)
    favorites = provide(SqlaFavoriteRepository, scope=Scope.REQUEST, provides=FavoriteRepository)
    ratings = provide(SqlaRatingRepository, scope=Scope.REQUEST, provides=RatingRepository)
    messages = provide(SqlaMessageRepository, scope=Scope.REQUEST, provides=MessageRepository)
    unit_of_work = provide(SqlaUnitOfWork, scope=Scope.REQUEST, provides=UnitOfWork)
    outbox = provide(SqlaOutbox, scope=Scope.REQUEST, provides=Outbox)
    reset_tokens = provide(SqlaResetTokenRepository, scope=Scope.REQUEST, provides=ResetTokenRepository)

    @provide(scope=Scope.APP)
    def rate_limiter(self, settings: Settings) -> Iterator[RateLimiter]:
        limiter = LimitsRateLimiter(settings.redis_url, settings.redis_prefix)
        yield limiter
        limiter.close()

    @provide(scope=Scope.APP)
    def catalogue_version(self, settings: Settings) -> Iterator[CatalogueVersion]:
        version: RedisCatalogueVersion | MmapCatalogueVersion = (
            RedisCatalogueVersion(settings.redis_url, settings.redis_prefix)
            if settings.redis_url
            else MmapCatalogueVersion(settings.media_dir / CATALOGUE_VERSION_FILE)
        )
        yield version
        version.close()

    @provide(scope=Scope.APP)
    def catalogue_answers(self, version: CatalogueVersion) -> CatalogueAnswers:
        return CatalogueAnswers(version)

    @provide(scope=Scope.APP)
    def reset_policy(self, settings: Settings) -> ResetPolicy:
        return settings.reset_policy()

    @provide(scope=Scope.APP)
    def abuse_limits(self, settings: Settings) -> AbuseLimits:
        return settings.abuse_limits()

    @provide(scope=Scope.APP)
    def mailer(self, settings: Settings) -> Mailer:
        if settings.mail_backend == "smtp":
            if settings.smtp_user and not settings.smtp_starttls:
                logger.warning("the SMTP login goes over an unencrypted connection (MYSTAR_SMTP_STARTTLS=false)")
            return SmtpMailer(
                settings.smtp_host,
                settings.smtp_port,
                settings.mail_from,
                username=settings.smtp_user,
                password=settings.smtp_password,
                starttls=settings.smtp_starttls,
            )
        if settings.deployed():
            # Allowed (a deployment may collect its mail from files), but reset links would reach nobody.
            logger.warning("mail is not sent to people: MYSTAR_MAIL_BACKEND=%s (smtp sends it)", settings.mail_backend)
        if settings.mail_backend == "console":
            return ConsoleMailer()
        return FileMailer(settings.mail_outbox_dir, settings.mail_from)

    @provide(scope=Scope.APP)
    def mail_retry(self) -> MailRetry:
        return MailRetry()

    @provide(scope=Scope.APP)
    def service_address(self, settings: Settings) -> ServiceAddress:
        return ServiceAddress(settings.public_url)

    @provide(scope=Scope.APP)
    def link_signer(self, settings: Settings) -> LinkSigner:
        return ItsdangerousLinkSigner(settings.signing_key())

    @provide(scope=Scope.APP)
    def file_system_storage(self, settings: Settings) -> FileSystemStorage:
        return FileSystemStorage(settings.media_dir)

    @provide(scope=Scope.APP)
    def file_storage(self, storage: FileSystemStorage) -> FileStorage:
        return storage

    @provide(scope=Scope.APP)
    def media_inspector(self) -> MediaInspector:
        return PillowMediaInspector()

    @provide(scope=Scope.APP)
    def media_links(self, signer: LinkSigner, clock: Clock) -> MediaLinks:
        return MediaLinks(signer, clock)

    @provide(scope=Scope.APP)
    def upload_limits(self, settings: Settings) -> UploadLimits:
        return UploadLimits(video_max_bytes=settings.upload_video_max_bytes)

    @provide(scope=Scope.APP)
    def sweep_timings(self, settings: Settings) -> SweepTimings:
        return SweepTimings(
            expiry_margin=timedelta(hours=settings.payment_expiry_margin_hours),
            recheck_after=timedelta(minutes=settings.payment_recheck_minutes),
        )


class SandboxPaymentsProvider(Provider):
    """The built-in payment provider (MYSTAR_PAYMENTS=sandbox): payments without a payment account."""

    scope = Scope.APP

    @provide
    async def http_client(self) -> AsyncIterator[httpx.AsyncClient]:
        """The sandbox's way to the service's notification address."""
        async with httpx.AsyncClient(timeout=httpx.Timeout(10.0, connect=3.0)) as client:
            yield client

    @provide
    def notifier(self, settings: Settings, client: httpx.AsyncClient) -> Notifier:
        return HttpNotifier(f"{settings.public_url}/payments/notifications/", client)

    @provide
    async def sandbox(
        self, settings: Settings, notifier: Notifier, clock: Clock
    ) -> AsyncIterator[SandboxPaymentGateway]:
        sandbox = SandboxPaymentGateway(
            create_engine(settings.sandbox_database_url), f"{settings.public_url}/payments/sandbox", notifier, clock
        )
        await sandbox.prepare()
        logger.warning("payments go to the built-in sandbox: no money moves (MYSTAR_PAYMENTS=yookassa for a real shop)")
        yield sandbox
        await sandbox.close()

    @provide
    def gateway(self, sandbox: SandboxPaymentGateway) -> PaymentGateway:
        return sandbox


class YooKassaPaymentsProvider(Provider):
    """A real shop at YooKassa (MYSTAR_PAYMENTS=yookassa)."""

    scope = Scope.APP

    @provide
    async def gateway(self, settings: Settings) -> AsyncIterator[PaymentGateway]:
        client = yookassa_client(settings.yookassa_shop_id, settings.yookassa_secret_key, settings.yookassa_api_url)
        async with client:
            yield YooKassaPaymentGateway(client)


class UseCaseProvider(Provider):
    scope = Scope.REQUEST

    use_cases = provide_all(
        AccountRules,
        Authenticate,
        RegisterUser,
        LogIn,
        CreateStar,
        CreateAdmin,
        ShowProfile,
        UpdateProfile,
        ListCategories,
        BrowseStars,
        ShowStar,
        LoadDemoCatalogue,
        PaymentSettlement,
        PlaceOrder,
        AcceptOrder,
        DeclineOrder,
        CancelOrder,
        ShowOrder,
        ListOrders,
        ShowPaymentLink,
        StartPayment,
        MediaIntake,
        OpenMedia,
        MailWriter,
        OrderMail,
        AccountMail,
        SendQueuedMail,
        PurgeStaleRecords,
        RequestPasswordReset,
        ResetPassword,
        ValidateResetToken,
        UploadAvatar,
        UploadHelloVideo,
        DeliverCongratulation,
        HandlePaymentNotification,
        RefreshPayment,
        ExpireStaleOrders,
        LikeStar,
        UnlikeStar,
        AddFavorite,
        RemoveFavorite,
        ListFavorites,
        RateStar,
        SendMessage,
        ReadConversation,
    )


def build_container(settings: Settings, *extra: Provider, overrides: Iterable[Provider] = ()) -> AsyncContainer:
    """A container for these settings; providers in `overrides` replace what they provide (tests swap adapters)."""
    payments = SandboxPaymentsProvider() if settings.payments == "sandbox" else YooKassaPaymentsProvider()
    return make_async_container(
        InfrastructureProvider(), payments, UseCaseProvider(), *extra, *overrides, context={Settings: settings}
    )
