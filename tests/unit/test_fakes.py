"""The fakes stand in for the real adapters, so they must keep the promises of the ports too."""

from datetime import UTC, datetime, timedelta

import pytest

from application.ports import TokenClaims
from application.views import Page, PageRequest, StarCard, StarOrder, StarQuery
from domain.errors import AuthenticationError, ConflictError, EmailTakenError, PhoneTakenError, UsernameTakenError
from domain.order import DeclineReason, OrderStatus, PaymentStatus
from domain.rating import RatingScore
from domain.values import Money, Username
from tests.unit.factories import (
    PASSWORD,
    Fakes,
    a_star_profile,
    a_stored_customer,
    a_stored_order,
    a_stored_star,
    a_user,
    an_order,
    stored_order,
    stored_star,
)
from tests.unit.fakes import FakePasswordHasher, FakeTokenIssuer, StoredRating

SENT_AT = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


def usernames(page: Page[StarCard]) -> list[str]:
    return [card.username for card in page.items]


async def fakes_holding_ivan() -> Fakes:
    fakes = Fakes()
    await fakes.users.add(a_user(username="ivan", email="ivan@example.com", phone="79990000001"))
    await fakes.uow.commit()
    return fakes


# Unit of work


async def test_a_write_is_stored_only_once_committed() -> None:
    fakes = Fakes()
    await fakes.users.add(a_user(username="ivan"))

    await fakes.uow.commit()

    assert [str(user.username) for user in fakes.users.stored()] == ["ivan"]


async def test_an_uncommitted_write_is_seen_by_the_transaction_but_not_stored() -> None:
    fakes = Fakes()

    user = await fakes.users.add(a_user(username="ivan"))

    assert (await fakes.users.get(user.id), fakes.users.stored()) == (user, [])


async def test_a_rollback_forgets_every_write_since_the_last_commit() -> None:
    fakes = await fakes_holding_ivan()
    await fakes.users.add(a_user(username="petr", email="petr@example.com", phone="79990000002"))

    await fakes.uow.rollback()

    assert [await fakes.users.get(1), await fakes.users.get(2)] == [fakes.users.stored()[0], None]


async def test_a_commit_stores_a_copy_that_later_writes_do_not_touch() -> None:
    fakes = Fakes()
    star = await a_stored_star(fakes, likes=0)
    customer = await a_stored_customer(fakes)

    await fakes.likes.add(customer.id, star.id)

    assert (stored_star(fakes, star.id).likes, fakes.likes.stored()) == (0, set())


# Users


@pytest.mark.parametrize(
    ("username", "email", "phone", "error"),
    [
        ("IVAN", "other@example.com", "79990000002", UsernameTakenError),
        ("ｉｖａｎ", "other@example.com", "79990000002", UsernameTakenError),
        ("other", "ivan@example.com", "79990000002", EmailTakenError),
        ("other", "other@example.com", "79990000001", PhoneTakenError),
    ],
)
async def test_the_fake_user_repository_refuses_a_second_holder_of_a_unique_value(
    username: str, email: str, phone: str, error: type[ConflictError]
) -> None:
    fakes = await fakes_holding_ivan()

    with pytest.raises(error):
        await fakes.users.add(a_user(username=username, email=email, phone=phone))

    assert len(fakes.users.stored()) == 1


async def test_the_fake_user_repository_tells_a_cyrillic_username_taken_whatever_its_case() -> None:
    fakes = Fakes()
    await fakes.users.add(a_user(username="Алла"))

    taken = await fakes.users.find_taken(Username.parse("аЛЛА"), None, None)

    assert (taken.username, taken.email, taken.phone) == (True, False, False)


async def test_the_fake_user_repository_does_not_count_the_user_itself_as_another_holder() -> None:
    fakes = await fakes_holding_ivan()

    taken = await fakes.users.find_taken(Username.parse("IVAN"), None, None, except_user_id=1)

    assert taken.username is False


async def test_the_fake_user_repository_refuses_an_update_to_another_users_value() -> None:
    fakes = await fakes_holding_ivan()
    petr = await fakes.users.add(a_user(username="petr", email="petr@example.com", phone="79990000002"))
    await fakes.uow.commit()
    petr.username = Username.parse("Ivan")

    with pytest.raises(UsernameTakenError):
        await fakes.users.update(petr)

    assert [str(user.username) for user in fakes.users.stored()] == ["ivan", "petr"]


@pytest.mark.parametrize("login", ["АЛЛА", "алла", "Алла"])
async def test_the_fake_user_repository_finds_a_username_by_its_key(login: str) -> None:
    fakes = Fakes()
    user = await fakes.users.add(a_user(username="Алла", email="alla@example.com"))

    found = await fakes.users.find_by_login(login)

    assert found == user


async def test_the_fake_user_repository_finds_an_email_in_any_case() -> None:
    fakes = Fakes()
    user = await fakes.users.add(a_user(username="alla", email="alla@example.com"))

    found = await fakes.users.find_by_login("Alla@Example.COM")

    assert found == user


async def test_the_fake_user_repository_hands_out_copies_as_rows_are() -> None:
    fakes = await fakes_holding_ivan()
    user = await fakes.users.get(1)
    assert user is not None

    user.first_name = "Иван"

    stored = await fakes.users.get(1)
    assert stored is not None
    assert stored.first_name == ""


# Stars


async def test_the_fake_star_repository_starts_counters_at_zero() -> None:
    fakes = Fakes()

    await fakes.stars.add(a_star_profile(user_id=1, likes=5, rating_total=10, rating_count=2, top=True))

    star = await fakes.stars.get(1)
    assert star is not None
    assert (star.likes, star.rating_total, star.rating_count, star.top) == (0, 0, 0, True)


async def test_the_fake_star_repository_never_updates_counters() -> None:
    fakes = Fakes()
    fakes.stars.put(a_star_profile(user_id=2, likes=5, rating_total=9, rating_count=2))

    await fakes.stars.update(a_star_profile(user_id=2, price="1", likes=0, rating_total=0, rating_count=0))

    star = await fakes.stars.get(2)
    assert star is not None
    assert (star.likes, star.rating_total, star.rating_count, star.price) == (5, 9, 2, Money.parse("1"))


@pytest.mark.parametrize("question", ["lock", "exists"])
@pytest.mark.parametrize(("who", "expected"), [("star", True), ("customer", False), ("nobody", False)])
async def test_the_fake_star_repository_locks_and_finds_stars_only(question: str, who: str, expected: bool) -> None:
    fakes = Fakes()
    star = await a_stored_star(fakes)
    customer = await a_stored_customer(fakes)
    user_id = {"star": star.id, "customer": customer.id, "nobody": 99}[who]

    answer = await (fakes.stars.lock(user_id) if question == "lock" else fakes.stars.exists(user_id))

    assert answer is expected


# Catalogue


async def fakes_with_three_stars() -> Fakes:
    """Added in the order ann, bob, cat; bob is top."""
    fakes = Fakes()
    await a_stored_star(fakes, username="ann", price="300", likes=5, rating_total=8, rating_count=2)
    await a_stored_star(fakes, username="bob", price="100", likes=10, rating_total=5, rating_count=1, top=True)
    await a_stored_star(fakes, username="cat", price="200", likes=1)
    return fakes


async def test_the_fake_catalogue_holds_stars_only() -> None:
    fakes = Fakes()
    await a_stored_customer(fakes, username="customer")
    await a_stored_star(fakes, username="star")

    page = await fakes.catalogue.search(StarQuery())

    assert (usernames(page), page.total) == (["star"], 1)


async def test_the_fake_catalogue_narrows_to_a_category() -> None:
    fakes = Fakes()
    await a_stored_star(fakes, username="singer", category_id=1)
    await a_stored_star(fakes, username="actor", category_id=2)
    await a_stored_star(fakes, username="another_singer", category_id=1)

    page = await fakes.catalogue.search(StarQuery(category_id=1))

    assert (usernames(page), page.total) == (["singer", "another_singer"], 2)


async def test_the_fake_catalogue_finds_stars_with_any_of_the_tags_each_star_once() -> None:
    fakes = Fakes()
    await a_stored_star(fakes, username="both", tags=("рок", "поп"))
    await a_stored_star(fakes, username="jazz", tags=("джаз",))
    await a_stored_star(fakes, username="pop", tags=("поп", "эстрада"))

    page = await fakes.catalogue.search(StarQuery(tags=("рок", "поп")))

    assert (usernames(page), page.total) == (["both", "pop"], 2)


async def test_the_fake_catalogue_narrows_to_the_favourites_of_a_user() -> None:
    fakes = await fakes_with_three_stars()
    ivan = await a_stored_customer(fakes, username="ivan")
    petr = await a_stored_customer(fakes, username="petr")
    await fakes.favorites.add(ivan.id, 3)
    await fakes.favorites.add(ivan.id, 1)
    await fakes.favorites.add(petr.id, 2)

    page = await fakes.catalogue.search(StarQuery(favorite_of=ivan.id))

    assert (usernames(page), page.total) == (["ann", "cat"], 2)


async def test_the_fake_catalogue_finds_nobody_for_text_nobody_matches() -> None:
    fakes = await fakes_with_three_stars()

    page = await fakes.catalogue.search(StarQuery(text="земфира"))

    assert page == Page([], 0)


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        (StarOrder.FEATURED, ["bob", "ann", "cat"]),
        (StarOrder.RATING, ["cat", "ann", "bob"]),
        (StarOrder.RATING_DESC, ["bob", "ann", "cat"]),
        (StarOrder.PRICE, ["bob", "cat", "ann"]),
        (StarOrder.PRICE_DESC, ["ann", "cat", "bob"]),
        (StarOrder.LIKES, ["cat", "ann", "bob"]),
        (StarOrder.LIKES_DESC, ["bob", "ann", "cat"]),
        (StarOrder.NEWEST, ["cat", "bob", "ann"]),
    ],
)
async def test_the_fake_catalogue_orders_stars_as_asked(order: StarOrder, expected: list[str]) -> None:
    fakes = await fakes_with_three_stars()

    page = await fakes.catalogue.search(StarQuery(order=order))

    assert usernames(page) == expected


async def test_the_fake_catalogue_orders_stars_of_equal_price_by_id() -> None:
    fakes = Fakes()
    for username in ("first", "second", "third"):
        await a_stored_star(fakes, username=username, price="5000")

    page = await fakes.catalogue.search(StarQuery(order=StarOrder.PRICE_DESC))

    assert usernames(page) == ["first", "second", "third"]


async def test_the_fake_catalogue_pages_from_offset_and_counts_every_match() -> None:
    fakes = Fakes()
    for number in range(5):
        await a_stored_star(fakes, username=f"star{number}")

    page = await fakes.catalogue.search(StarQuery(page=PageRequest(limit=2, offset=2)))

    assert (usernames(page), page.total) == (["star2", "star3"], 5)


async def test_the_fake_catalogue_answers_an_empty_page_past_the_end_with_the_full_count() -> None:
    fakes = await fakes_with_three_stars()

    page = await fakes.catalogue.search(StarQuery(page=PageRequest(limit=10, offset=3)))

    assert (page.items, page.total) == ([], 3)


async def test_the_fake_catalogue_shows_the_public_side_of_a_star() -> None:
    fakes = Fakes()
    await a_stored_star(
        fakes, username="alla", category_id=2, price="15000", tags=("поп",), likes=3, rating_total=14, rating_count=3
    )

    [card] = (await fakes.catalogue.search(StarQuery())).items

    assert (card.username, card.category_id, str(card.price), card.tags) == ("alla", 2, "15000.00", ("поп",))
    assert (card.likes, card.rating_count, str(card.rating), card.top) == (3, 3, "4.7", False)


# Orders


async def test_the_fake_order_repository_numbers_orders_from_one() -> None:
    fakes = Fakes()
    await fakes.orders.add(an_order())

    second = await fakes.orders.add(an_order())

    assert second.id == 2


@pytest.mark.parametrize("for_update", [False, True])
async def test_the_fake_order_repository_reads_an_order_for_update_as_it_reads_it(for_update: bool) -> None:
    fakes = Fakes()
    order = await fakes.orders.add(an_order())

    read = await fakes.orders.get(order.id, for_update=for_update)

    assert (read, read is order) == (order, False)


async def test_the_fake_order_repository_updates_status_payment_and_delivery_only() -> None:
    fakes = Fakes()
    order = await fakes.orders.add(an_order(price="15000"))
    await fakes.uow.commit()
    changed = an_order(price="1", for_whom="Другому", status=OrderStatus.DECLINED, payment_status=PaymentStatus.PENDING)
    changed.id, changed.payment_id, changed.decline_comment = order.id, "pay-1", "Болею"

    await fakes.orders.update(changed)
    await fakes.uow.commit()

    stored = stored_order(fakes, order.id)
    assert (str(stored.price), stored.for_whom) == ("15000.00", "Маме")
    assert (stored.status, stored.decline_reason, stored.decline_comment) == (
        OrderStatus.DECLINED,
        DeclineReason.DECLINED,
        "Болею",
    )
    assert (stored.payment_status, stored.payment_id) == (PaymentStatus.PENDING, "pay-1")


@pytest.mark.parametrize(
    ("customer_id", "star_id", "video", "expected"),
    [(1, 2, "videos/1.mp4", True), (1, 2, None, False), (3, 2, "videos/1.mp4", False), (1, 4, "videos/1.mp4", False)],
    ids=["delivered", "not delivered", "another customer", "another star"],
)
async def test_the_fake_order_repository_knows_what_a_star_delivered_to_a_customer(
    customer_id: int, star_id: int, video: str | None, expected: bool
) -> None:
    fakes = Fakes()
    await fakes.orders.add(an_order(customer_id=customer_id, star_id=star_id, status=OrderStatus.ACCEPTED, video=video))

    delivered = await fakes.orders.has_delivered(1, 2)

    assert delivered is expected


async def test_the_fake_order_queries_list_a_participants_orders_newest_first_with_names() -> None:
    fakes = Fakes()
    alla = await a_stored_star(fakes, username="alla", profession="Певица", avatar="avatars/alla.jpg")
    ivan = await a_stored_customer(fakes, username="ivan", avatar="avatars/ivan.jpg")
    petr = await a_stored_customer(fakes, username="petr")
    first = await a_stored_order(fakes, customer=ivan, star=alla)
    await a_stored_order(fakes, customer=petr, star=alla)
    third = await a_stored_order(fakes, customer=ivan, star=alla)

    page = await fakes.order_queries.of_participant(ivan.id, PageRequest())

    assert ([view.order.id for view in page.items], page.total) == ([third.id, first.id], 2)
    assert (page.items[0].star_username, page.items[0].star_avatar, page.items[0].profession) == (
        "alla",
        "avatars/alla.jpg",
        "Певица",
    )
    assert (page.items[0].customer_username, page.items[0].customer_avatar) == ("ivan", "avatars/ivan.jpg")


async def test_the_fake_order_queries_page_from_offset_and_count_every_order() -> None:
    fakes = Fakes()
    alla = await a_stored_star(fakes)
    ivan = await a_stored_customer(fakes)
    orders = [await a_stored_order(fakes, customer=ivan, star=alla) for _ in range(5)]

    page = await fakes.order_queries.of_participant(alla.id, PageRequest(limit=2, offset=1))

    assert ([view.order.id for view in page.items], page.total) == ([orders[3].id, orders[2].id], 5)


async def test_the_fake_order_queries_show_one_order() -> None:
    fakes = Fakes()
    alla = await a_stored_star(fakes)
    ivan = await a_stored_customer(fakes)
    order = await a_stored_order(fakes, customer=ivan, star=alla)

    view = await fakes.order_queries.view(order.id)

    assert view is not None
    assert (view.order, view.star_username, view.customer_username) == (order, "alla", "ivan")


async def test_the_fake_order_queries_show_no_unknown_order() -> None:
    fakes = Fakes()

    view = await fakes.order_queries.view(1)

    assert view is None


# Likes, favourites, ratings


async def test_the_fake_like_repository_counts_a_new_like_on_the_star() -> None:
    fakes = Fakes()
    star = await a_stored_star(fakes, likes=4)
    customer = await a_stored_customer(fakes)

    added = await fakes.likes.add(customer.id, star.id)
    await fakes.uow.commit()

    assert (added, stored_star(fakes, star.id).likes, fakes.likes.stored()) == (True, 5, {(customer.id, star.id)})


async def test_the_fake_like_repository_answers_false_to_a_duplicate_and_counts_it_not() -> None:
    fakes = Fakes()
    star = await a_stored_star(fakes, likes=4)
    customer = await a_stored_customer(fakes)
    await fakes.likes.add(customer.id, star.id)

    added = await fakes.likes.add(customer.id, star.id)
    await fakes.uow.commit()

    assert (added, stored_star(fakes, star.id).likes, fakes.likes.stored()) == (False, 5, {(customer.id, star.id)})


async def test_the_fake_like_repository_uncounts_a_removed_like() -> None:
    fakes = Fakes()
    star = await a_stored_star(fakes, likes=4)
    customer = await a_stored_customer(fakes)
    await fakes.likes.add(customer.id, star.id)

    removed = await fakes.likes.remove(customer.id, star.id)
    await fakes.uow.commit()

    assert (removed, stored_star(fakes, star.id).likes, fakes.likes.stored()) == (True, 4, set())


async def test_the_fake_like_repository_answers_false_to_removing_a_missing_like() -> None:
    fakes = Fakes()
    star = await a_stored_star(fakes, likes=4)
    customer = await a_stored_customer(fakes)

    removed = await fakes.likes.remove(customer.id, star.id)
    await fakes.uow.commit()

    assert (removed, stored_star(fakes, star.id).likes) == (False, 4)


async def test_the_fake_favorite_repository_adds_a_star_once_per_user() -> None:
    fakes = Fakes()
    await fakes.favorites.add(1, 2)

    added = await fakes.favorites.add(1, 2)
    await fakes.uow.commit()

    assert (added, fakes.favorites.stored()) == (False, {(1, 2)})


async def test_the_fake_favorite_repository_answers_true_to_a_new_favourite() -> None:
    fakes = Fakes()

    added = await fakes.favorites.add(1, 2)

    assert added is True


@pytest.mark.parametrize(("there", "expected"), [(True, True), (False, False)])
async def test_the_fake_favorite_repository_tells_whether_it_removed_anything(there: bool, expected: bool) -> None:
    fakes = Fakes()
    if there:
        await fakes.favorites.add(1, 2)

    removed = await fakes.favorites.remove(1, 2)

    assert removed is expected


async def test_the_fake_rating_repository_keeps_one_rating_per_customer_and_star_and_recounts_the_star() -> None:
    fakes = Fakes()
    star = await a_stored_star(fakes)
    await fakes.ratings.save(1, star.id, RatingScore(5), "")
    await fakes.ratings.save(2, star.id, RatingScore(2), "")
    await fakes.ratings.save(1, 99, RatingScore(1), "")

    replaced = await fakes.ratings.save(1, star.id, RatingScore(3), "Лучше")
    await fakes.uow.commit()

    rated = stored_star(fakes, star.id)
    assert (replaced, rated.rating_total, rated.rating_count, str(rated.rating)) == (False, 5, 2, "2.5")
    assert fakes.ratings.stored()[1, star.id] == StoredRating(3, "Лучше")


# Messages


async def test_the_fake_message_repository_keeps_one_chat_per_pair_whoever_writes() -> None:
    fakes = Fakes()
    first = await fakes.messages.add(1, 2, "Привет", SENT_AT)
    await fakes.messages.add(1, 3, "Здравствуйте", SENT_AT)

    answer = await fakes.messages.add(2, 1, "Привет!", SENT_AT + timedelta(minutes=1))

    assert (answer.chat_id, answer.from_user, answer.id) == (first.chat_id, 2, 3)


async def test_the_fake_message_repository_reads_a_conversation_oldest_first_in_pages() -> None:
    fakes = Fakes()
    for number in range(4):
        await fakes.messages.add(1 + number % 2, 2 - number % 2, f"сообщение {number}", SENT_AT)
    await fakes.messages.add(1, 3, "чужое", SENT_AT)

    page = await fakes.messages.conversation(2, 1, PageRequest(limit=2, offset=1))

    assert ([message.text for message in page.items], page.total) == (["сообщение 1", "сообщение 2"], 4)


async def test_the_fake_message_repository_has_no_conversation_before_the_first_message() -> None:
    fakes = Fakes()
    await fakes.messages.add(1, 2, "Привет", SENT_AT)

    page = await fakes.messages.conversation(1, 3, PageRequest())

    assert (page.items, page.total) == ([], 0)


# Security


def test_the_fake_token_issuer_reads_what_it_issued() -> None:
    tokens = FakeTokenIssuer()

    claims = tokens.read(tokens.issue(7, 3))

    assert claims == TokenClaims(user_id=7, token_version=3)


def test_the_fake_token_issuer_refuses_a_token_it_did_not_issue() -> None:
    with pytest.raises(AuthenticationError):
        FakeTokenIssuer().read("token:7")


@pytest.mark.parametrize(
    ("password_hash", "password", "expected"),
    [(f"hashed:{PASSWORD}", PASSWORD, True), (f"hashed:{PASSWORD}", "other", False), (None, PASSWORD, False)],
    ids=["right password", "wrong password", "no hash"],
)
async def test_the_fake_password_hasher_verifies_its_hashes_and_nothing_without_one(
    password_hash: str | None, password: str, expected: bool
) -> None:
    hasher = FakePasswordHasher()

    verified = await hasher.verify(password_hash, password)

    assert verified is expected


@pytest.mark.parametrize(("password_hash", "expected"), [(f"hashed:{PASSWORD}", False), (f"weak:{PASSWORD}", True)])
def test_the_fake_password_hasher_asks_to_rehash_a_hash_of_another_scheme(password_hash: str, expected: bool) -> None:
    assert FakePasswordHasher().needs_rehash(password_hash) is expected
