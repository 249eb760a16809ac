"""Wire schemas (msgspec). Field names follow the original API; unknown fields are ignored."""

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

import msgspec
from msgspec import UNSET, Meta, UnsetType

from application.accounts import NewAccount, Session
from application.profiles import Profile
from application.show_star import StarPage
from application.views import OrderView, StarCard
from domain.category import Category
from domain.errors import InvalidValueError
from domain.order import Order, OrderType
from domain.star import StarProfile

# A greeting video's path to the link its viewers get (signed: see application.media_links).
VideoLink = Callable[[str], str]
MAX_ID = 2**53  # the largest integer every JSON client reads exactly
Id = Annotated[int, Meta(ge=1, le=MAX_ID, description="An integer id")]
PhoneIn = Annotated[
    int | str, Meta(description="Digits; `+`, spaces and dashes allowed in a string", examples=["+7 912 345-67-89"])
]
MoneyIn = Annotated[str | int | float, Meta(description="A decimal amount", examples=["15000.00"])]
Text = Annotated[str, Meta(max_length=10_000)]
UsernameIn = Annotated[str, Meta(max_length=10_000, description="3–32 letters, digits, . _ -", examples=["masha"])]
EmailIn = Annotated[str, Meta(max_length=10_000, examples=["masha@example.com"])]
PasswordIn = Annotated[
    str, Meta(max_length=10_000, description="8–128 characters, not a common one", examples=["correct horse battery"])
]


class ErrorField(msgspec.Struct):
    field: str
    message: str


class ErrorOut(msgspec.Struct, omit_defaults=True):
    detail: str
    code: str
    errors: list[ErrorField] | UnsetType = UNSET


class RegistrationIn(msgspec.Struct):
    username: UsernameIn
    email: EmailIn
    phone: PhoneIn
    password: PasswordIn
    date_of_birth: date | None = None
    first_name: Text | None = None
    last_name: Text | None = None

    def to_account(self) -> NewAccount:
        return NewAccount(
            username=self.username,
            email=self.email,
            phone=self.phone,
            password=self.password,
            first_name=self.first_name,
            last_name=self.last_name,
            date_of_birth=self.date_of_birth,
        )


class LoginIn(msgspec.Struct):
    password: PasswordIn
    login: Annotated[str, Meta(max_length=10_000, description="E-mail or username", examples=["masha"])] | None = None
    email: Text | None = None
    username: Text | None = None


class AccountOut(msgspec.Struct):
    id: int
    username: str
    phone: int
    email: str
    is_star: bool
    avatar: str | None
    token: str

    @classmethod
    def of(cls, session: Session) -> "AccountOut":
        user = session.user
        return cls(
            id=user.id,
            username=str(user.username),
            phone=user.phone.as_number(),
            email=str(user.email),
            is_star=user.is_star,
            avatar=user.avatar,
            token=session.token,
        )


class StarCreateIn(RegistrationIn, kw_only=True):
    price: MoneyIn
    cat_name_id: Id
    price_another: MoneyIn | None = None
    profession: Text | None = None
    description: Text | None = None
    days: int | None = None
    tags: list[Text] = msgspec.field(default_factory=list)


class StarOut(msgspec.Struct):
    """A star as the public catalogue shows it: never an e-mail or a phone."""

    id: int
    username: str
    first_name: str
    last_name: str
    price: str
    price_another: str | None
    cat_name_id: int
    cat_name_id_id: int
    rating: float
    rating_count: int
    likes: int
    days: int
    profession: str
    description: str
    tags: list[str]
    top: bool
    avatar: str | None
    video: str | None
    is_star: bool = True

    @classmethod
    def of(cls, card: StarCard) -> "StarOut":
        return cls(**star_fields(card))


class StarDetailOut(StarOut):
    email: str | None = None
    phone: int | None = None

    @classmethod
    def of_page(cls, page: StarPage) -> "StarDetailOut":
        return cls(**star_fields(page.card), email=page.email, phone=page.phone)


class StarCreatedOut(StarOut):
    email: str = ""
    phone: int = 0
    token: str = ""


def money(amount: Decimal) -> str:
    return f"{amount:.2f}"


def star_fields(card: StarCard) -> dict[str, Any]:
    return {
        "id": card.id,
        "username": card.username,
        "first_name": card.first_name,
        "last_name": card.last_name,
        "price": money(card.price),
        "price_another": None if card.price_another is None else money(card.price_another),
        "cat_name_id": card.category_id,
        "cat_name_id_id": card.category_id,
        "rating": float(card.rating),
        "rating_count": card.rating_count,
        "likes": card.likes,
        "days": card.days,
        "profession": card.profession,
        "description": card.description,
        "tags": list(card.tags),
        "top": card.top,
        "avatar": card.avatar,
        "video": card.video,
    }


class CategoryOut(msgspec.Struct):
    id: int
    cat_name: str
    category_photo: str | None

    @classmethod
    def of(cls, category: Category) -> "CategoryOut":
        return cls(category.id, category.cat_name, category.category_photo)


class TagFilterIn(msgspec.Struct):
    filter: (
        Annotated[str, Meta(min_length=1, max_length=64, examples=["рок"])]
        | Annotated[list[Text], Meta(min_length=1, max_length=50, examples=[["рок", "юмор"]])]
    )


class ProfileOut(msgspec.Struct, omit_defaults=True):
    """The owner's view of an account; stars add their star fields."""

    id: int
    username: str
    phone: int
    email: str
    first_name: str
    last_name: str
    date_of_birth: date | None
    avatar: str | None
    is_star: bool
    likes: int | UnsetType = UNSET
    rating: float | UnsetType = UNSET
    rating_count: int | UnsetType = UNSET
    price: str | UnsetType = UNSET
    price_another: str | None | UnsetType = UNSET
    cat_name_id: int | UnsetType = UNSET
    profession: str | UnsetType = UNSET
    description: str | UnsetType = UNSET
    days: int | UnsetType = UNSET
    tags: list[str] | UnsetType = UNSET
    video_hi: str | None | UnsetType = UNSET

    @classmethod
    def of(cls, profile: Profile) -> "ProfileOut":
        user = profile.user
        out = cls(
            id=user.id,
            username=str(user.username),
            phone=user.phone.as_number(),
            email=str(user.email),
            first_name=user.first_name,
            last_name=user.last_name,
            date_of_birth=user.date_of_birth,
            avatar=user.avatar,
            is_star=user.is_star,
        )
        if profile.star is not None:
            add_star_fields(out, profile.star)
        return out


def add_star_fields(out: ProfileOut, star: StarProfile) -> None:
    out.likes = star.likes
    out.rating = float(star.rating)
    out.rating_count = star.rating_count
    out.price = str(star.price)
    out.price_another = None if star.price_another is None else str(star.price_another)
    out.cat_name_id = star.category_id
    out.profession = star.profession
    out.description = star.description
    out.days = star.days
    out.tags = [str(tag) for tag in star.tags]
    out.video_hi = star.video_hi


class ProfileUpdateIn(msgspec.Struct):
    id: Id | None = None
    username: Text | UnsetType = UNSET
    email: Text | UnsetType = UNSET
    phone: PhoneIn | UnsetType = UNSET
    first_name: Text | None | UnsetType = UNSET
    last_name: Text | None | UnsetType = UNSET
    date_of_birth: date | None | UnsetType = UNSET
    price: MoneyIn | UnsetType = UNSET
    price_another: MoneyIn | None | UnsetType = UNSET
    cat_name_id: Id | UnsetType = UNSET
    profession: Text | None | UnsetType = UNSET
    description: Text | None | UnsetType = UNSET
    days: int | UnsetType = UNSET
    tags: list[Text] | UnsetType = UNSET


class OrderIn(msgspec.Struct):
    star_id: Id
    for_whom: Annotated[str, Meta(max_length=10_000, examples=["Для мамы"])]
    comment: Annotated[str, Meta(max_length=100_000, examples=["Поздравьте маму с юбилеем"])] = ""
    by_date: date | None = None
    type: Annotated[str, Meta(examples=["Видео-поздравление"])] | None = None
    order_price: MoneyIn | None = None
    customer_id: Id | None = None
    status_order: int | None = None


ORDER_TYPE_LABELS = {OrderType.GREETING: "Видео-поздравление", OrderType.INVITATION: "Приглашение на праздник"}
_ORDER_TYPES = {label: kind for kind, label in ORDER_TYPE_LABELS.items()}


def parse_order_type(label: str | None) -> OrderType:
    """The order type named by its label, as the original clients send it."""
    if label is None:
        return OrderType.GREETING
    kind = _ORDER_TYPES.get(label.strip())
    if kind is None:
        raise InvalidValueError("type", f"Тип заказа: {' или '.join(map(repr, _ORDER_TYPES))}")
    return kind


class OrderCreatedOut(msgspec.Struct):
    order_id: int
    message: str = "Заказ создан!"


class OrderDecisionIn(msgspec.Struct):
    order_id: Id
    accept: Annotated[str, Meta(description='"accept", or "reject" / "decline"', examples=["accept"])]
    reason: Annotated[str, Meta(max_length=10_000)] | None = None


class OrderIdIn(msgspec.Struct):
    order_id: Id


class OrderRowOut(msgspec.Struct):
    id: int
    customer_id: int
    star_id: int
    payment_id: str
    order_price: str
    ordering_time: datetime
    by_date: date | None
    for_whom: str
    comment: str
    type: str
    status_order: int
    payment_status: str
    decline_reason: str | None
    video: str | None

    @classmethod
    def of(cls, order: Order, video_link: VideoLink) -> "OrderRowOut":
        return cls(**order_row_fields(order, video_link))


def order_row_fields(order: Order, video_link: VideoLink) -> dict[str, Any]:
    return {
        "id": order.id,
        "customer_id": order.customer_id,
        "star_id": order.star_id,
        "payment_id": order.payment_id,
        "order_price": str(order.price),
        "ordering_time": order.ordered_at,
        "by_date": order.by_date,
        "for_whom": order.for_whom,
        "comment": order.comment,
        "type": ORDER_TYPE_LABELS[order.order_type],
        "status_order": int(order.status),
        "payment_status": order.payment_status.value,
        "decline_reason": None if order.decline_reason is None else order.decline_reason.value,
        "video": None if order.video is None else video_link(order.video),
    }


class OrdersOut(msgspec.Struct):
    orders: list[OrderRowOut]


class OrderListItemOut(OrderRowOut):
    star_username: str = ""
    star_avatar: str | None = None
    customer_username: str = ""
    customer_avatar: str | None = None
    profession: str = ""

    @classmethod
    def of_view(cls, view: OrderView, video_link: VideoLink) -> "OrderListItemOut":
        return cls(
            **order_row_fields(view.order, video_link),
            star_username=view.star_username,
            star_avatar=view.star_avatar,
            customer_username=view.customer_username,
            customer_avatar=view.customer_avatar,
            profession=view.profession,
        )


class OrderDetailOut(msgspec.Struct, omit_defaults=True):
    order_id: int
    star_id: int
    star_username: str
    order_price: Annotated[float, Meta(description="A JSON number here, as in the original document")]
    status_order: int
    payment_status: str
    video: str | UnsetType = UNSET

    @classmethod
    def of(cls, view: OrderView, video_link: VideoLink) -> "OrderDetailOut":
        order = view.order
        return cls(
            order_id=order.id,
            star_id=order.star_id,
            star_username=view.star_username,
            order_price=float(order.price.amount),
            status_order=int(order.status),
            payment_status=order.payment_status.value,
            video=UNSET if order.video is None else video_link(order.video),
        )


class StarIdIn(msgspec.Struct):
    star_id: Id


class StarReactionIn(msgspec.Struct):
    star_id: Id
    cust_id: Id | None = None


class RatingIn(msgspec.Struct):
    rating: Annotated[int | str, Meta(description="1–5, a number or a digit string", examples=[5])]
    adresant: Annotated[int, Meta(ge=1, le=MAX_ID, description="The star's id")]
    adresat: Annotated[int, Meta(ge=1, le=MAX_ID, description="The caller's id (optional)")] | None = None
    comment: Annotated[str, Meta(max_length=100_000)] | None = None


class MessageIn(msgspec.Struct):
    user_id: Annotated[int, Meta(ge=1, le=MAX_ID, description="The recipient")]
    message: Annotated[str, Meta(max_length=100_000, examples=["Здравствуйте!"])]
    from_user: Id | None = None


class MessageOut(msgspec.Struct):
    id: int
    chat_id: int
    from_user: int
    message_id: Annotated[int, Meta(description="The message's number in its conversation, from 1")]
    message: str
    created_at: datetime


class PaymentLinkOut(msgspec.Struct):
    link: Annotated[str, Meta(description="Where the customer pays; works without a login for two days")]


class CaptureOut(msgspec.Struct):
    status: Annotated[str, Meta(examples=["captured"])]


class NotifiedPaymentIn(msgspec.Struct):
    id: Annotated[str, Meta(min_length=1, max_length=64)]


class PaymentNotificationIn(msgspec.Struct):
    """The provider's notification. Only the payment id is used: its state is read back from the provider."""

    object: NotifiedPaymentIn
    event: Annotated[str, Meta(max_length=64, examples=["payment.waiting_for_capture"])] = ""
    type: Annotated[str, Meta(max_length=64, examples=["notification"])] = "notification"


class NotificationHandledOut(msgspec.Struct):
    status: Annotated[str, Meta(examples=["applied", "unknown_payment", "refused"])]


class AvatarOut(msgspec.Struct):
    user_id: int
    image: Annotated[str, Meta(examples=["/media/avatars/3f0c1f6e-5b1d-4f43-9d7e-0d4c8d2f6a1b.jpg"])]


class HelloVideoOut(msgspec.Struct):
    star_id: int
    video_hi: Annotated[str, Meta(examples=["/media/videos/2/9a1c6d2e-0b7f-4c3e-8f55-2d0e6c1b7a90.mp4"])]


class CongratulationOut(msgspec.Struct):
    id: int
    star_id: int
    order_id: int
    video_con: Annotated[str, Meta(description="A signed link, valid 24 hours")]


ResetSecret = Annotated[str, Meta(max_length=10_000, description="The token from the e-mailed link")]


class PasswordResetIn(msgspec.Struct):
    email: EmailIn


class PasswordResetConfirmIn(msgspec.Struct):
    password: PasswordIn
    token: ResetSecret


class ResetTokenIn(msgspec.Struct):
    token: ResetSecret


class StatusOut(msgspec.Struct):
    """The password reset's answers, as the original gave them: `OK`, `notfound` or `expired`."""

    status: str


class PasswordErrorsOut(msgspec.Struct):
    password: list[str]
