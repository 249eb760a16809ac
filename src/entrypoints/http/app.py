"""The HTTP application factory."""

import logging
from collections.abc import Iterable
from functools import partial
from pathlib import Path

from dishka import AsyncContainer, Provider
from dishka.integrations.litestar import DishkaRouter, LitestarProvider, setup_dishka
from litestar import Controller, Litestar, Router
from litestar.config.cors import CORSConfig
from litestar.logging import LoggingConfig
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import ScalarRenderPlugin, SwaggerRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.template.config import TemplateConfig
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from adapters.storage.file_system_storage import FileSystemStorage
from application.expire_stale_orders import ExpireStaleOrders
from application.purge_stale_records import PurgeStaleRecords
from application.send_queued_mail import SendQueuedMail
from entrypoints.background import Periodic
from entrypoints.container import build_container
from entrypoints.http.accounts import AccountController
from entrypoints.http.auth import AuthProvider
from entrypoints.http.benchmark_floor import BenchmarkFloorController
from entrypoints.http.catalogue import CatalogueController
from entrypoints.http.clients import ClientProvider
from entrypoints.http.errors import EXCEPTION_HANDLERS
from entrypoints.http.guarded_request import GuardedRequest
from entrypoints.http.media import MediaController
from entrypoints.http.messages import MessageController
from entrypoints.http.orders import OrderController
from entrypoints.http.password_reset import PasswordResetAliasController, PasswordResetController
from entrypoints.http.payments import OrderPaymentController, PaymentController
from entrypoints.http.reactions import ReactionController
from entrypoints.http.sandbox_checkout import SandboxCheckoutController
from entrypoints.http.security_headers import add_security_headers
from entrypoints.http.service import ServiceController
from entrypoints.http.uploads import MULTIPART_OVERHEAD, AvatarUploadController, VideoUploadController
from entrypoints.settings import Settings

logger = logging.getLogger(__name__)
JSON_BODY_LIMIT = 1024 * 1024
TEMPLATES = Path(__file__).parent / "templates"
_JSON = b"application/json"
_JSON_UTF8 = b"application/json; charset=utf-8"


async def declare_utf8(message: Message, _: Scope) -> None:
    """JSON answers say their charset, as the contract writes them (`application/json; charset=utf-8`)."""
    if message["type"] == "http.response.start":
        message["headers"] = [
            (name, _JSON_UTF8 if name == b"content-type" and value == _JSON else value)
            for name, value in message["headers"]
        ]


OPENAPI = OpenAPIConfig(
    title="My Star API",
    version="1.0.0",
    description=(
        "The back end of My Star, a marketplace for personal video greetings. Errors answer "
        '`{"detail": ..., "code": ...}`; list answers carry their total in `X-Total-Count`.'
    ),
    path="/docs",
    render_plugins=[SwaggerRenderPlugin(path="/swagger"), ScalarRenderPlugin(path="/scalar")],
    components=Components(
        security_schemes={"BearerToken": SecurityScheme(type="http", scheme="bearer", bearer_format="JWT")}
    ),
)


STALE_UPLOAD_SECONDS = 3600
PURGE_SECONDS = 3600


async def forget_stale_uploads(container: AsyncContainer) -> None:
    """Uploads that a killed worker left half-received in staging are removed when a worker starts."""
    removed = await (await container.get(FileSystemStorage)).forget_stale(STALE_UPLOAD_SECONDS)
    if removed:
        logger.warning("removed %s half-received uploads left by an earlier run", removed)


def forget_request_container(app: ASGIApp) -> ASGIApp:
    """dishka's request container holds the request, and the request's state holds the container: a
    cycle that keeps the request, its body and what was decoded from it alive until the garbage collector
    happens to run (never, for a body of untracked objects such as empty dicts). Each request's container
    is taken out of its state once the request is done, so that it all goes at once."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await app(scope, receive, send)
        finally:
            state = scope.get("state")
            if isinstance(state, dict):
                state.pop("dishka_container", None)

    return middleware


def of_this_app(controller: type[Controller]) -> type[Controller]:
    """A subclass of the controller for one app. dishka's router (1.10.1) wraps a controller class's
    `get_route_handlers` in place each time an app registers it, so the classes themselves would gather a
    wrapper per app made in a process (the tests make hundreds) until they overflow the stack."""
    return type(controller.__name__, (controller,), {})


def cors_config(settings: Settings) -> CORSConfig | None:
    """Browsers on the origins in MYSTAR_CORS_ORIGINS may call the API; with none, only the service's own
    origin may (no CORS headers at all). Tokens travel in a header, never in cookies."""
    origins = settings.cors_origin_list()
    if not origins:
        return None
    return CORSConfig(
        allow_origins=origins,
        allow_methods=["GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS"],
        allow_headers=["Authorization", "Content-Type"],
        expose_headers=["X-Total-Count", "Retry-After"],
        allow_credentials=False,
        max_age=600,
    )


def create_app(settings: Settings | None = None, overrides: Iterable[Provider] = ()) -> Litestar:
    """The app for these settings (by default read from the environment); `overrides` swap adapters."""
    settings = settings or Settings()
    container = build_container(settings, AuthProvider(), ClientProvider(), LitestarProvider(), overrides=overrides)
    duties = [
        Periodic(container, ExpireStaleOrders, settings.payment_sweep_seconds),
        Periodic(container, SendQueuedMail, settings.mail_send_seconds),
        Periodic(container, PurgeStaleRecords, PURGE_SECONDS),
    ]
    video_uploads = DishkaRouter(
        "",
        route_handlers=[of_this_app(VideoUploadController)],
        request_max_body_size=settings.upload_video_max_bytes + MULTIPART_OVERHEAD,
    )
    controllers: list[type[Controller] | Router] = [
        AccountController,
        PasswordResetController,
        PasswordResetAliasController,
        CatalogueController,
        OrderController,
        OrderPaymentController,
        PaymentController,
        ReactionController,
        MessageController,
        ServiceController,
        AvatarUploadController,
        video_uploads,
        MediaController,
    ]
    if settings.payments == "sandbox":
        controllers.append(SandboxCheckoutController)
    if settings.benchmark_routes:
        controllers.append(BenchmarkFloorController)
    controllers = [of_this_app(entry) if isinstance(entry, type) else entry for entry in controllers]
    app = Litestar(
        route_handlers=[DishkaRouter("", route_handlers=controllers)],
        exception_handlers=EXCEPTION_HANDLERS,  # type: ignore[arg-type]
        openapi_config=OPENAPI,
        template_config=TemplateConfig(directory=TEMPLATES, engine=JinjaTemplateEngine),
        request_max_body_size=JSON_BODY_LIMIT,
        request_class=GuardedRequest,
        logging_config=LoggingConfig(
            root={"level": settings.log_level, "handlers": ["queue_listener"]},
            log_exceptions="never",
        ),
        before_send=[declare_utf8, add_security_headers],
        cors_config=cors_config(settings),
        on_startup=[*(duty.start for duty in duties), partial(forget_stale_uploads, container)],
        on_shutdown=[*(duty.stop for duty in duties), container.close],
    )
    setup_dishka(container, app)
    app.asgi_handler = forget_request_container(app.asgi_handler)
    return app
