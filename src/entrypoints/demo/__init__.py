"""The demo catalogue that `mystar demo` (and `make run`) loads into an empty database."""

import json
from importlib import resources

from application.accounts import NewAccount
from application.load_demo_catalogue import DemoCatalogue, DemoCategory, DemoStar
from application.stars import NewStar

DEMO_PASSWORD = "zvezda-demo-2026"  # noqa: S105 - the documented password of the demo stars


def demo_catalogue() -> DemoCatalogue:
    data = json.loads(resources.files(__package__).joinpath("catalogue.json").read_text(encoding="utf-8"))
    categories = [DemoCategory(item["key"], item["cat_name"], item["category_photo"]) for item in data["categories"]]
    stars = [
        DemoStar(
            category_key=item["category"],
            top=item["top"],
            star=NewStar(
                account=NewAccount(
                    username=item["username"],
                    email=item["email"],
                    phone=item["phone"],
                    password=DEMO_PASSWORD,
                    first_name=item["first_name"],
                    last_name=item["last_name"],
                ),
                price=item["price"],
                price_another=item["price_another"],
                category_id=0,
                profession=item["profession"],
                description=item["description"],
                days=item["days"],
                tags=item["tags"],
            ),
        )
        for item in data["stars"]
    ]
    return DemoCatalogue(categories=categories, stars=stars, password=DEMO_PASSWORD)
