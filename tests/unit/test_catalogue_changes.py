"""Every write that changes what the public catalogue shows bumps its version once it is committed (so that
kept answers are dropped), and only such writes do."""

import pytest

from application.identity import Caller
from application.like_star import LikeStar
from application.rate_star import RateStar
from application.unlike_star import UnlikeStar
from application.update_profile import ProfileChanges
from application.upload_avatar import UploadAvatar
from domain.errors import AlreadyLikedError
from tests.unit.factories import Fakes, a_stored_customer, a_stored_star, an_accepted_paid_order, some_people
from tests.unit.fakes import chunks
from tests.unit.test_update_profile import update_profile


async def test_a_like_and_its_withdrawal_change_the_catalogue_a_refused_like_does_not() -> None:
    fakes = Fakes()
    star, customer = await a_stored_star(fakes), await a_stored_customer(fakes)
    like = LikeStar(fakes.likes, fakes.stars, fakes.catalogue_version, fakes.uow)

    await like.execute(Caller(customer), star.id)
    with pytest.raises(AlreadyLikedError):
        await like.execute(Caller(customer), star.id)
    await UnlikeStar(fakes.likes, fakes.catalogue_version, fakes.uow).execute(Caller(customer), star.id)

    assert fakes.catalogue_version.bumps == 2


async def test_a_rating_changes_the_catalogue() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    await an_accepted_paid_order(fakes, people, video="congratulation/1/v.mp4")
    rate = RateStar(fakes.ratings, fakes.stars, fakes.orders, fakes.catalogue_version, fakes.uow)

    await rate.execute(Caller(people.customer), people.star.id, 5)

    assert fakes.catalogue_version.bumps == 1


async def test_a_stars_profile_changes_the_catalogue_a_customers_does_not() -> None:
    fakes = Fakes()
    star, customer = await a_stored_star(fakes), await a_stored_customer(fakes)

    await update_profile(fakes).execute(Caller(star), ProfileChanges(price="9000"))
    await update_profile(fakes).execute(Caller(customer), ProfileChanges(first_name="Иван"))

    assert fakes.catalogue_version.bumps == 1


async def test_a_stars_picture_changes_the_catalogue_a_customers_does_not() -> None:
    fakes = Fakes()
    star, customer = await a_stored_star(fakes), await a_stored_customer(fakes)
    upload = UploadAvatar(fakes.users, fakes.intake(), fakes.catalogue_version, fakes.uow)

    await upload.execute(Caller(star), chunks(b"PNG:star"))
    await upload.execute(Caller(customer), chunks(b"PNG:customer"))

    assert fakes.catalogue_version.bumps == 1
