import pytest

from application.identity import Caller
from application.send_message import SendMessage
from domain.errors import InvalidValueError, NotYourselfError, UserNotFoundError
from tests.unit.factories import Fakes, a_stored_customer, a_stored_star
from tests.unit.fakes import NOW


def send_message(fakes: Fakes) -> SendMessage:
    return SendMessage(fakes.messages, fakes.users, fakes.limiter, fakes.limits(), fakes.uow, fakes.clock)


async def test_a_message_is_stored_from_the_caller_trimmed_and_timed() -> None:
    fakes = Fakes()
    ivan = await a_stored_customer(fakes)
    alla = await a_stored_star(fakes)

    message = await send_message(fakes).execute(Caller(ivan), alla.id, "  Здравствуйте!\nМожно вопрос?  ")

    assert fakes.messages.stored() == [message]
    assert (message.from_user, message.text, message.created_at) == (ivan.id, "Здравствуйте!\nМожно вопрос?", NOW)


async def test_an_answer_joins_the_same_conversation() -> None:
    fakes = Fakes()
    ivan = await a_stored_customer(fakes)
    alla = await a_stored_star(fakes)
    question = await send_message(fakes).execute(Caller(ivan), alla.id, "Здравствуйте!")

    answer = await send_message(fakes).execute(Caller(alla), ivan.id, "Добрый день!")

    assert (answer.chat_id, answer.from_user) == (question.chat_id, alla.id)


async def test_a_message_to_someone_else_opens_another_conversation() -> None:
    fakes = Fakes()
    ivan = await a_stored_customer(fakes, username="ivan")
    alla = await a_stored_star(fakes, username="alla")
    filipp = await a_stored_star(fakes, username="filipp")
    to_alla = await send_message(fakes).execute(Caller(ivan), alla.id, "Здравствуйте!")

    to_filipp = await send_message(fakes).execute(Caller(ivan), filipp.id, "Здравствуйте!")

    assert to_filipp.chat_id != to_alla.chat_id


async def test_from_user_naming_the_caller_is_accepted() -> None:
    fakes = Fakes()
    ivan = await a_stored_customer(fakes)
    alla = await a_stored_star(fakes)

    message = await send_message(fakes).execute(Caller(ivan), alla.id, "Привет", from_user=ivan.id)

    assert message.from_user == ivan.id


async def test_from_user_of_someone_else_is_refused() -> None:
    fakes = Fakes()
    ivan = await a_stored_customer(fakes)
    alla = await a_stored_star(fakes)

    with pytest.raises(NotYourselfError) as refused:
        await send_message(fakes).execute(Caller(ivan), alla.id, "Привет от Аллы", from_user=alla.id)

    assert (refused.value.field, fakes.messages.stored()) == ("from_user", [])


async def test_nobody_writes_to_oneself() -> None:
    fakes = Fakes()
    ivan = await a_stored_customer(fakes)

    with pytest.raises(InvalidValueError) as refused:
        await send_message(fakes).execute(Caller(ivan), ivan.id, "Привет")

    assert (refused.value.field, fakes.messages.stored()) == ("user_id", [])


async def test_a_message_to_an_unknown_user_is_not_found() -> None:
    fakes = Fakes()
    ivan = await a_stored_customer(fakes)

    with pytest.raises(UserNotFoundError) as refused:
        await send_message(fakes).execute(Caller(ivan), 42, "Привет")

    assert (refused.value.code, fakes.messages.stored()) == ("user_not_found", [])


@pytest.mark.parametrize("text", ["", "  \n ", "я" * 2001, "Привет\x00", "\x1b[2JПривет"])
async def test_an_empty_long_or_control_text_is_refused(text: str) -> None:
    fakes = Fakes()
    ivan = await a_stored_customer(fakes)
    alla = await a_stored_star(fakes)

    with pytest.raises(InvalidValueError) as refused:
        await send_message(fakes).execute(Caller(ivan), alla.id, text)

    assert (refused.value.field, fakes.messages.stored()) == ("message", [])
