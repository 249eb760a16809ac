from datetime import date, timedelta

import pytest

from application.identity import Caller
from application.update_profile import ProfileChanges, UpdateProfile
from domain.errors import (
    CategoryNotFoundError,
    ConflictError,
    EmailTakenError,
    InvalidValueError,
    NotYourselfError,
    PhoneTakenError,
    UsernameTakenError,
)
from domain.password_reset import PasswordResetToken, token_digest
from tests.unit.factories import Fakes, a_stored_customer, a_stored_star, stored_star, stored_user


def update_profile(fakes: Fakes) -> UpdateProfile:
    return UpdateProfile(
        fakes.users,
        fakes.stars,
        fakes.categories,
        fakes.account_rules(),
        fakes.reset_tokens,
        fakes.account_mail(),
        fakes.catalogue_version,
        fakes.uow,
        fakes.clock,
    )


async def fakes_with_categories() -> Fakes:
    fakes = Fakes()
    await fakes.categories.add("Певцы", None)
    await fakes.categories.add("Актёры", None)
    await fakes.uow.commit()
    return fakes


async def test_profile_update_stores_the_given_account_fields() -> None:
    fakes = Fakes()
    user = await a_stored_customer(fakes, username="ivan")
    changes = ProfileChanges(
        username="Ivan_Petrov",
        email="Ivan.Petrov@Example.com",
        phone="+7 (912) 345-67-89",
        first_name=" Иван ",
        last_name="Петров",
        date_of_birth=date(1990, 4, 15),
    )

    profile = await update_profile(fakes).execute(Caller(user), changes)

    stored = stored_user(fakes, user.id)
    assert (str(stored.username), str(stored.email), str(stored.phone)) == (
        "Ivan_Petrov",
        "ivan.petrov@example.com",
        "79123456789",
    )
    assert (stored.first_name, stored.last_name, stored.date_of_birth) == ("Иван", "Петров", date(1990, 4, 15))
    assert profile.user == stored


async def test_fields_left_out_keep_their_values() -> None:
    fakes = Fakes()
    user = await a_stored_customer(fakes, username="ivan", first_name="Иван", last_name="Иванов")
    before = stored_user(fakes, user.id)

    await update_profile(fakes).execute(Caller(user), ProfileChanges(last_name="Петров"))

    after = stored_user(fakes, user.id)
    assert (after.username, after.email, after.phone, after.first_name) == (
        before.username,
        before.email,
        before.phone,
        "Иван",
    )
    assert after.last_name == "Петров"


async def test_an_empty_change_stores_the_profile_as_it_was() -> None:
    fakes = Fakes()
    user = await a_stored_customer(fakes, first_name="Иван")
    before = stored_user(fakes, user.id)

    await update_profile(fakes).execute(Caller(user), ProfileChanges())

    assert stored_user(fakes, user.id) == before


async def test_none_clears_the_nullable_account_fields() -> None:
    fakes = Fakes()
    user = await a_stored_customer(fakes, first_name="Иван", last_name="Петров", date_of_birth=date(1990, 1, 1))

    await update_profile(fakes).execute(
        Caller(user), ProfileChanges(first_name=None, last_name=None, date_of_birth=None)
    )

    stored = stored_user(fakes, user.id)
    assert (stored.first_name, stored.last_name, stored.date_of_birth) == ("", "", None)


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        (ProfileChanges(username="PETR"), UsernameTakenError),
        (ProfileChanges(email="Petr@Example.com"), EmailTakenError),
        (ProfileChanges(phone="+7 999 000-00-02"), PhoneTakenError),
    ],
    ids=["username in another case", "email in another case", "phone written otherwise"],
)
async def test_a_value_another_account_holds_is_refused_and_nothing_changes(
    changes: ProfileChanges, error: type[ConflictError]
) -> None:
    fakes = Fakes()
    user = await a_stored_customer(fakes, username="ivan", email="ivan@example.com", phone="79990000001")
    await a_stored_customer(fakes, username="petr", email="petr@example.com", phone="79990000002")
    before = fakes.users.stored()

    with pytest.raises(error):
        await update_profile(fakes).execute(Caller(user), changes)

    assert fakes.users.stored() == before


async def test_the_callers_own_username_email_and_phone_are_no_conflict() -> None:
    fakes = Fakes()
    user = await a_stored_customer(fakes, username="ivan", email="ivan@example.com", phone="79990000001")
    await a_stored_customer(fakes, username="petr")
    changes = ProfileChanges(username="IVAN", email="Ivan@Example.com", phone="+7 999 000-00-01")

    await update_profile(fakes).execute(Caller(user), changes)

    stored = stored_user(fakes, user.id)
    assert (str(stored.username), str(stored.email), str(stored.phone)) == ("IVAN", "ivan@example.com", "79990000001")


async def test_id_naming_the_caller_is_accepted() -> None:
    fakes = Fakes()
    user = await a_stored_customer(fakes)

    profile = await update_profile(fakes).execute(Caller(user), ProfileChanges(id=user.id, first_name="Иван"))

    assert profile.user.first_name == "Иван"


async def test_id_of_someone_else_is_refused() -> None:
    fakes = Fakes()
    user = await a_stored_customer(fakes, username="ivan")
    other = await a_stored_customer(fakes, username="petr")
    before = fakes.users.stored()

    with pytest.raises(NotYourselfError) as refused:
        await update_profile(fakes).execute(Caller(user), ProfileChanges(id=other.id, first_name="Пётр"))

    assert refused.value.field == "id"
    assert fakes.users.stored() == before


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        (ProfileChanges(email="not an address"), "email"),
        (ProfileChanges(username="x"), "username"),
        (ProfileChanges(phone="123"), "phone"),
        (ProfileChanges(last_name="я" * 65), "last_name"),
        (ProfileChanges(date_of_birth=date(2030, 1, 1)), "date_of_birth"),
        (ProfileChanges(username="zemfirа"), "username"),
        (ProfileChanges(first_name="Иван\x00"), "first_name"),
    ],
)
async def test_an_invalid_account_value_is_refused_naming_its_field(changes: ProfileChanges, field: str) -> None:
    fakes = Fakes()
    user = await a_stored_customer(fakes)
    before = fakes.users.stored()

    with pytest.raises(InvalidValueError) as refused:
        await update_profile(fakes).execute(Caller(user), changes)

    assert refused.value.field == field
    assert fakes.users.stored() == before


async def test_star_fields_sent_by_a_customer_are_ignored() -> None:
    fakes = Fakes()
    user = await a_stored_customer(fakes)
    changes = ProfileChanges(price="-5", category_id=99, days=0, tags=["поп"], first_name="Иван")

    profile = await update_profile(fakes).execute(Caller(user), changes)

    assert (profile.star, fakes.stars.stored()) == (None, [])
    assert stored_user(fakes, user.id).first_name == "Иван"


async def test_a_star_changes_the_star_side() -> None:
    fakes = await fakes_with_categories()
    user = await a_stored_star(fakes, category_id=1, price="15000", tags=("рок",))
    changes = ProfileChanges(
        price="20000.5",
        price_another="100000",
        category_id=2,
        profession=" Актриса ",
        description="Снимаюсь в кино",
        days=3,
        tags=["Кино", " КИНО", "Театр"],
    )

    profile = await update_profile(fakes).execute(Caller(user), changes)

    star = stored_star(fakes, user.id)
    assert (str(star.price), str(star.price_another), star.category_id, star.days) == ("20000.50", "100000.00", 2, 3)
    assert (star.profession, star.description) == ("Актриса", "Снимаюсь в кино")
    assert [str(tag) for tag in star.tags] == ["кино", "театр"]
    assert profile.star == star


async def test_none_clears_the_nullable_star_fields() -> None:
    fakes = await fakes_with_categories()
    user = await a_stored_star(fakes, price_another="30000", profession="Певица", description="Пою")

    await update_profile(fakes).execute(
        Caller(user), ProfileChanges(price_another=None, profession=None, description=None)
    )

    star = stored_star(fakes, user.id)
    assert (star.price_another, star.profession, star.description) == (None, "", "")


async def test_a_star_update_keeps_likes_ratings_and_the_top_mark() -> None:
    fakes = await fakes_with_categories()
    user = await a_stored_star(fakes, likes=12, rating_total=9, rating_count=2, top=True)

    profile = await update_profile(fakes).execute(Caller(user), ProfileChanges(price="1000"))

    assert profile.star is not None
    assert (profile.star.likes, profile.star.rating_count, str(profile.star.rating), profile.star.top) == (
        12,
        2,
        "4.5",
        True,
    )


async def test_an_unknown_category_is_refused_and_nothing_changes() -> None:
    fakes = await fakes_with_categories()
    user = await a_stored_star(fakes, category_id=1, price="15000")
    before = fakes.stars.stored()

    with pytest.raises(CategoryNotFoundError):
        await update_profile(fakes).execute(Caller(user), ProfileChanges(price="1", category_id=99))

    assert fakes.stars.stored() == before


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        (ProfileChanges(price="бесплатно"), "price"),
        (ProfileChanges(price="0"), "price"),
        (ProfileChanges(price_another="-1"), "price_another"),
        (ProfileChanges(price_another="0.00"), "price_another"),
        (ProfileChanges(profession="Певица\x07"), "profession"),
        (ProfileChanges(days=61), "days"),
        (ProfileChanges(description="x" * 4001), "description"),
        (ProfileChanges(tags=[""]), "tags"),
    ],
)
async def test_an_invalid_star_value_is_refused_naming_its_field(changes: ProfileChanges, field: str) -> None:
    fakes = await fakes_with_categories()
    user = await a_stored_star(fakes)
    before = fakes.stars.stored()

    with pytest.raises(InvalidValueError) as refused:
        await update_profile(fakes).execute(Caller(user), changes)

    assert refused.value.field == field
    assert fakes.stars.stored() == before


async def test_a_new_email_ends_the_reset_links_and_the_old_address_is_told() -> None:
    fakes = Fakes()
    user = await a_stored_customer(fakes, username="ivan", email="ivan@example.com")
    await fakes.reset_tokens.add(
        PasswordResetToken(user.id, token_digest("link"), fakes.clock.now() + timedelta(hours=1))
    )
    await fakes.uow.commit()

    await update_profile(fakes).execute(Caller(user), ProfileChanges(email="ivan.new@example.com"))

    assert fakes.reset_tokens.stored() == []
    [mail] = fakes.outbox.mails()
    assert mail.to == "ivan@example.com"
    assert "ivan.new@example.com" in mail.body


async def test_the_same_email_in_another_case_keeps_the_reset_links_and_sends_nothing() -> None:
    fakes = Fakes()
    user = await a_stored_customer(fakes, username="ivan", email="ivan@example.com")
    await fakes.reset_tokens.add(
        PasswordResetToken(user.id, token_digest("link"), fakes.clock.now() + timedelta(hours=1))
    )
    await fakes.uow.commit()

    await update_profile(fakes).execute(Caller(user), ProfileChanges(email="IVAN@example.com"))

    assert len(fakes.reset_tokens.stored()) == 1
    assert fakes.outbox.mails() == []
