"""Domain errors. Each carries a stable code; the HTTP layer maps the class to a status in one table."""


class DomainError(Exception):
    """Base of every error the core raises on purpose."""

    code = "domain_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidValueError(DomainError):
    """A value breaks a rule of its type; `field` names the input it came from."""

    code = "validation_error"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class NotFoundError(DomainError):
    code = "not_found"


class ConflictError(DomainError):
    code = "conflict"


class AccessDeniedError(DomainError):
    code = "forbidden"


class TooLargeError(DomainError):
    code = "too_large"


class UnsupportedMediaError(DomainError):
    code = "unsupported_media_type"


class AuthenticationError(DomainError):
    code = "not_authenticated"


class UsernameTakenError(ConflictError):
    code = "username_taken"

    def __init__(self) -> None:
        super().__init__("Это имя пользователя уже занято")


class EmailTakenError(ConflictError):
    code = "email_taken"

    def __init__(self) -> None:
        super().__init__("Этот адрес электронной почты уже зарегистрирован")


class PhoneTakenError(ConflictError):
    code = "phone_taken"

    def __init__(self) -> None:
        super().__init__("Этот номер телефона уже зарегистрирован")


class InvalidCredentialsError(AuthenticationError):
    code = "invalid_credentials"

    def __init__(self) -> None:
        super().__init__("Неверный логин или пароль")


class UserNotFoundError(NotFoundError):
    code = "user_not_found"

    def __init__(self) -> None:
        super().__init__("Пользователь не найден")


class StarNotFoundError(NotFoundError):
    code = "star_not_found"

    def __init__(self) -> None:
        super().__init__("Звезда не найдена")


class CategoryNotFoundError(NotFoundError):
    code = "category_not_found"

    def __init__(self) -> None:
        super().__init__("Категория не найдена")


class NotYourselfError(AccessDeniedError):
    """A field that names the acting user names somebody else."""

    code = "not_yourself"

    def __init__(self, field: str) -> None:
        super().__init__(f"Поле «{field}» должно совпадать с текущим пользователем")
        self.field = field


class NotAStarError(AccessDeniedError):
    code = "not_a_star"

    def __init__(self) -> None:
        super().__init__("Действие доступно только звёздам")


class OrderNotFoundError(NotFoundError):
    code = "order_not_found"

    def __init__(self) -> None:
        super().__init__("Заказ не найден")


class NotYourOrderError(AccessDeniedError):
    """The caller takes part in the order but may not do this to it."""

    code = "not_your_order"

    def __init__(self, message: str = "Это действие с заказом вам недоступно") -> None:
        super().__init__(message)


class OrderNotNewError(ConflictError):
    code = "order_not_new"

    def __init__(self) -> None:
        super().__init__("Заказ уже принят, отклонён или отменён")


class OrderNotAcceptedError(ConflictError):
    code = "order_not_accepted"

    def __init__(self) -> None:
        super().__init__("Заказ ещё не принят звездой")


class AlreadyDeliveredError(ConflictError):
    """Kept from the original: the answer is the message in a one-element array."""

    code = "already_delivered"

    def __init__(self) -> None:
        super().__init__("Вы уже загрузили видео")


class PaymentNotHeldError(ConflictError):
    code = "payment_not_held"

    def __init__(self) -> None:
        super().__init__("Заказ ещё не оплачен")


class AlreadyPaidError(ConflictError):
    code = "already_paid"

    def __init__(self) -> None:
        super().__init__("Заказ уже оплачен")


class PaymentMismatchError(DomainError):
    """The provider's payment names another order or another amount than ours: it is not applied."""

    code = "payment_mismatch"

    def __init__(self, payment_id: str) -> None:
        super().__init__(f"Платёж {payment_id} не соответствует заказу")
        self.payment_id = payment_id


class IllegalPaymentTransitionError(ConflictError):
    code = "illegal_payment_transition"

    def __init__(self, current: str, wanted: str) -> None:
        super().__init__(f"Платёж не может перейти из «{current}» в «{wanted}»")


class PriceMismatchError(ConflictError):
    code = "price_mismatch"

    def __init__(self, price: str) -> None:
        super().__init__(f"Цена изменилась: сейчас {price}")
        self.price = price


class OrderTypeUnavailableError(ConflictError):
    code = "order_type_unavailable"

    def __init__(self) -> None:
        super().__init__("Звезда не принимает заказы этого типа")


class OwnStarError(AccessDeniedError):
    code = "own_star"

    def __init__(self, message: str = "Нельзя сделать это со своей собственной страницей") -> None:
        super().__init__(message)


class AlreadyLikedError(AccessDeniedError):
    """Kept from the original: a repeated like answers 403 with the message in a one-element array."""

    code = "already_liked"

    def __init__(self) -> None:
        super().__init__("Лайк уже стоит")


class LikeNotFoundError(NotFoundError):
    code = "like_not_found"

    def __init__(self) -> None:
        super().__init__("Лайка нет")


class RatingNotAllowedError(AccessDeniedError):
    code = "rating_not_allowed"

    def __init__(self) -> None:
        super().__init__("Оценить звезду можно после того, как она прислала вам поздравление")


class FileTooLargeError(TooLargeError):
    code = "file_too_large"

    def __init__(self, limit_bytes: int) -> None:
        super().__init__(f"Файл больше {limit_bytes // (1024 * 1024)} МБ")
        self.limit_bytes = limit_bytes


class ImageTooLargeError(TooLargeError):
    code = "image_too_large"

    def __init__(self, limit_pixels: int) -> None:
        super().__init__(f"Изображение больше {limit_pixels // 1_000_000} мегапикселей")


class NotAnImageError(UnsupportedMediaError):
    code = "not_an_image"

    def __init__(self) -> None:
        super().__init__("Это не изображение JPEG, PNG или WebP")


class NotAVideoError(UnsupportedMediaError):
    code = "not_a_video"

    def __init__(self) -> None:
        super().__init__("Это не видео MP4, MOV или WebM")


class ResetTokenError(NotFoundError):
    """A password-reset link that cannot be used."""


class ResetTokenNotFoundError(ResetTokenError):
    code = "reset_token_not_found"

    def __init__(self) -> None:
        super().__init__("Ссылка для смены пароля недействительна или уже использована")


class ResetTokenExpiredError(ResetTokenError):
    code = "reset_token_expired"

    def __init__(self) -> None:
        super().__init__("Срок действия ссылки для смены пароля истёк")
