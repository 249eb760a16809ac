"""Value objects: small immutable types that refuse invalid values when they are made."""

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from domain.errors import InvalidValueError

_MAX_MONEY = Decimal("100000000.00")
_MONEY_TEXT = re.compile(r"[0-9]{1,9}(?:\.[0-9]{1,2})?")
# Cyrillic letters: the block without its numeric sign and combining marks (U+0482–U+0489).
_CYRILLIC = "\u0400-\u0481\u048a-\u04ff"
_USERNAME = re.compile(rf"[A-Za-z0-9{_CYRILLIC}._\-]{{3,32}}")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
_CYRILLIC_LETTER = re.compile(rf"[{_CYRILLIC}]")
_LINE_BREAKS = frozenset("\n\r\t")
# Cyrillic letters that look like Latin ones (in either case), after case folding.
_LOOK_ALIKES = str.maketrans("авеёкмнорстухіјѕһԁӏѵүѡԝԛ", "abeekmhopctyxijshdlvywwq")
_EMAIL_LOCAL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.\-]{1,64}")
_EMAIL_LABEL = re.compile(r"(?!-)[A-Za-z0-9\-]{1,63}(?<!-)")
_PHONE_DECORATION = re.compile(r"[\s\-()]")


MoneyInput = str | int | float | Decimal


@dataclass(frozen=True, slots=True)
class Money:
    """A non-negative amount in roubles with two decimal places."""

    amount: Decimal

    @classmethod
    def parse(cls, value: MoneyInput, field: str = "price") -> "Money":
        text = str(value).strip()
        if text.startswith("-"):
            raise InvalidValueError(field, "Сумма не может быть отрицательной")
        if _MONEY_TEXT.fullmatch(text) is None:
            raise InvalidValueError(field, "Сумма: число с не более чем двумя знаками после точки")
        amount = Decimal(text).quantize(Decimal("0.01"))
        if amount > _MAX_MONEY:
            raise InvalidValueError(field, "Сумма слишком велика")
        return cls(amount)

    def __str__(self) -> str:
        return f"{self.amount:.2f}"


@dataclass(frozen=True, slots=True)
class Email:
    """An e-mail address, kept in lower case so that one address is one account."""

    value: str

    @classmethod
    def parse(cls, raw: str, field: str = "email") -> "Email":
        text = raw.strip().lower()
        local, at, domain = text.rpartition("@")
        labels = domain.split(".")
        valid = (
            at == "@"
            and len(text) <= 254
            and _EMAIL_LOCAL.fullmatch(local) is not None
            and not local.startswith(".")
            and not local.endswith(".")
            and ".." not in local
            and len(labels) >= 2
            and all(_EMAIL_LABEL.fullmatch(label) for label in labels)
            and not labels[-1].isdigit()
        )
        if not valid:
            raise InvalidValueError(field, "Введите правильный адрес электронной почты")
        return cls(text)

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class Phone:
    """A phone number kept as its digits (the API shows it as a JSON number, as the original did)."""

    digits: str

    @classmethod
    def parse(cls, raw: str | int, field: str = "phone") -> "Phone":
        if isinstance(raw, bool) or (isinstance(raw, int) and raw < 0):
            raise InvalidValueError(field, "Введите номер телефона")
        text = str(raw).strip()
        text = text.removeprefix("+")
        digits = _PHONE_DECORATION.sub("", text)
        if not digits.isascii() or not digits.isdigit() or not 7 <= len(digits) <= 15 or digits.startswith("0"):
            raise InvalidValueError(field, "Номер телефона: от 7 до 15 цифр, допустимы +, пробелы и дефисы")
        return cls(digits)

    def as_number(self) -> int:
        return int(self.digits)

    def __str__(self) -> str:
        return self.digits


@dataclass(frozen=True, slots=True)
class Username:
    """3–32 Latin or Cyrillic letters (not both: «zemfirа» with a Cyrillic «а» would pass for «zemfira»),
    ASCII digits, dots, dashes or underscores; unique without regard to case. Look-alike forms
    (full-width letters and the like) are folded to their plain form first."""

    value: str

    @property
    def key(self) -> str:
        """What makes two usernames the same one: the name without regard to case, with Cyrillic letters
        that look like Latin ones read as those («расо» is «paco») and «ё» as «е»."""
        return self.value.casefold().translate(_LOOK_ALIKES)

    @staticmethod
    def fold(raw: str) -> str:
        """The plain form of what a person typed: look-alike forms (full-width and the like) folded."""
        return unicodedata.normalize("NFKC", raw.strip())

    @classmethod
    def parse(cls, raw: str, field: str = "username") -> "Username":
        text = cls.fold(raw)
        if _USERNAME.fullmatch(text) is None:
            raise InvalidValueError(
                field, "Имя пользователя: от 3 до 32 латинских или русских букв, цифр или символов . _ -"
            )
        if _LATIN_LETTER.search(text) and _CYRILLIC_LETTER.search(text):
            raise InvalidValueError(field, "Имя пользователя не может смешивать латинские и русские буквы")
        return cls(text)

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class Tag:
    """A catalogue tag: trimmed, single-spaced, lower case, at most 32 characters."""

    value: str

    @classmethod
    def parse(cls, raw: str, field: str = "tags") -> "Tag":
        text = " ".join(printable(unicodedata.normalize("NFC", raw), field).split()).lower()
        if not 1 <= len(text) <= 32:
            raise InvalidValueError(field, "Тег: от 1 до 32 символов")
        return cls(text)

    def __str__(self) -> str:
        return self.value


def parse_tags(raw: list[str], field: str = "tags", limit: int = 20) -> tuple[Tag, ...]:
    """Tags in the order given, each once."""
    tags = tuple(dict.fromkeys(Tag.parse(item, field) for item in raw))
    if len(tags) > limit:
        raise InvalidValueError(field, f"Не больше {limit} тегов")
    return tags


def printable(text: str, field: str, *, multiline: bool = False) -> str:
    """Refuses control characters (NUL and the like, which PostgreSQL cannot even store) and broken
    surrogates; line breaks and tabs only in multi-line text."""
    for char in text:
        if unicodedata.category(char) in ("Cc", "Cs") and not (multiline and char in _LINE_BREAKS):
            raise InvalidValueError(field, "Текст содержит недопустимые управляющие символы")
    return text


def bounded_text(raw: str | None, field: str, max_length: int, *, multiline: bool = False) -> str:
    """Free text trimmed of surrounding white space; None becomes empty."""
    text = printable((raw or "").strip(), field, multiline=multiline)
    if len(text) > max_length:
        raise InvalidValueError(field, f"Не длиннее {max_length} символов")
    return text
