import pytest

from application.browse_stars import MAX_SEARCH_LENGTH, BrowseStars
from application.views import Page, StarCard, StarQuery
from domain.errors import CategoryNotFoundError, InvalidValueError
from tests.unit.factories import Fakes, a_stored_star


def browse_stars(fakes: Fakes) -> BrowseStars:
    return BrowseStars(fakes.catalogue, fakes.categories)


def usernames(page: Page[StarCard]) -> list[str]:
    return [card.username for card in page.items]


async def fakes_with_categories() -> Fakes:
    fakes = Fakes()
    await fakes.categories.add("Певцы", None)
    await fakes.categories.add("Актёры", None)
    await fakes.categories.add("Блогеры", None)
    await fakes.uow.commit()
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


async def test_more_than_fifty_tags_in_the_filter_are_refused() -> None:
    fakes = await fakes_with_categories()

    with pytest.raises(InvalidValueError) as refused:
        await browse_stars(fakes).execute(StarQuery(tags=tuple(f"tag {number}" for number in range(51))))

    assert refused.value.field == "filter"


@pytest.mark.parametrize("text", ["пугачёва", "ПУГАЧЁВА", "  Алла   Пугачёва ", "ALLA", "lla алла", "гачё"])
async def test_text_search_in_username_and_names_ignores_case_and_extra_spaces(text: str) -> None:
    fakes = await fakes_with_categories()
    await a_stored_star(fakes, username="Alla", first_name="Алла", last_name="Пугачёва")
    await a_stored_star(fakes, username="Philipp", first_name="Филипп", last_name="Киркоров")

    page = await browse_stars(fakes).execute(StarQuery(text=text))

    assert usernames(page) == ["Alla"]


async def test_text_search_reads_decomposed_letters_as_composed_ones() -> None:
    fakes = await fakes_with_categories()
    await a_stored_star(fakes, username="Alla", last_name="Пугачёва")

    page = await browse_stars(fakes).execute(StarQuery(text="пугаче\u0308ва"))

    assert usernames(page) == ["Alla"]


async def test_search_text_of_a_hundred_characters_is_accepted_when_trimmed() -> None:
    fakes = await fakes_with_categories()
    await a_stored_star(fakes, username="Alla")

    page = await browse_stars(fakes).execute(StarQuery(text="   " + "я" * MAX_SEARCH_LENGTH + "   "))

    assert page == Page([], 0)


async def test_search_text_longer_than_a_hundred_characters_is_refused() -> None:
    fakes = await fakes_with_categories()

    with pytest.raises(InvalidValueError) as refused:
        await browse_stars(fakes).execute(StarQuery(text="я" * (MAX_SEARCH_LENGTH + 1)))

    assert (MAX_SEARCH_LENGTH, refused.value.field) == (100, "q")


@pytest.mark.parametrize("text", ["alla\x00", "al\x1bla", "\ud800"])
async def test_search_text_with_control_characters_is_refused(text: str) -> None:
    fakes = await fakes_with_categories()

    with pytest.raises(InvalidValueError) as refused:
        await browse_stars(fakes).execute(StarQuery(text=text))

    assert refused.value.field == "q"
