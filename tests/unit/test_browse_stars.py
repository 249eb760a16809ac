import pytest

from application.browse_stars import BrowseStars
from application.views import Page, PageRequest, StarCard, StarOrder, StarQuery
from domain.errors import CategoryNotFoundError, InvalidValueError
from tests.unit.factories import Fakes, a_stored_customer, a_stored_star


def browse_stars(fakes: Fakes) -> BrowseStars:
    return BrowseStars(fakes.catalogue, fakes.categories)


def usernames(page: Page[StarCard]) -> list[str]:
    return [card.username for card in page.items]


async def fakes_with_categories() -> Fakes:
    fakes = Fakes()
    await fakes.categories.add("Певцы", None)
    await fakes.categories.add("Актёры", None)
    await fakes.categories.add("Блогеры", None)
    return fakes


async def fakes_with_three_stars() -> Fakes:
    """Added in the order ann, bob, cat; bob is top."""
    fakes = await fakes_with_categories()
    await a_stored_star(fakes, username="ann", price="300", likes=5, rating_total=8, rating_count=2)
    await a_stored_star(fakes, username="bob", price="100", likes=10, rating_total=5, rating_count=1, top=True)
    await a_stored_star(fakes, username="cat", price="200", likes=1)
    return fakes


async def test_an_unknown_category_is_an_error() -> None:
    fakes = await fakes_with_categories()

    with pytest.raises(CategoryNotFoundError):
        await browse_stars(fakes).execute(StarQuery(category_id=99))


async def test_a_category_without_stars_is_an_empty_page() -> None:
    fakes = await fakes_with_categories()
    await a_stored_star(fakes, category_id=1)

    page = await browse_stars(fakes).execute(StarQuery(category_id=3))

    assert page == Page([], 0)


async def test_a_category_narrows_the_catalogue_to_its_stars() -> None:
    fakes = await fakes_with_categories()
    await a_stored_star(fakes, username="singer", category_id=1)
    await a_stored_star(fakes, username="actor", category_id=2)
    await a_stored_star(fakes, username="another_singer", category_id=1)

    page = await browse_stars(fakes).execute(StarQuery(category_id=1))

    assert (usernames(page), page.total) == (["singer", "another_singer"], 2)


async def test_the_catalogue_holds_stars_only() -> None:
    fakes = await fakes_with_categories()
    await a_stored_customer(fakes, username="customer")
    await a_stored_star(fakes, username="star")

    page = await browse_stars(fakes).execute(StarQuery())

    assert (usernames(page), page.total) == (["star"], 1)


async def test_tags_find_stars_with_any_of_them_each_star_once() -> None:
    fakes = await fakes_with_categories()
    await a_stored_star(fakes, username="both", tags=("рок", "поп"))
    await a_stored_star(fakes, username="jazz", tags=("джаз",))
    await a_stored_star(fakes, username="pop", tags=("поп", "эстрада"))

    page = await browse_stars(fakes).execute(StarQuery(tags=("рок", "поп")))

    assert (usernames(page), page.total) == (["both", "pop"], 2)


async def test_tags_of_the_filter_are_normalised_before_matching() -> None:
    fakes = await fakes_with_categories()
    await a_stored_star(fakes, username="rock", tags=("рок н ролл",))

    page = await browse_stars(fakes).execute(StarQuery(tags=("  РОК   Н ролл ", "Рок н ролл")))

    assert usernames(page) == ["rock"]


async def test_an_empty_tag_in_the_filter_is_refused() -> None:
    fakes = await fakes_with_categories()

    with pytest.raises(InvalidValueError) as refused:
        await browse_stars(fakes).execute(StarQuery(tags=("поп", " ")))

    assert refused.value.field == "filter"


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        (StarOrder.FEATURED, ["bob", "ann", "cat"]),
        (StarOrder.RATING, ["cat", "ann", "bob"]),
        (StarOrder.RATING_DESC, ["bob", "ann", "cat"]),
        (StarOrder.PRICE, ["bob", "cat", "ann"]),
        (StarOrder.PRICE_DESC, ["ann", "cat", "bob"]),
        (StarOrder.LIKES, ["cat", "ann", "bob"]),
        (StarOrder.LIKES_DESC, ["bob", "ann", "cat"]),
        (StarOrder.NEWEST, ["cat", "bob", "ann"]),
    ],
)
async def test_stars_come_in_the_order_asked(order: StarOrder, expected: list[str]) -> None:
    fakes = await fakes_with_three_stars()

    page = await browse_stars(fakes).execute(StarQuery(order=order))

    assert usernames(page) == expected


async def test_stars_of_equal_price_come_by_id() -> None:
    fakes = await fakes_with_categories()
    for username in ("first", "second", "third"):
        await a_stored_star(fakes, username=username, price="5000")

    page = await browse_stars(fakes).execute(StarQuery(order=StarOrder.PRICE_DESC))

    assert usernames(page) == ["first", "second", "third"]


@pytest.mark.parametrize("text", ["пугачёва", "ПУГАЧЁВА", "  Алла   Пугачёва ", "ALLA", "lla алла", "гачё"])
async def test_text_search_in_username_and_names_ignores_case_and_extra_spaces(text: str) -> None:
    fakes = await fakes_with_categories()
    await a_stored_star(fakes, username="Alla", first_name="Алла", last_name="Пугачёва")
    await a_stored_star(fakes, username="Philipp", first_name="Филипп", last_name="Киркоров")

    page = await browse_stars(fakes).execute(StarQuery(text=text))

    assert usernames(page) == ["Alla"]


async def test_text_search_that_matches_nobody_is_an_empty_page() -> None:
    fakes = await fakes_with_three_stars()

    page = await browse_stars(fakes).execute(StarQuery(text="Земфира"))

    assert page == Page([], 0)


async def test_a_page_holds_at_most_limit_stars_from_offset_and_counts_them_all() -> None:
    fakes = await fakes_with_categories()
    for number in range(5):
        await a_stored_star(fakes, username=f"star{number}")

    page = await browse_stars(fakes).execute(StarQuery(page=PageRequest(limit=2, offset=2)))

    assert (usernames(page), page.total) == (["star2", "star3"], 5)


async def test_a_page_past_the_end_is_empty_but_still_counts_every_match() -> None:
    fakes = await fakes_with_three_stars()

    page = await browse_stars(fakes).execute(StarQuery(page=PageRequest(limit=10, offset=3)))

    assert (page.items, page.total) == ([], 3)


async def test_cards_show_the_public_side_of_a_star() -> None:
    fakes = await fakes_with_categories()
    await a_stored_star(
        fakes, username="alla", category_id=2, price="15000", tags=("поп",), likes=3, rating_total=14, rating_count=3
    )

    [card] = (await browse_stars(fakes).execute(StarQuery())).items

    assert (card.username, card.category_id, str(card.price), card.tags) == ("alla", 2, "15000.00", ("поп",))
    assert (card.likes, card.rating_count, str(card.rating), card.top) == (3, 3, "4.7", False)
