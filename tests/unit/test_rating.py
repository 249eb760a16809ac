import pytest

from domain.errors import InvalidValueError
from domain.rating import RATING_COMMENT_MAX_LENGTH, RatingScore, rating_comment


@pytest.mark.parametrize(("raw", "expected"), [(1, 1), (5, 5), ("1", 1), ("3", 3), ("5", 5), (" 4 ", 4)])
def test_a_rating_is_a_whole_number_from_1_to_5_given_as_a_number_or_digits(raw: int | str, expected: int) -> None:
    assert RatingScore.parse(raw) == RatingScore(expected)


@pytest.mark.parametrize(
    "raw",
    [0, 6, -1, "0", "6", "-1", "+5", "5.0", "4.5", "", " ", "пять", "٥", "５", True, False],
    ids=repr,
)
def test_a_rating_refuses_what_is_not_a_whole_number_from_1_to_5(raw: int | str) -> None:
    with pytest.raises(InvalidValueError) as refused:
        RatingScore.parse(raw)

    assert (refused.value.field, refused.value.code) == ("rating", "validation_error")


def test_a_rating_refuses_a_digit_string_too_long_to_read_as_a_number() -> None:
    """Python reads at most 4300 digits into an int; a longer string must be refused like any out-of-range rating,
    not escape as a ValueError (the body may hold up to 1 MB)."""
    with pytest.raises(InvalidValueError) as refused:
        RatingScore.parse("9" * 5000)

    assert refused.value.field == "rating"


def test_a_rating_names_the_field_it_came_from() -> None:
    with pytest.raises(InvalidValueError) as refused:
        RatingScore.parse(7, "score")

    assert refused.value.field == "score"


@pytest.mark.parametrize(("raw", "expected"), [(None, ""), ("  Спасибо!\nОчень тронуло ", "Спасибо!\nОчень тронуло")])
def test_a_rating_comment_is_trimmed_multi_line_text(raw: str | None, expected: str) -> None:
    assert rating_comment(raw) == expected


@pytest.mark.parametrize("raw", ["я" * (RATING_COMMENT_MAX_LENGTH + 1), "Спасибо\x00"])
def test_a_rating_comment_refuses_long_or_control_text(raw: str) -> None:
    with pytest.raises(InvalidValueError) as refused:
        rating_comment(raw)

    assert refused.value.field == "comment"
