from datetime import date

import pytest

from domain.errors import InvalidValueError
from domain.user import birth_date, person_name
from tests.unit.factories import a_user

TODAY = date(2025, 6, 1)


def test_change_password_stores_the_new_hash_and_ends_every_earlier_login() -> None:
    user = a_user(password_hash="hashed:old", token_version=3)

    user.change_password("hashed:new")

    assert (user.password_hash, user.token_version) == ("hashed:new", 4)


def test_each_password_change_bumps_the_token_version_again() -> None:
    user = a_user()
    user.change_password("hashed:one")

    user.change_password("hashed:two")

    assert user.token_version == 2


def test_end_all_sessions_keeps_the_password() -> None:
    user = a_user(password_hash="hashed:kept")

    user.end_all_sessions()

    assert (user.password_hash, user.token_version) == ("hashed:kept", 1)


@pytest.mark.parametrize("value", [None, TODAY, date(1900, 1, 1), date(1990, 4, 15)])
def test_birth_date_accepts_none_and_dates_from_1900_to_today(value: date | None) -> None:
    assert birth_date(value, TODAY) == value


@pytest.mark.parametrize("value", [date(2025, 6, 2), date(1899, 12, 31)])
def test_birth_date_refuses_the_future_and_before_1900(value: date) -> None:
    with pytest.raises(InvalidValueError) as refused:
        birth_date(value, TODAY)

    assert refused.value.field == "date_of_birth"


def test_person_name_is_trimmed() -> None:
    assert person_name("  Алла ", "first_name") == "Алла"


def test_person_name_of_64_characters_is_accepted() -> None:
    assert person_name("я" * 64, "first_name") == "я" * 64


@pytest.mark.parametrize("raw", ["я" * 65, "Алла\nБорисовна", "Алла\x00"])
def test_person_name_refuses_long_or_multi_line_or_control_text(raw: str) -> None:
    with pytest.raises(InvalidValueError) as refused:
        person_name(raw, "last_name")

    assert refused.value.field == "last_name"
