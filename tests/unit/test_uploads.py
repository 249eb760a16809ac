"""The upload use cases: a picture, a hello video, a greeting; what is kept, replaced and never left behind."""

import dataclasses
from collections.abc import AsyncIterator

import pytest

from application.deliver_congratulation import DeliverCongratulation
from application.identity import Caller
from application.media_intake import UploadLimits
from application.upload_avatar import UploadAvatar
from application.upload_hello_video import UploadHelloVideo
from domain.errors import (
    AlreadyDeliveredError,
    FileTooLargeError,
    ImageTooLargeError,
    NotAnImageError,
    NotAStarError,
    NotAVideoError,
    NotYourOrderError,
    NotYourselfError,
    OrderNotAcceptedError,
    OrderNotFoundError,
)
from domain.order import PaymentStatus
from tests.unit.factories import (
    Fakes,
    a_stored_order,
    an_accepted_paid_order,
    some_people,
    stored_order,
    stored_star,
    stored_user,
)
from tests.unit.fakes import chunks


def upload_avatar(fakes: Fakes) -> UploadAvatar:
    return UploadAvatar(fakes.users, fakes.intake(), fakes.catalogue_version, fakes.uow)


def upload_hello_video(fakes: Fakes, limits: UploadLimits | None = None) -> UploadHelloVideo:
    return UploadHelloVideo(fakes.stars, fakes.intake(limits), fakes.catalogue_version, fakes.uow)


def deliver(fakes: Fakes) -> DeliverCongratulation:
    return DeliverCongratulation(fakes.orders, fakes.intake(), fakes.order_mail(), fakes.uow, fakes.clock)


async def test_a_picture_is_kept_re_encoded_and_set_as_the_users_avatar() -> None:
    fakes = Fakes()
    people = await some_people(fakes)

    path = await upload_avatar(fakes).execute(Caller(people.customer), chunks(b"PNG:pixels"))

    assert path.startswith("avatars/")
    assert path.endswith(".png")
    assert fakes.storage.files == {path: b"clean:PNG:pixels"}
    assert fakes.storage.staged == {}
    assert stored_user(fakes, people.customer.id).avatar == path


async def test_a_new_picture_removes_the_old_one_once_saved() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    first = await upload_avatar(fakes).execute(Caller(people.customer), chunks(b"PNG:first"))

    second = await upload_avatar(fakes).execute(Caller(people.customer), chunks(b"JPEG:second"))

    assert list(fakes.storage.files) == [second]
    assert first != second


@pytest.mark.parametrize(
    ("content", "error"),
    [(b"GIF:old", NotAnImageError), (b"HUGE:bomb", ImageTooLargeError), (b"PNG:" + bytes(16), FileTooLargeError)],
)
async def test_a_refused_picture_leaves_nothing(content: bytes, error: type[Exception]) -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    intake = fakes.intake(UploadLimits(image_max_bytes=16))

    with pytest.raises(error):
        await UploadAvatar(fakes.users, intake, fakes.catalogue_version, fakes.uow).execute(
            Caller(people.customer), chunks(content)
        )

    assert (fakes.storage.files, fakes.storage.staged) == ({}, {})
    assert stored_user(fakes, people.customer.id).avatar is None


async def test_a_picture_whose_save_fails_is_removed_and_the_old_one_kept() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    first = await upload_avatar(fakes).execute(Caller(people.customer), chunks(b"PNG:first"))
    fakes.uow.failing = True

    with pytest.raises(ConnectionError):
        await upload_avatar(fakes).execute(Caller(people.customer), chunks(b"PNG:second"))

    assert list(fakes.storage.files) == [first]
    assert stored_user(fakes, people.customer.id).avatar == first


async def test_a_picture_for_someone_else_is_refused_before_anything_is_received() -> None:
    fakes = Fakes()
    people = await some_people(fakes)

    with pytest.raises(NotYourselfError):
        await upload_avatar(fakes).execute(Caller(people.customer), chunks(b"PNG:x"), user_id=people.other_customer.id)

    assert (fakes.storage.files, fakes.storage.staged) == ({}, {})


async def test_a_star_sets_a_hello_video_in_their_own_folder_and_the_old_one_goes() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    first = await upload_hello_video(fakes).execute(Caller(people.star), chunks(b"MP4:first"))

    second = await upload_hello_video(fakes).execute(Caller(people.star), chunks(b"WEBM:second"))

    assert second.startswith(f"videos/{people.star.id}/")
    assert second.endswith(".webm")
    assert list(fakes.storage.files) == [second]
    assert first != second
    assert stored_star(fakes, people.star.id).video_hi == second


async def test_only_a_star_has_a_hello_video_and_only_a_video_is_one() -> None:
    fakes = Fakes()
    people = await some_people(fakes)

    with pytest.raises(NotAStarError):
        await upload_hello_video(fakes).execute(Caller(people.customer), chunks(b"MP4:x"))
    with pytest.raises(NotAVideoError):
        await upload_hello_video(fakes).execute(Caller(people.star), chunks(b"PNG:x"))
    with pytest.raises(FileTooLargeError):
        await upload_hello_video(fakes, UploadLimits(video_max_bytes=8)).execute(
            Caller(people.star), chunks(b"MP4:123456")
        )

    assert (fakes.storage.files, fakes.storage.staged) == ({}, {})


async def test_the_star_delivers_the_greeting_of_an_accepted_paid_order_once() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await an_accepted_paid_order(fakes, people)

    delivered = await deliver(fakes).execute(Caller(people.star), order.id, chunks(b"MP4:greeting"))

    stored = stored_order(fakes, order.id)
    assert stored.video == delivered.video
    assert stored.video is not None
    assert stored.video.startswith(f"congratulation/{order.id}/")
    assert stored.delivered_at == fakes.clock.now()
    with pytest.raises(AlreadyDeliveredError):
        await deliver(fakes).execute(Caller(people.star), order.id, chunks(b"MP4:again"))
    assert list(fakes.storage.files) == [stored.video]


async def test_a_delivery_that_is_not_allowed_is_refused_before_the_video_is_received() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    new = await a_stored_order(fakes, customer=people.customer, star=people.star, payment_status=PaymentStatus.HELD)
    accepted = await an_accepted_paid_order(fakes, people)

    with pytest.raises(OrderNotAcceptedError):
        await deliver(fakes).execute(Caller(people.star), new.id, chunks(b"MP4:x"))
    with pytest.raises(NotYourOrderError):
        await deliver(fakes).execute(Caller(people.customer), accepted.id, chunks(b"MP4:x"))
    with pytest.raises(OrderNotFoundError):
        await deliver(fakes).execute(Caller(people.other_star), accepted.id, chunks(b"MP4:x"))
    with pytest.raises(NotYourselfError):
        await deliver(fakes).execute(Caller(people.star), accepted.id, chunks(b"MP4:x"), star_id=people.other_star.id)

    assert (fakes.storage.files, fakes.storage.staged) == ({}, {})


async def test_a_greeting_delivered_meanwhile_wins_and_the_late_one_leaves_no_file() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await an_accepted_paid_order(fakes, people)
    first = deliver(fakes)

    async def arrives_after_another_delivery() -> AsyncIterator[bytes]:
        yield b"MP4:late"
        other = stored_order(fakes, order.id)
        other.deliver(people.star.id, "congratulation/earlier.mp4", fakes.clock.now())
        await fakes.orders.update(dataclasses.replace(other))
        await fakes.uow.commit()

    with pytest.raises(AlreadyDeliveredError):
        await first.execute(Caller(people.star), order.id, arrives_after_another_delivery())

    assert fakes.storage.files == {}
    assert stored_order(fakes, order.id).video == "congratulation/earlier.mp4"
