from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import InvalidValueError
from domain.values import Email, Money, MoneyInput, Phone, Tag, Username, bounded_text, parse_tags, printable

cents = st.integers(min_value=0, max_value=10_000_000_000)


@st.composite
def decorated_phones(draw: st.DrawFn) -> tuple[int, str]:
    """A phone number and the same number written with a `+`, spaces, dashes or brackets between its digits."""
    number = draw(st.integers(min_value=1_000_000, max_value=999_999_999_999_999))
    separators = st.sampled_from(["", "", " ", "-", " - ", "(", ")", "\t"])
    decorated = "".join(digit + draw(separators) for digit in str(number))
    prefix = draw(st.sampled_from(["", "+", " +", "+ "]))
    return number, prefix + decorated


# Money


@given(cents)
def test_money_parses_back_from_its_own_string(amount_in_cents: int) -> None:
    money = Money(Decimal(amount_in_cents).scaleb(-2))

    assert Money.parse(str(money)) == money


@given(cents)
def test_money_reads_with_exactly_two_decimal_places(amount_in_cents: int) -> None:
    text = str(Money.parse(Decimal(amount_in_cents) / 100))

    whole, point, fraction = text.partition(".")
    assert (whole.isdigit(), point, len(fraction)) == (True, ".", 2)


@given(st.integers(min_value=0, max_value=100_000_000))
def test_money_of_an_integer_equals_money_of_its_string_and_float(roubles: int) -> None:
    assert (
        Money.parse(roubles) == Money.parse(str(roubles)) == Money.parse(float(roubles)) == Money.parse(f"{roubles}.00")
    )


@pytest.mark.parametrize(
    ("raw", "expected"), [("15000", "15000.00"), ("0.5", "0.50"), ("1.23", "1.23"), (2.5, "2.50"), (0, "0.00")]
)
def test_money_reads_amounts_in_kopecks_with_two_places(raw: MoneyInput, expected: str) -> None:
    assert str(Money.parse(raw)) == expected


def test_money_accepts_the_largest_amount() -> None:
    assert str(Money.parse("100000000")) == "100000000.00"


@pytest.mark.parametrize(
    "raw",
    [
        "abc",
        "",
        "1,5",
        "NaN",
        "Infinity",
        "-Infinity",
        "-1",
        "-0.01",
        "100000000.01",
        "1e30",
        "15_000",
        "0.005",
        "1.234",
    ],
)
def test_money_refuses_what_is_not_a_non_negative_amount(raw: str) -> None:
    with pytest.raises(InvalidValueError) as refused:
        Money.parse(raw)

    assert refused.value.field == "price"


def test_money_names_the_field_it_came_from() -> None:
    with pytest.raises(InvalidValueError) as refused:
        Money.parse("-5", "price_another")

    assert (refused.value.field, refused.value.code) == ("price_another", "validation_error")


@pytest.mark.parametrize("raw", ["-0", "-0.00", -0.0])
def test_money_refuses_negative_zero_rather_than_reading_it_as_minus_zero(raw: MoneyInput) -> None:
    with pytest.raises(InvalidValueError):
        Money.parse(raw)


# Email


def test_email_is_kept_trimmed_and_in_lower_case() -> None:
    assert str(Email.parse("  Alla.Pugacheva+Stars@Example.COM ")) == "alla.pugacheva+stars@example.com"


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "alla",
        "alla@",
        "@example.com",
        "alla@example",
        "alla@@example.com",
        "alla@example..com",
        "alla@-example.com",
        "alla@example-.com",
        "alla@example.123",
        ".alla@example.com",
        "alla.@example.com",
        "al..la@example.com",
        "al la@example.com",
        "алла@example.com",
        "alla@пример.рф",
        "a" * 65 + "@example.com",
        "alla@" + "a" * 250 + ".com",
    ],
)
def test_email_refuses_malformed_addresses(raw: str) -> None:
    with pytest.raises(InvalidValueError) as refused:
        Email.parse(raw)

    assert refused.value.field == "email"


@given(st.emails())
def test_email_is_one_address_whatever_the_case(raw: str) -> None:
    email = Email.parse(raw)

    assert Email.parse(raw.upper()) == email
    assert Email.parse(str(email)) == email


# Phone


@given(decorated_phones())
def test_phone_of_a_number_and_of_its_decorated_string_agree(phone: tuple[int, str]) -> None:
    number, decorated = phone

    assert Phone.parse(number) == Phone.parse(decorated)
    assert Phone.parse(decorated).as_number() == number


def test_phone_keeps_only_the_digits() -> None:
    phone = Phone.parse("+7 (999) 123-45-67")

    assert (str(phone), phone.as_number()) == ("79991234567", 79991234567)


@pytest.mark.parametrize("raw", ["1234567", "123456789012345", 1234567])
def test_phone_accepts_seven_to_fifteen_digits(raw: str | int) -> None:
    assert len(str(Phone.parse(raw))) in {7, 15}


@pytest.mark.parametrize(
    "raw", ["", "123456", "1234567890123456", "0123456789", "7999123456a", "++79991234567", "٧٩٩٩١٢٣٤٥٦٧", "7.999.123"]
)
def test_phone_refuses_what_is_not_a_phone_number(raw: str) -> None:
    with pytest.raises(InvalidValueError) as refused:
        Phone.parse(raw)

    assert refused.value.field == "phone"


def test_phone_refuses_a_boolean() -> None:
    with pytest.raises(InvalidValueError):
        Phone.parse(True)


def test_phone_refuses_a_negative_number() -> None:
    with pytest.raises(InvalidValueError):
        Phone.parse(-79991234567)


# Username


@pytest.mark.parametrize("raw", ["ivan", "Алла_Пугачёва", "dj.smash-2024", "abc", "a" * 32])
def test_username_accepts_letters_of_any_alphabet_digits_dots_dashes_and_underscores(raw: str) -> None:
    assert str(Username.parse(raw)) == raw


def test_username_keeps_its_case_and_loses_surrounding_spaces() -> None:
    assert str(Username.parse("  Alla ")) == "Alla"


def test_username_is_normalised_to_composed_characters() -> None:
    decomposed = "Пугаче\u0308ва"

    assert Username.parse(decomposed) == Username.parse("Пугачёва")


@pytest.mark.parametrize(
    "raw", ["ab", "a" * 33, "alla pugacheva", "alla@example.com", "alla!", "", "alla\x00", "al\tla", "ivan٣"]
)
def test_username_refuses_wrong_length_or_characters(raw: str) -> None:
    with pytest.raises(InvalidValueError) as refused:
        Username.parse(raw)

    assert refused.value.field == "username"


@pytest.mark.parametrize("raw", ["zemfirа", "Аlla", "ivan_иванов"])
def test_username_refuses_latin_and_cyrillic_letters_mixed(raw: str) -> None:
    with pytest.raises(InvalidValueError) as refused:
        Username.parse(raw)

    assert refused.value.field == "username"


@pytest.mark.parametrize("raw", ["иван҂", "алла҃", "҈҈҈"])
def test_username_refuses_cyrillic_signs_and_marks_that_are_no_letters(raw: str) -> None:
    """U+0482 (a numeric sign) and U+0483–U+0489 (combining and enclosing marks) lie in the Cyrillic block but are no
    letters: «҈҈҈» would be a username made of nothing but marks."""
    with pytest.raises(InvalidValueError) as refused:
        Username.parse(raw)

    assert refused.value.field == "username"


@pytest.mark.parametrize(
    ("raw", "expected"), [("ｉｖａｎ", "ivan"), ("ＡＬＬＡ_３", "ALLA_3"), ("ivan\ufe4f", "ivan_")]
)
def test_username_folds_look_alike_forms_to_their_plain_form(raw: str, expected: str) -> None:
    assert str(Username.parse(raw)) == expected


def test_username_key_ignores_case_in_both_alphabets() -> None:
    assert (Username.parse("АЛЛА").key, Username.parse("Ivan").key) == (Username.parse("алла").key, "ivan")


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [("расо", "paco"), ("РАСО_7", "paco_7"), ("хорек", "xopek"), ("ѵѵѵүѵѵѵі", "vvvyvvvi"), ("ѡоѡоѡѡ", "wowoww")],
)
def test_username_key_reads_cyrillic_look_alikes_as_latin(cyrillic: str, latin: str) -> None:
    assert Username.parse(cyrillic).key == Username.parse(latin).key


def test_username_key_reads_yo_as_ye() -> None:
    assert Username.parse("ёжик").key == Username.parse("ежик").key


@given(st.text(alphabet="abcXYZ019._-", min_size=3, max_size=32))
def test_username_parse_is_idempotent_and_its_key_ignores_case(raw: str) -> None:
    username = Username.parse(raw)

    assert Username.parse(str(username)) == username
    assert Username.parse(raw.swapcase()).key == username.key


# Tag


def test_tag_is_trimmed_single_spaced_and_in_lower_case() -> None:
    assert str(Tag.parse("  Рок   и ПОП ")) == "рок и поп"


@pytest.mark.parametrize("raw", ["", "   ", "x" * 33])
def test_tag_refuses_empty_or_longer_than_32_characters(raw: str) -> None:
    with pytest.raises(InvalidValueError) as refused:
        Tag.parse(raw)

    assert refused.value.field == "tags"


def test_tag_of_32_characters_is_accepted() -> None:
    assert len(str(Tag.parse("x" * 32))) == 32


@given(st.text(max_size=40))
def test_tag_parse_is_idempotent(raw: str) -> None:
    try:
        tag = Tag.parse(raw)
    except InvalidValueError:
        return

    assert Tag.parse(str(tag)) == tag


def test_parse_tags_keeps_the_first_of_equal_tags_in_the_order_given() -> None:
    tags = parse_tags(["Rock", "ПОП", " rock ", "поп", "jazz"])

    assert [str(tag) for tag in tags] == ["rock", "поп", "jazz"]


def test_parse_tags_counts_tags_after_removing_duplicates() -> None:
    tags = parse_tags([f"tag {number}" for number in range(20)] + ["TAG 0"])

    assert len(tags) == 20


def test_parse_tags_refuses_more_than_the_limit() -> None:
    with pytest.raises(InvalidValueError) as refused:
        parse_tags([f"tag {number}" for number in range(4)], "filter", limit=3)

    assert refused.value.field == "filter"


@given(st.lists(st.sampled_from(["Rock", "rock", " ROCK", "Поп", "поп", "jazz", "Jazz  Funk", "jazz funk"])))
def test_parse_tags_holds_each_tag_once(raw: list[str]) -> None:
    tags = parse_tags(raw)

    assert len(set(tags)) == len(tags)
    assert set(tags) == {Tag.parse(item) for item in raw}


# bounded_text


@pytest.mark.parametrize(("raw", "expected"), [("  певица ", "певица"), (None, ""), ("   ", "")])
def test_bounded_text_trims_and_turns_none_into_empty(raw: str | None, expected: str) -> None:
    assert bounded_text(raw, "profession", 10) == expected


def test_bounded_text_accepts_exactly_the_maximum_length() -> None:
    assert bounded_text("x" * 10 + "  ", "profession", 10) == "x" * 10


def test_bounded_text_refuses_longer_text_naming_its_field() -> None:
    with pytest.raises(InvalidValueError) as refused:
        bounded_text("x" * 11, "description", 10)

    assert refused.value.field == "description"


@pytest.mark.parametrize("raw", ["строка\nещё одна", "a\r\nb", "колонка\tколонка"])
def test_bounded_text_refuses_line_breaks_and_tabs_in_single_line_text(raw: str) -> None:
    with pytest.raises(InvalidValueError) as refused:
        bounded_text(raw, "for_whom", 100)

    assert refused.value.field == "for_whom"


@pytest.mark.parametrize("raw", ["строка\nещё одна", "a\r\nb", "колонка\tколонка"])
def test_bounded_text_keeps_line_breaks_and_tabs_in_multi_line_text(raw: str) -> None:
    assert bounded_text(raw, "comment", 100, multiline=True) == raw


# printable


@pytest.mark.parametrize("raw", ["\x00", "\x07", "\x1b[31m", "\x7f", "\x85", "\ud800"])
@pytest.mark.parametrize("multiline", [False, True])
def test_printable_refuses_control_characters_and_broken_surrogates(raw: str, multiline: bool) -> None:
    with pytest.raises(InvalidValueError) as refused:
        printable(f"текст{raw}текст", "comment", multiline=multiline)

    assert refused.value.field == "comment"


@pytest.mark.parametrize("raw", ["", "Алла Пугачёва 🎤", "zero\u200bwidth", "non\xa0breaking"])
def test_printable_lets_every_other_character_through(raw: str) -> None:
    assert printable(raw, "comment") == raw


@pytest.mark.parametrize("raw", ["рок\x00", "рок\tпоп", "рок\nпоп"])
def test_a_tag_with_a_control_character_or_a_line_break_is_refused(raw: str) -> None:
    with pytest.raises(InvalidValueError) as refused:
        Tag.parse(raw)

    assert refused.value.field == "tags"
