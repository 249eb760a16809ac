import pytest

from application.identity import Caller
from application.read_conversation import ReadConversation
from application.views import PageRequest
from domain.errors import NotYourselfError
from tests.unit.factories import Fakes, a_stored_customer, a_stored_star
from tests.unit.fakes import NOW


def read_conversation(fakes: Fakes) -> ReadConversation:
    return ReadConversation(fakes.messages)


async def test_the_caller_reads_the_conversation_with_another_user_oldest_first() -> None:
    fakes = Fakes()
    ivan = await a_stored_customer(fakes, username="ivan")
    alla = await a_stored_star(fakes, username="alla")
    await fakes.messages.add(ivan.id, alla.id, "Здравствуйте!", NOW)
    await fakes.messages.add(alla.id, ivan.id, "Добрый день!", NOW)
    await fakes.messages.add(ivan.id, alla.id, "Можно заказать песню?", NOW)
    await fakes.uow.commit()

    page = await read_conversation(fakes).execute(Caller(alla), ivan.id, PageRequest())

    assert [(message.from_user, message.text) for message in page.items] == [
        (ivan.id, "Здравствуйте!"),
        (alla.id, "Добрый день!"),
        (ivan.id, "Можно заказать песню?"),
    ]
    assert page.total == 3


async def test_a_conversation_shows_none_of_the_callers_other_conversations() -> None:
    fakes = Fakes()
    ivan = await a_stored_customer(fakes, username="ivan")
    petr = await a_stored_customer(fakes, username="petr")
    alla = await a_stored_star(fakes, username="alla")
    await fakes.messages.add(ivan.id, alla.id, "Ивану", NOW)
    await fakes.messages.add(petr.id, alla.id, "Петру", NOW)
    await fakes.uow.commit()

    page = await read_conversation(fakes).execute(Caller(petr), alla.id, PageRequest())

    assert [message.text for message in page.items] == ["Петру"]


async def test_nobody_reads_a_conversation_they_are_not_in() -> None:
    fakes = Fakes()
    ivan = await a_stored_customer(fakes, username="ivan")
    petr = await a_stored_customer(fakes, username="petr")
    alla = await a_stored_star(fakes, username="alla")
    await fakes.messages.add(ivan.id, alla.id, "Только для Аллы", NOW)
    await fakes.uow.commit()

    page = await read_conversation(fakes).execute(Caller(petr), ivan.id, PageRequest())

    assert (page.items, page.total) == ([], 0)


async def test_a_conversation_without_messages_is_empty() -> None:
    fakes = Fakes()
    ivan = await a_stored_customer(fakes)
    alla = await a_stored_star(fakes)

    page = await read_conversation(fakes).execute(Caller(ivan), alla.id, PageRequest())

    assert (page.items, page.total) == ([], 0)


async def test_a_conversation_comes_in_pages_counting_every_message() -> None:
    fakes = Fakes()
    ivan = await a_stored_customer(fakes)
    alla = await a_stored_star(fakes)
    for number in range(5):
        await fakes.messages.add(ivan.id, alla.id, f"сообщение {number}", NOW)
    await fakes.uow.commit()

    page = await read_conversation(fakes).execute(Caller(ivan), alla.id, PageRequest(limit=2, offset=3))

    assert ([message.text for message in page.items], page.total) == (["сообщение 3", "сообщение 4"], 5)


async def test_from_user_naming_the_caller_is_accepted() -> None:
    fakes = Fakes()
    ivan = await a_stored_customer(fakes)
    alla = await a_stored_star(fakes)
    await fakes.messages.add(alla.id, ivan.id, "Привет", NOW)
    await fakes.uow.commit()

    page = await read_conversation(fakes).execute(Caller(ivan), alla.id, PageRequest(), from_user=ivan.id)

    assert page.total == 1


async def test_from_user_of_someone_else_is_refused() -> None:
    fakes = Fakes()
    ivan = await a_stored_customer(fakes)
    alla = await a_stored_star(fakes)

    with pytest.raises(NotYourselfError) as refused:
        await read_conversation(fakes).execute(Caller(ivan), alla.id, PageRequest(), from_user=alla.id)

    assert refused.value.field == "from_user"
