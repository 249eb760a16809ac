"""A customer's rating of a star: 1 to 5, one per customer and star, after a delivered greeting."""

from dataclasses import dataclass

from domain.errors import InvalidValueError
from domain.values import bounded_text

RATING_COMMENT_MAX_LENGTH = 2000
_SCORES = {str(score): score for score in range(1, 6)}


@dataclass(frozen=True, slots=True)
class RatingScore:
    value: int

    @classmethod
    def parse(cls, raw: int | str, field: str = "rating") -> "RatingScore":
        # A number is compared, a string looked up: int() of a huge digit string would fail on its own.
        value = _SCORES.get(raw.strip()) if isinstance(raw, str) else raw
        if value is None or isinstance(value, bool) or not 1 <= value <= 5:
            raise InvalidValueError(field, "Оценка: целое число от 1 до 5")
        return cls(value)


def rating_comment(raw: str | None) -> str:
    return bounded_text(raw, "comment", RATING_COMMENT_MAX_LENGTH, multiline=True)
