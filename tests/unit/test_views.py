import pytest

from application.views import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, PageRequest, StarCard, StarOrder
from domain.errors import InvalidValueError
from tests.unit.factories import a_star_profile, a_user


def test_a_page_request_defaults_to_the_first_hundred() -> None:
    request = PageRequest()

    assert (request.limit, request.offset) == (DEFAULT_PAGE_SIZE, 0) == (100, 0)


@pytest.mark.parametrize(("limit", "offset"), [(1, 0), (MAX_PAGE_SIZE, 0), (100, 10_000)])
def test_a_page_request_accepts_limits_from_1_to_500_and_any_offset_from_0(limit: int, offset: int) -> None:
    request = PageRequest(limit, offset)

    assert (request.limit, request.offset) == (limit, offset)


@pytest.mark.parametrize(
    ("limit", "offset", "field"), [(0, 0, "limit"), (501, 0, "limit"), (-1, 0, "limit"), (10, -1, "offset")]
)
def test_a_page_request_refuses_a_limit_or_offset_out_of_range(limit: int, offset: int, field: str) -> None:
    with pytest.raises(InvalidValueError) as refused:
        PageRequest(limit, offset)

    assert refused.value.field == field


@pytest.mark.parametrize("raw", [None, ""])
def test_no_ordering_means_featured_first(raw: str | None) -> None:
    assert StarOrder.parse(raw) is StarOrder.FEATURED


@pytest.mark.parametrize(
    ("raw", "order"),
    [
        ("rating", StarOrder.RATING),
        ("-rating", StarOrder.RATING_DESC),
        ("price", StarOrder.PRICE),
        ("-price", StarOrder.PRICE_DESC),
        ("likes", StarOrder.LIKES),
        ("-likes", StarOrder.LIKES_DESC),
        ("new", StarOrder.NEWEST),
    ],
)
def test_each_ordering_of_the_contract_is_understood(raw: str, order: StarOrder) -> None:
    assert StarOrder.parse(raw) is order


@pytest.mark.parametrize("raw", ["popular", "RATING", " price", "-new", "+price", "featured"])
def test_an_unknown_ordering_is_refused(raw: str) -> None:
    with pytest.raises(InvalidValueError) as refused:
        StarOrder.parse(raw)

    assert refused.value.field == "ordering"


def test_a_star_card_shows_the_public_side_of_a_star_and_no_contacts() -> None:
    user = a_user(username="alla", first_name="Алла", last_name="Пугачёва")
    user.id = 7
    star = a_star_profile(user_id=7, price="15000", price_another="30000", tags=("поп", "эстрада"), likes=4)

    card = StarCard.of(user, star)

    assert (card.id, card.username, card.first_name, card.last_name) == (7, "alla", "Алла", "Пугачёва")
    assert (str(card.price), str(card.price_another), card.tags, card.likes) == (
        "15000.00",
        "30000.00",
        ("поп", "эстрада"),
        4,
    )
    assert not hasattr(card, "email")
    assert not hasattr(card, "phone")
