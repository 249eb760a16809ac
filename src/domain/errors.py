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
