"""Registration, login and the personal page."""

from typing import Annotated, TypeVar

from dishka.integrations.litestar import FromDishka
from litestar import Controller, get, post, put
from litestar.params import JSONBody, QueryParameter
from msgspec import UnsetType

from application.identity import Caller
from application.log_in import Credentials, LogIn
from application.media_links import MediaLinks
from application.register_user import RegisterUser
from application.show_profile import ShowProfile
from application.update_profile import KEEP, Keep, ProfileChanges, UpdateProfile
from domain.errors import InvalidValueError
from entrypoints.http.auth import BEARER_SECURITY, TOKEN_ANSWER, require_caller
from entrypoints.http.clients import Client
from entrypoints.http.openapi import errors
from entrypoints.http.params import MAX_ID, Flag, parse_flag
from entrypoints.http.schemas import (
    AccountOut,
    LoginIn,
    OrderRowOut,
    OrdersOut,
    ProfileOut,
    ProfileUpdateIn,
    RegistrationIn,
)

T = TypeVar("T")


class AccountController(Controller):
    path = "/api"
    tags = ["Accounts"]

    @post(
        "/registration/",
        status_code=201,
        summary="Register a customer",
        cache_control=TOKEN_ANSWER,
        responses=errors(400, 409, 413, 429),
    )
    async def register(
        self, data: JSONBody[RegistrationIn], client: FromDishka[Client], register_user: FromDishka[RegisterUser]
    ) -> AccountOut:
        return AccountOut.of(await register_user.execute(data.to_account(), client.key))

    @post(
        "/login/",
        status_code=201,
        summary="Log in with e-mail or username and password",
        cache_control=TOKEN_ANSWER,
        responses=errors(400, 401, 413, 429),
    )
    async def log_in(
        self, data: JSONBody[LoginIn], client: FromDishka[Client], log_in: FromDishka[LogIn]
    ) -> AccountOut:
        login = data.login or data.email or data.username
        if not login:
            raise InvalidValueError("login", "Укажите login, email или username")
        return AccountOut.of(await log_in.execute(Credentials(login=login, password=data.password), client.key))

    @get(
        "/personal/",
        security=BEARER_SECURITY,
        guards=[require_caller],
        summary="The caller's own page: profile and orders",
        responses=errors(400, 401, 403),
    )
    async def show_personal(
        self,
        caller: FromDishka[Caller],
        show_profile: FromDishka[ShowProfile],
        links: FromDishka[MediaLinks],
        user_id: Annotated[int | None, QueryParameter(ge=1, le=MAX_ID, description="Must be the caller")] = None,
        is_star: Flag = None,
    ) -> list[ProfileOut | OrdersOut]:
        page = await show_profile.execute(caller, user_id, parse_flag(is_star, "is_star"))
        orders = [OrderRowOut.of(view.order, links.link) for view in page.orders]
        return [ProfileOut.of(page.profile), OrdersOut(orders=orders)]

    @put(
        "/personal/",
        security=BEARER_SECURITY,
        guards=[require_caller],
        summary="Change the caller's own profile",
        responses=errors(400, 401, 403, 404, 409, 413),
    )
    async def update_personal(
        self, data: JSONBody[ProfileUpdateIn], caller: FromDishka[Caller], update_profile: FromDishka[UpdateProfile]
    ) -> ProfileOut:
        return ProfileOut.of(await update_profile.execute(caller, profile_changes(data)))


def keep_unset(value: T | UnsetType) -> T | Keep:
    """A field the client left out keeps its value."""
    return KEEP if isinstance(value, UnsetType) else value


def profile_changes(data: ProfileUpdateIn) -> ProfileChanges:
    return ProfileChanges(
        id=data.id,
        username=keep_unset(data.username),
        email=keep_unset(data.email),
        phone=keep_unset(data.phone),
        first_name=keep_unset(data.first_name),
        last_name=keep_unset(data.last_name),
        date_of_birth=keep_unset(data.date_of_birth),
        price=keep_unset(data.price),
        price_another=keep_unset(data.price_another),
        category_id=keep_unset(data.cat_name_id),
        profession=keep_unset(data.profession),
        description=keep_unset(data.description),
        days=keep_unset(data.days),
        tags=keep_unset(data.tags),
    )
