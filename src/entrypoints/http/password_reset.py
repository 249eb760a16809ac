"""Setting a new password through an e-mailed link: the request, the form page and the confirmation.

Both spellings of the prefix are served: `/password_reset/` (the original document) and `/password-reset/`
(the original client). The confirmation takes JSON from the apps and the form's fields from the page; the
page works without JavaScript and never leaks the link through a Referer."""

from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

import msgspec
from dishka.integrations.litestar import FromDishka
from litestar import Controller, MediaType, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.exceptions import ValidationException
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import OpenAPIMediaType, OpenAPIResponse, Operation, Reference, RequestBody, Schema
from litestar.openapi.spec.enums import OpenAPIType
from litestar.params import JSONBody, QueryParameter
from litestar.response import Template
from litestar.types import Method
from litestar.types.internal_types import PathParameterDefinition

from application.accounts import PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, PASSWORD_RULES
from application.errors import TooManyRequestsError
from application.request_password_reset import RequestPasswordReset
from application.reset_password import ResetPassword
from application.validate_reset_token import ValidateResetToken
from domain.errors import InvalidValueError, ResetTokenError
from entrypoints.http.clients import Client
from entrypoints.http.errors import (
    handle_dead_reset_link,
    handle_weak_password,
    reset_link_status,
    retry_after,
    status_of,
)
from entrypoints.http.guarded_request import ensure_json
from entrypoints.http.openapi import errors
from entrypoints.http.schemas import (
    ErrorOut,
    PasswordErrorsOut,
    PasswordResetConfirmIn,
    PasswordResetIn,
    ResetTokenIn,
    StatusOut,
)

T = TypeVar("T")
OK = StatusOut(status="OK")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
# The pages carry the link's secret in their address: never kept by a cache (no Referer and nothing
# loaded from elsewhere come with every page: see security_headers).
PAGE_HEADERS = {"Cache-Control": "no-store"}
Secret = Annotated[str | None, QueryParameter(description="The token from the e-mailed link")]


def operation_id(handler: HTTPRouteHandler, _: Method, components: list[str | PathParameterDefinition]) -> str:
    """Ids that tell the two prefixes apart (Litestar's own would be the same for both)."""
    prefix = "passwordResetHyphen" if "password-reset" in components else "passwordReset"
    return f"{prefix}_{handler.handler_name}"


STATUS_ANSWERS = {
    200: ResponseSpec(StatusOut, description='`{"status": "OK"}`', generate_examples=False),
    404: ResponseSpec(
        StatusOut, description='`{"status": "notfound"}` or `{"status": "expired"}`', generate_examples=False
    ),
}
_SECRET_FIELDS: dict[str, Schema | Reference] = {
    "token": Schema(type=OpenAPIType.STRING, description="The token from the e-mailed link"),
    "password": Schema(
        type=OpenAPIType.STRING, min_length=PASSWORD_MIN_LENGTH, max_length=PASSWORD_MAX_LENGTH, description="New"
    ),
}
_FORM = Schema(
    type=OpenAPIType.OBJECT,
    properties={**_SECRET_FIELDS, "password_confirm": Schema(type=OpenAPIType.STRING, description="Typed again")},
    required=["token", "password", "password_confirm"],
)
_HTML = {"text/html": OpenAPIMediaType(schema=Schema(type=OpenAPIType.STRING))}


@dataclass
class ConfirmOperation(Operation):
    """The confirmation takes JSON (the apps) or the form's fields (the page, which gets a page back)."""

    def __post_init__(self) -> None:
        self.request_body = RequestBody(
            required=True,
            content={
                "application/json": OpenAPIMediaType(
                    schema=Schema(type=OpenAPIType.OBJECT, properties=_SECRET_FIELDS, required=["token", "password"])
                ),
                "application/x-www-form-urlencoded": OpenAPIMediaType(schema=_FORM),
            },
        )
        for status, answer in (self.responses or {}).items():
            if status in ("200", "400", "404", "429") and isinstance(answer, OpenAPIResponse) and answer.content:
                answer.content = {**answer.content, **_HTML}


class PasswordResetController(Controller):
    path = "/password_reset"
    tags = ["Password reset"]

    @post(
        "/",
        operation_id=operation_id,
        status_code=200,
        summary="E-mail a link that sets a new password (the same answer whether or not the address is known)",
        responses=errors(400, 413, 429),
    )
    async def request_reset(
        self,
        data: JSONBody[PasswordResetIn],
        client: FromDishka[Client],
        request_reset: FromDishka[RequestPasswordReset],
    ) -> StatusOut:
        await request_reset.execute(data.email, client.key)
        return OK

    @get(
        "/confirm/",
        operation_id=operation_id,
        media_type=MediaType.HTML,
        summary="The page with the form that sets a new password (a page saying the link is dead if it is)",
        responses={
            404: ResponseSpec(str, description="The link is unknown, used or expired", media_type=MediaType.HTML),
            429: ResponseSpec(str, description="Too many attempts", media_type=MediaType.HTML),
            **errors(),
        },
    )
    async def form(
        self, client: FromDishka[Client], validate: FromDishka[ValidateResetToken], token: Secret = None
    ) -> Template:
        try:
            await validate.execute(token or "", client.key)
        except ResetTokenError as error:
            return dead_link_page(error)
        except TooManyRequestsError as error:
            return busy_page(error)
        return form_page(self.path, token or "")

    @post(
        "/confirm/",
        operation_id=operation_id,
        status_code=200,
        summary="Set the new password (JSON from the apps, or the form's fields from the page)",
        operation_class=ConfirmOperation,
        exception_handlers={ResetTokenError: handle_dead_reset_link, InvalidValueError: handle_weak_password},
        responses={
            **STATUS_ANSWERS,
            400: ResponseSpec(
                PasswordErrorsOut | ErrorOut,  # type: ignore[arg-type]  # a union is a type Litestar documents
                description='`{"password": ["..."]}` when the password breaks a rule, else a malformed body',
                generate_examples=False,
            ),
            **errors(413, 429),
        },
    )
    async def confirm(
        self, request: Request[Any, Any, Any], client: FromDishka[Client], reset_password: FromDishka[ResetPassword]
    ) -> Response[Any]:
        if request.content_type[0] in FORM_TYPES:
            return await self._confirm_form(request, client, reset_password)
        data = decode(request.content_type[0], await request.body(), PasswordResetConfirmIn)
        await reset_password.execute(data.token, data.password, client.key)
        return Response(OK)

    @post(
        "/validate_token/",
        operation_id=operation_id,
        status_code=200,
        summary="Whether a link's token can still set a password",
        exception_handlers={ResetTokenError: handle_dead_reset_link},
        responses={**STATUS_ANSWERS, **errors(400, 413, 429)},
    )
    async def validate_token(
        self, data: JSONBody[ResetTokenIn], client: FromDishka[Client], validate: FromDishka[ValidateResetToken]
    ) -> StatusOut:
        await validate.execute(data.token, client.key)
        return OK

    async def _confirm_form(self, request: Request[Any, Any, Any], client: Client, reset: ResetPassword) -> Template:
        form = await request.form()
        token, password, repeated = (_text(form.get(name)) for name in ("token", "password", "password_confirm"))
        if password != repeated:
            return form_page(self.path, token, "Пароли не совпадают: введите новый пароль дважды одинаково")
        try:
            await reset.execute(token, password, client.key)
        except InvalidValueError as error:
            return form_page(self.path, token, error.message)
        except ResetTokenError as error:
            return dead_link_page(error)
        except TooManyRequestsError as error:
            return busy_page(error)
        return Template("password_reset_done.html", headers=PAGE_HEADERS)


class PasswordResetAliasController(PasswordResetController):
    """The same routes under the prefix the original client used."""

    path = "/password-reset"


def decode(content_type: str, body: bytes, schema: type[T]) -> T:
    """A JSON body as `schema`; a malformed one is refused as Litestar refuses bodies it decodes itself."""
    ensure_json(content_type, body)
    try:
        return msgspec.json.decode(body, type=schema)
    except (msgspec.DecodeError, msgspec.ValidationError) as error:
        raise ValidationException("Неверные данные запроса", extra=[{"key": "data", "message": str(error)}]) from error


def form_page(prefix: str, token: str, error: str = "") -> Template:
    return Template(
        "password_reset_form.html",
        context={
            "action": f"{prefix}/confirm/",
            "token": token,
            "error": error,
            "rules": PASSWORD_RULES,
            "min_length": PASSWORD_MIN_LENGTH,
            "max_length": PASSWORD_MAX_LENGTH,
        },
        status_code=400 if error else 200,
        headers=PAGE_HEADERS,
    )


def dead_link_page(error: ResetTokenError) -> Template:
    return Template(
        "password_reset_dead_link.html",
        context={"reason": reset_link_status(error)},
        status_code=status_of(error),
        headers=PAGE_HEADERS,
    )


def busy_page(error: TooManyRequestsError) -> Template:
    return Template(
        "password_reset_dead_link.html",
        context={"reason": "busy"},
        status_code=status_of(error),
        headers={**PAGE_HEADERS, **retry_after(error)},
    )


def _text(value: str | UploadFile | None) -> str:
    return value if isinstance(value, str) else ""
