from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import InvalidValueError
from domain.star import MAX_DELIVERY_DAYS, delivery_days, description, mean_rating, profession, star_price
from domain.values import MoneyInput
from tests.unit.factories import a_star_profile


def test_mean_rating_is_zero_when_nobody_rated() -> None:
    assert str(mean_rating(0, 0)) == "0.0"


@pytest.mark.parametrize(
    ("total", "count", "expected"),
    [(5, 1, "5.0"), (9, 2, "4.5"), (14, 3, "4.7"), (13, 3, "4.3"), (49, 20, "2.5"), (7, 2, "3.5")],
)
def test_mean_rating_has_one_decimal_rounded_half_up(total: int, count: int, expected: str) -> None:
    assert str(mean_rating(total, count)) == expected


@given(st.lists(st.integers(min_value=1, max_value=5), min_size=1, max_size=200))
def test_mean_rating_stays_within_the_scale_and_near_the_exact_mean(ratings: list[int]) -> None:
    mean = mean_rating(sum(ratings), len(ratings))

    assert Decimal(1) <= mean <= Decimal(5)
    assert mean.as_tuple().exponent == -1
    assert abs(mean - Decimal(sum(ratings)) / len(ratings)) <= Decimal("0.05")


def test_star_profile_rating_is_the_mean_of_its_ratings() -> None:
    star = a_star_profile(rating_total=23, rating_count=5)

    assert star.rating == Decimal("4.6")


def test_a_new_star_profile_has_no_likes_no_rating_and_is_not_top() -> None:
    star = a_star_profile()

    assert (star.likes, star.rating_count, star.rating, star.top) == (0, 0, Decimal("0.0"), False)


@pytest.mark.parametrize("days", [1, 7, MAX_DELIVERY_DAYS])
def test_delivery_days_accepts_one_to_sixty_days(days: int) -> None:
    assert delivery_days(days) == days


@pytest.mark.parametrize("days", [0, -1, MAX_DELIVERY_DAYS + 1])
def test_delivery_days_refuses_days_out_of_range(days: int) -> None:
    with pytest.raises(InvalidValueError) as refused:
        delivery_days(days)

    assert refused.value.field == "days"


def test_profession_is_trimmed() -> None:
    assert profession(" певица ") == "певица"


def test_description_of_none_is_empty_and_may_hold_line_breaks() -> None:
    assert (description(None), description("Пою.\n\tТанцую.")) == ("", "Пою.\n\tТанцую.")


@pytest.mark.parametrize(
    ("check", "raw", "field"),
    [
        (profession, "x" * 129, "profession"),
        (profession, "певица\nи актриса", "profession"),
        (description, "x" * 4001, "description"),
        (description, "Пою\x00", "description"),
    ],
)
def test_profession_and_description_refuse_long_or_control_text_naming_their_fields(
    check: Callable[[str], str], raw: str, field: str
) -> None:
    with pytest.raises(InvalidValueError) as refused:
        check(raw)

    assert refused.value.field == field


@pytest.mark.parametrize(("raw", "expected"), [("0.01", "0.01"), (15000, "15000.00"), ("100000000", "100000000.00")])
def test_a_star_price_is_a_positive_amount(raw: MoneyInput, expected: str) -> None:
    assert str(star_price(raw, "price")) == expected


@pytest.mark.parametrize("raw", ["0", "0.00", 0, 0.0, "-1", "бесплатно"])
def test_a_star_price_refuses_zero_and_what_is_not_an_amount(raw: MoneyInput) -> None:
    with pytest.raises(InvalidValueError) as refused:
        star_price(raw, "price_another")

    assert refused.value.field == "price_another"
