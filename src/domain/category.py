from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Category:
    """A shelf of the catalogue (singers, actors, bloggers…)."""

    id: int
    cat_name: str
    category_photo: str | None = None
