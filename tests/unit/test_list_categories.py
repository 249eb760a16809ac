from application.list_categories import ListCategories
from domain.category import Category
from tests.unit.factories import Fakes


async def test_categories_are_listed_by_id_with_their_photos() -> None:
    fakes = Fakes()
    await fakes.categories.add("Певцы", "categories/singers.jpg")
    await fakes.categories.add("Актёры", None)
    await fakes.uow.commit()

    categories = await ListCategories(fakes.categories).execute()

    assert categories == [Category(1, "Певцы", "categories/singers.jpg"), Category(2, "Актёры", None)]


async def test_an_empty_catalogue_has_no_categories() -> None:
    fakes = Fakes()

    categories = await ListCategories(fakes.categories).execute()

    assert categories == []
