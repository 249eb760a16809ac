from application.load_demo_catalogue import DemoCatalogue, DemoCategory, DemoStar, LoadDemoCatalogue
from application.log_in import Credentials, LogIn
from domain.category import Category
from tests.unit.factories import CLIENT, Fakes, new_account, new_star

DEMO_PASSWORD = "demo-Zvezda-2025"


def load_demo_catalogue(fakes: Fakes) -> LoadDemoCatalogue:
    return LoadDemoCatalogue(
        fakes.users,
        fakes.stars,
        fakes.categories,
        fakes.account_rules(),
        fakes.hasher,
        fakes.catalogue_version,
        fakes.uow,
    )


def a_demo() -> DemoCatalogue:
    return DemoCatalogue(
        categories=[
            DemoCategory("singers", "Певцы", "categories/singers.jpg"),
            DemoCategory("actors", "Актёры", None),
        ],
        stars=[
            DemoStar(
                "actors",
                new_star(
                    account=new_account(username="sergey", email="sergey@example.com", phone="79990000001"),
                    price="20000",
                    tags=["Кино"],
                ),
                top=False,
            ),
            DemoStar(
                "singers",
                new_star(
                    account=new_account(username="alla", email="alla@example.com", phone="79990000002"),
                    price="15000",
                    tags=["Поп", "Эстрада"],
                ),
                top=True,
            ),
        ],
        password=DEMO_PASSWORD,
    )


async def test_the_demo_fills_an_empty_catalogue() -> None:
    fakes = Fakes()

    added = await load_demo_catalogue(fakes).execute(a_demo())

    assert (added, len(fakes.users.stored()), len(fakes.stars.stored())) == (2, 2, 2)
    assert fakes.categories.stored() == [
        Category(1, "Певцы", "categories/singers.jpg"),
        Category(2, "Актёры", None),
    ]


async def test_demo_stars_land_in_their_categories_with_their_top_marks() -> None:
    fakes = Fakes()

    await load_demo_catalogue(fakes).execute(a_demo())

    users = {user.id: user for user in fakes.users.stored()}
    placed = [
        (str(users[star.user_id].username), star.category_id, star.top, [str(tag) for tag in star.tags])
        for star in fakes.stars.stored()
    ]
    assert placed == [("sergey", 2, False, ["кино"]), ("alla", 1, True, ["поп", "эстрада"])]
    assert all(user.is_star for user in users.values())


async def test_demo_stars_log_in_with_the_demo_password() -> None:
    fakes = Fakes()
    await load_demo_catalogue(fakes).execute(a_demo())

    log_in = LogIn(fakes.users, fakes.hasher, fakes.tokens, fakes.limiter, fakes.limits(), fakes.uow)
    session = await log_in.execute(Credentials("alla@example.com", DEMO_PASSWORD), CLIENT)

    assert str(session.user.username) == "alla"
    assert {user.password_hash for user in fakes.users.stored()} == {f"hashed:{DEMO_PASSWORD}"}


async def test_the_demo_leaves_a_catalogue_with_categories_as_it_is() -> None:
    fakes = Fakes()
    await fakes.categories.add("Блогеры", None)
    await fakes.uow.commit()

    added = await load_demo_catalogue(fakes).execute(a_demo())

    assert added == 0
    assert fakes.categories.stored() == [Category(1, "Блогеры", None)]
    assert (fakes.users.stored(), fakes.stars.stored()) == ([], [])
