from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from application.identity import Caller
from application.media_links import MediaLinks
from application.open_media import OpenMedia
from domain.errors import AccessDeniedError
from tests.unit.factories import Fakes, an_accepted_paid_order, some_people
from tests.unit.fakes import NOW, StubClock

GREETING = "congratulation/1/greeting.mp4"


def signed(link: str) -> tuple[str, int, str]:
    parts = urlsplit(link)
    query = parse_qs(parts.query)
    return parts.path, int(query["exp"][0]), query["sig"][0]


def test_a_public_file_is_linked_as_it_is_and_a_greeting_is_signed_for_a_day() -> None:
    links = MediaLinks(Fakes().signer, StubClock())

    assert links.link("avatars/a.png") == "avatars/a.png"
    path, expires, signature = signed(links.link(GREETING))
    assert path == GREETING
    assert expires == int((NOW + timedelta(hours=24)).timestamp())
    assert links.opens(GREETING, expires, signature)


def test_a_link_opens_its_file_only_and_only_until_it_expires() -> None:
    fakes = Fakes()
    _, expires, signature = signed(MediaLinks(fakes.signer, StubClock()).link(GREETING))
    later = MediaLinks(fakes.signer, StubClock(NOW + timedelta(hours=24, seconds=1)))
    now = MediaLinks(fakes.signer, StubClock())

    assert not later.opens(GREETING, expires, signature)
    assert not now.opens("congratulation/2/other.mp4", expires, signature)
    assert not now.opens(GREETING, expires + 3600, signature)
    assert not now.opens(GREETING, None, signature)
    assert not now.opens(GREETING, expires, None)


async def test_a_greeting_opens_by_link_or_for_its_customer_and_star_by_login() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await an_accepted_paid_order(fakes, people, video=f"congratulation/{1}/greeting.mp4")
    assert order.id == 1
    links = MediaLinks(fakes.signer, StubClock())
    open_media = OpenMedia(links, fakes.orders)
    _, expires, signature = signed(links.link(GREETING))

    await open_media.execute("avatars/a.png", None, None, None)
    await open_media.execute(GREETING, expires, signature, None)
    await open_media.execute(GREETING, None, None, Caller(people.customer))
    await open_media.execute(GREETING, None, None, Caller(people.star))
    for nobody in (None, Caller(people.other_customer), Caller(people.other_star)):
        with pytest.raises(AccessDeniedError):
            await open_media.execute(GREETING, None, None, nobody)
    with pytest.raises(AccessDeniedError):
        await open_media.execute("congratulation/1/not-the-greeting.mp4", None, None, Caller(people.customer))
