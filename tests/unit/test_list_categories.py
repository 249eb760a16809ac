from application.list_categories import ListCategories
from application.views import CategoryView
from tests.unit.factories import Fakes


async def test_categories_are_listed_by_id_with_their_photos() -> None:
    fakes = Fakes()
    await fakes.categories.add("Певцы", "categories/singers.jpg")
    await fakes.categories.add("Актёры", None)

    categories = await ListCategories(fakes.catalogue).execute()

    assert categories == [CategoryView(1, "Певцы", "categories/singers.jpg"), CategoryView(2, "Актёры", None)]


async def test_an_empty_catalogue_has_no_categories() -> None:
    assert await ListCategories(Fakes().catalogue).execute() == []
