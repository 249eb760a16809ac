"""Every write that changes what the public catalogue shows bumps its version once it is committed (so that
kept answers are dropped), and only such writes do: everything for what a star is, costs and is rated, the
star alone for its count of likes."""

import pytest

from application.identity import Caller
from application.like_star import LikeStar
from application.rate_star import RateStar
from application.unlike_star import UnlikeStar
from application.update_profile import ProfileChanges
from application.upload_avatar import UploadAvatar
from domain.errors import AlreadyLikedError
from tests.unit.factories import (
    CLIENT,
    Fakes,
    a_stored_customer,
    a_stored_star,
    an_accepted_paid_order,
    new_star,
    some_people,
)
from tests.unit.fakes import chunks
from tests.unit.test_create_star import create_star, fakes_with_a_category
from tests.unit.test_load_demo_catalogue import a_demo, load_demo_catalogue
from tests.unit.test_update_profile import update_profile
from tests.unit.test_uploads import upload_hello_video


async def test_a_like_and_its_withdrawal_change_the_catalogue_a_refused_like_does_not() -> None:
    fakes = Fakes()
    star, customer = await a_stored_star(fakes), await a_stored_customer(fakes)
    like = LikeStar(fakes.likes, fakes.stars, fakes.catalogue_version, fakes.uow)

    await like.execute(Caller(customer), star.id)
    with pytest.raises(AlreadyLikedError):
        await like.execute(Caller(customer), star.id)
    await UnlikeStar(fakes.likes, fakes.catalogue_version, fakes.uow).execute(Caller(customer), star.id)

    assert (fakes.catalogue_version.bumps, fakes.catalogue_version.star_bumps) == (0, [star.id, star.id])


async def test_a_rating_changes_the_catalogue() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    await an_accepted_paid_order(fakes, people, video="congratulation/1/v.mp4")
    rate = RateStar(fakes.ratings, fakes.stars, fakes.orders, fakes.catalogue_version, fakes.uow)

    await rate.execute(Caller(people.customer), people.star.id, 5)

    assert (fakes.catalogue_version.bumps, fakes.catalogue_version.star_bumps) == (1, [])


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


async def test_a_new_star_changes_the_catalogue() -> None:
    fakes = await fakes_with_a_category()

    await create_star(fakes).execute(new_star(category_id=1), CLIENT)

    assert fakes.catalogue_version.bumps == 1


async def test_a_stars_hello_video_changes_the_catalogue() -> None:
    fakes = Fakes()
    star = await a_stored_star(fakes)

    await upload_hello_video(fakes).execute(Caller(star), chunks(b"MP4:hello"))

    assert fakes.catalogue_version.bumps == 1


async def test_the_demo_changes_the_catalogue_when_it_loads_and_not_when_it_does_not() -> None:
    fakes = Fakes()

    await load_demo_catalogue(fakes).execute(a_demo())
    await load_demo_catalogue(fakes).execute(a_demo())

    assert fakes.catalogue_version.bumps == 1
