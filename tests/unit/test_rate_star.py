import pytest

from application.identity import Caller
from application.rate_star import RateStar
from domain.errors import InvalidValueError, NotYourselfError, RatingNotAllowedError, StarNotFoundError
from domain.order import OrderStatus
from tests.unit.factories import Fakes, People, a_stored_order, some_people, stored_star
from tests.unit.fakes import StoredRating

VIDEO = "videos/greeting.mp4"


def rate_star(fakes: Fakes) -> RateStar:
    return RateStar(fakes.ratings, fakes.stars, fakes.orders, fakes.catalogue_version, fakes.uow)


async def people_with_a_delivered_order(fakes: Fakes) -> People:
    """Alla delivered a greeting to Ivan."""
    people = await some_people(fakes)
    await a_stored_order(fakes, customer=people.customer, star=people.star, status=OrderStatus.ACCEPTED, video=VIDEO)
    return people


async def test_the_first_rating_after_a_delivered_greeting_is_stored_and_counted_on_the_star() -> None:
    fakes = Fakes()
    people = await people_with_a_delivered_order(fakes)

    first = await rate_star(fakes).execute(Caller(people.customer), people.star.id, 4, " Спасибо! ")

    star = stored_star(fakes, people.star.id)
    assert (first, star.rating_total, star.rating_count, str(star.rating)) == (True, 4, 1, "4.0")
    assert fakes.ratings.stored() == {(people.customer.id, people.star.id): StoredRating(4, "Спасибо!")}


async def test_a_second_rating_replaces_the_first_and_answers_false() -> None:
    fakes = Fakes()
    people = await people_with_a_delivered_order(fakes)
    await rate_star(fakes).execute(Caller(people.customer), people.star.id, 5)

    first = await rate_star(fakes).execute(Caller(people.customer), people.star.id, "2", "Передумал")

    star = stored_star(fakes, people.star.id)
    assert (first, star.rating_total, star.rating_count) == (False, 2, 1)
    assert fakes.ratings.stored() == {(people.customer.id, people.star.id): StoredRating(2, "Передумал")}


async def test_the_stars_rating_is_the_mean_of_its_customers_ratings() -> None:
    fakes = Fakes()
    people = await people_with_a_delivered_order(fakes)
    await a_stored_order(
        fakes, customer=people.other_customer, star=people.star, status=OrderStatus.ACCEPTED, video=VIDEO
    )
    await rate_star(fakes).execute(Caller(people.customer), people.star.id, 5)

    await rate_star(fakes).execute(Caller(people.other_customer), people.star.id, 4)

    star = stored_star(fakes, people.star.id)
    assert (star.rating_total, star.rating_count, str(star.rating)) == (9, 2, "4.5")


async def test_adresat_naming_the_caller_is_accepted() -> None:
    fakes = Fakes()
    people = await people_with_a_delivered_order(fakes)

    first = await rate_star(fakes).execute(Caller(people.customer), people.star.id, 5, adresat=people.customer.id)

    assert first is True


@pytest.mark.parametrize("status", list(OrderStatus))
async def test_an_order_without_a_delivered_greeting_gives_no_right_to_rate(status: OrderStatus) -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    await a_stored_order(fakes, customer=people.customer, star=people.star, status=status)

    with pytest.raises(RatingNotAllowedError):
        await rate_star(fakes).execute(Caller(people.customer), people.star.id, 5)

    assert (fakes.ratings.stored(), stored_star(fakes, people.star.id).rating_count) == ({}, 0)


async def test_a_greeting_delivered_by_another_star_or_to_another_customer_gives_no_right_to_rate() -> None:
    fakes = Fakes()
    people = await people_with_a_delivered_order(fakes)
    await a_stored_order(
        fakes, customer=people.customer, star=people.other_star, status=OrderStatus.ACCEPTED, video=VIDEO
    )

    with pytest.raises(RatingNotAllowedError):
        await rate_star(fakes).execute(Caller(people.other_customer), people.star.id, 5)

    assert fakes.ratings.stored() == {}


async def test_nobody_without_an_order_may_rate() -> None:
    fakes = Fakes()
    people = await some_people(fakes)

    with pytest.raises(RatingNotAllowedError) as refused:
        await rate_star(fakes).execute(Caller(people.customer), people.star.id, 5)

    assert (refused.value.code, fakes.ratings.stored()) == ("rating_not_allowed", {})


async def test_a_star_cannot_rate_itself() -> None:
    fakes = Fakes()
    people = await people_with_a_delivered_order(fakes)

    with pytest.raises(RatingNotAllowedError):
        await rate_star(fakes).execute(Caller(people.star), people.star.id, 5)


async def test_adresat_of_someone_else_is_refused() -> None:
    fakes = Fakes()
    people = await people_with_a_delivered_order(fakes)

    with pytest.raises(NotYourselfError) as refused:
        await rate_star(fakes).execute(Caller(people.customer), people.star.id, 5, adresat=people.other_customer.id)

    assert (refused.value.field, fakes.ratings.stored()) == ("adresat", {})


@pytest.mark.parametrize("who", ["unknown", "customer"])
async def test_rating_somebody_who_is_no_star_is_not_found(who: str) -> None:
    fakes = Fakes()
    people = await people_with_a_delivered_order(fakes)
    star_id = 42 if who == "unknown" else people.other_customer.id

    with pytest.raises(StarNotFoundError):
        await rate_star(fakes).execute(Caller(people.customer), star_id, 5)


@pytest.mark.parametrize("rating", [0, 6, "5.0", "", "٥"])
async def test_a_rating_out_of_range_is_refused_before_anything_else(rating: int | str) -> None:
    fakes = Fakes()
    people = await some_people(fakes)

    with pytest.raises(InvalidValueError) as refused:
        await rate_star(fakes).execute(Caller(people.customer), 42, rating)

    assert (refused.value.field, fakes.ratings.stored()) == ("rating", {})


async def test_a_comment_too_long_is_refused() -> None:
    fakes = Fakes()
    people = await people_with_a_delivered_order(fakes)

    with pytest.raises(InvalidValueError) as refused:
        await rate_star(fakes).execute(Caller(people.customer), people.star.id, 5, "я" * 2001)

    assert (refused.value.field, fakes.ratings.stored()) == ("comment", {})
