import pytest

from domain.errors import InvalidValueError
from domain.message import MESSAGE_MAX_LENGTH, message_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("  Здравствуйте!  ", "Здравствуйте!"), ("Строка\nи ещё\tодна", "Строка\nи ещё\tодна"), ("я", "я")],
)
def test_a_message_is_trimmed_text_that_may_span_lines(raw: str, expected: str) -> None:
    assert message_text(raw) == expected


def test_a_message_of_2000_characters_is_accepted() -> None:
    assert len(message_text(" " + "я" * MESSAGE_MAX_LENGTH + "\n")) == MESSAGE_MAX_LENGTH == 2000


@pytest.mark.parametrize(
    "raw", ["", "   ", "\n\t", "я" * (MESSAGE_MAX_LENGTH + 1), "Привет\x00", "\x1b[31mПривет", "Привет\ud83d"]
)
def test_a_message_refuses_empty_long_or_control_text(raw: str) -> None:
    with pytest.raises(InvalidValueError) as refused:
        message_text(raw)

    assert refused.value.field == "message"
