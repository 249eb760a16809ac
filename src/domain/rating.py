"""A customer's rating of a star: 1 to 5, one per customer and star, after a delivered greeting."""

from dataclasses import dataclass

from domain.errors import InvalidValueError
from domain.values import bounded_text

RATING_COMMENT_MAX_LENGTH = 2000


@dataclass(frozen=True, slots=True)
class RatingScore:
    value: int

    @classmethod
    def parse(cls, raw: int | str, field: str = "rating") -> "RatingScore":
        text = str(raw).strip()
        if isinstance(raw, bool) or not text.isascii() or not text.isdigit() or not 1 <= int(text) <= 5:
            raise InvalidValueError(field, "Оценка: целое число от 1 до 5")
        return cls(int(text))


def rating_comment(raw: str | None) -> str:
    return bounded_text(raw, "comment", RATING_COMMENT_MAX_LENGTH, multiline=True)
