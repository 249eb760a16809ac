"""Random sequences of actions by random actors drive one order; a small model of the rules, written here apart from
the domain, says what each action must do. No sequence may reach a state the rules forbid."""

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from domain.errors import (
    AlreadyDeliveredError,
    ConflictError,
    DomainError,
    IllegalPaymentTransitionError,
    InvalidValueError,
    NotYourOrderError,
    OrderNotAcceptedError,
    OrderNotNewError,
    PaymentNotHeldError,
)
from domain.order import Order, OrderStatus, PaymentReport, PaymentStatus
from tests.unit.factories import an_order
from tests.unit.fakes import NOW

CUSTOMER, STAR, STRANGER = 1, 2, 3
DELIVERED_AT = NOW

# Where the money may go next, as API.md tells it; after a cancelled payment the customer may pay again.
MONEY_MOVES: dict[str, set[str]] = {
    "none": {"pending"},
    "pending": {"held", "canceled"},
    "held": {"captured", "canceled"},
    "captured": set(),
    "canceled": {"pending"},
}

# Reasons a star may give with a decline, and the comment each must leave (None: the reason is refused).
REASONS: dict[str | None, str | None] = {
    None: "",
    "": "",
    "  Болею  ": "Болею",
    "Болею,\nизвините": "Болею,\nизвините",
    "я" * 500: "я" * 500,
    "я" * 501: None,
    "Болею\x00": None,
}

actors = st.sampled_from([CUSTOMER, STAR, STRANGER])


@dataclass
class OrderModel:
    status: int = 0
    reason: str | None = None
    comment: str = ""
    payment: str = "none"
    payment_id: str = ""
    video: str | None = None


class OrderMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.order: Order = an_order(customer_id=CUSTOMER, star_id=STAR)
        self.model = OrderModel()
        self.decided_status: OrderStatus | None = None
        self.first_video: str | None = None
        self.payment_when_accepted: PaymentStatus | None = None
        self.last_payment = self.order.payment_status

    def attempt(self, action: Callable[[], object], refusal: type[DomainError] | None) -> object:
        """Runs the action; a refused one must raise exactly the refusal the model expects and change nothing."""
        before = dataclasses.replace(self.order)
        answer: object = None
        error: DomainError | None = None
        try:
            answer = action()
        except DomainError as raised:
            error = raised

        if error is None:
            assert refusal is None, f"expected {refusal}, the action passed"
        else:
            assert type(error) is refusal, f"expected {refusal}, got {error!r}"
            assert self.order == before
        return answer

    @rule(actor=actors)
    def accept(self, actor: int) -> None:
        refusal: type[DomainError] | None = None
        if actor != STAR:
            refusal = NotYourOrderError
        elif self.model.status != 0:
            refusal = OrderNotNewError
        elif self.model.payment != "held":
            refusal = PaymentNotHeldError
        payment_before = self.order.payment_status

        self.attempt(lambda: self.order.accept(actor), refusal)

        if refusal is None:
            self.model.status = 1
            self.payment_when_accepted = payment_before

    @rule(actor=actors, reason=st.sampled_from(list(REASONS)))
    def decline(self, actor: int, reason: str | None) -> None:
        refusal: type[DomainError] | None = None
        if actor != STAR:
            refusal = NotYourOrderError
        elif self.model.status != 0:
            refusal = OrderNotNewError
        elif REASONS[reason] is None:
            refusal = InvalidValueError

        self.attempt(lambda: self.order.decline(actor, reason), refusal)

        if refusal is None:
            self.model.status, self.model.reason, self.model.comment = -1, "declined", REASONS[reason] or ""

    @rule(actor=actors)
    def cancel(self, actor: int) -> None:
        refusal: type[DomainError] | None = None
        if actor != CUSTOMER:
            refusal = NotYourOrderError
        elif self.model.status != 0:
            refusal = OrderNotNewError

        self.attempt(lambda: self.order.cancel(actor), refusal)

        if refusal is None:
            self.model.status, self.model.reason = -1, "cancelled"

    @rule()
    def expire(self) -> None:
        refusal = OrderNotNewError if self.model.status != 0 else None

        self.attempt(self.order.expire, refusal)

        if refusal is None:
            self.model.status, self.model.reason = -1, "expired"

    @rule(
        actor=actors,
        video=st.sampled_from(["videos/first.mp4", "videos/second.mp4"]),
    )
    def deliver(self, actor: int, video: str) -> None:
        refusal: type[DomainError] | None = None
        if actor != STAR:
            refusal = NotYourOrderError
        elif self.model.status != 1:
            refusal = OrderNotAcceptedError
        elif self.model.payment != "captured":
            refusal = PaymentNotHeldError
        elif self.model.video is not None:
            refusal = AlreadyDeliveredError

        self.attempt(lambda: self.order.deliver(actor, video, DELIVERED_AT), refusal)

        if refusal is None:
            self.model.video = video

    @rule(wanted=st.sampled_from(list(PaymentStatus)), payment_id=st.sampled_from([None, "pay-1", "pay-2"]))
    def move_payment(self, wanted: PaymentStatus, payment_id: str | None) -> None:
        stays = wanted.value == self.model.payment
        off_the_edges = wanted.value not in MONEY_MOVES[self.model.payment]
        captured_unaccepted = wanted.value == "captured" and self.model.status != 1
        released_when_accepted = wanted.value == "canceled" and self.model.status == 1
        held_when_decided = wanted.value in ("pending", "held") and self.model.status != 0
        illegal = not stays and (off_the_edges or captured_unaccepted or released_when_accepted or held_when_decided)
        refusal = IllegalPaymentTransitionError if illegal else None

        moved = self.attempt(lambda: self.order.move_payment(wanted, payment_id), refusal)

        if refusal is None:
            assert moved is not stays
        if refusal is None and not stays:
            self.model.payment = wanted.value
            self.model.payment_id = self.model.payment_id if payment_id is None else payment_id

    @rule(data=st.data(), payment_id=st.sampled_from([None, "pay-3"]))
    def move_payment_along_an_edge(self, data: st.DataObject, payment_id: str | None) -> None:
        """Mostly the moves the model allows, so that chains such as pending, held, captured come up often."""
        wanted = data.draw(st.sampled_from(sorted(MONEY_MOVES[self.model.payment] or {"none"})))

        self.move_payment(PaymentStatus(wanted), payment_id)

    @rule(
        status=st.sampled_from(
            [PaymentStatus.PENDING, PaymentStatus.HELD, PaymentStatus.CAPTURED, PaymentStatus.CANCELED]
        ),
        current=st.booleans(),
    )
    def the_provider_reports(self, status: PaymentStatus, current: bool) -> None:
        """What the provider says about this order's payment (or another attempt's) — in any order, any
        number of times. The model only checks what must hold whatever the provider says."""
        payment_id = self.order.payment_id if current else "pay-earlier"
        report = PaymentReport(payment_id, status, self.order.price, self.order.id, expires_at=NOW)
        before = dataclasses.replace(self.order)

        captured_legally = (self.model.status, self.model.payment) in {(1, "held"), (1, "captured"), (0, "held")}
        released_legally = self.model.status != 1 and self.model.payment in {"pending", "held", "canceled"}
        contradicts = current and (
            (status is PaymentStatus.CAPTURED and not captured_legally)
            or (status is PaymentStatus.CANCELED and not released_legally)
        )

        try:
            release = self.order.settle(report, NOW)
        except ConflictError:
            assert contradicts, f"{status} for {self.model} refused"
            assert self.order == before
            return
        assert not contradicts, f"{status} for {self.model} applied"

        assert release is (status is PaymentStatus.HELD and (not current or self.model.status == -1))
        if payment_id != before.payment_id or release:
            assert dataclasses.replace(self.order, payment_checked_at=None) == dataclasses.replace(
                before, payment_checked_at=None
            )
        if status is PaymentStatus.CAPTURED and current and self.model.status == 0:
            self.payment_when_accepted = before.payment_status  # the lost accept, found
        self.model.status = int(self.order.status)
        self.model.payment = self.order.payment_status.value

    @invariant()
    def the_order_is_what_the_model_says(self) -> None:
        order = self.order
        reason = None if order.decline_reason is None else order.decline_reason.value
        assert (int(order.status), reason, order.decline_comment) == (
            self.model.status,
            self.model.reason,
            self.model.comment,
        )
        assert (order.payment_status.value, order.payment_id, order.video) == (
            self.model.payment,
            self.model.payment_id,
            self.model.video,
        )

    @invariant()
    def the_status_is_new_accepted_or_declined(self) -> None:
        assert int(self.order.status) in {-1, 0, 1}

    @invariant()
    def a_decline_reason_is_set_exactly_when_declined(self) -> None:
        assert (self.order.decline_reason is not None) == (self.order.status is OrderStatus.DECLINED)

    @invariant()
    def the_status_never_changes_once_it_left_new(self) -> None:
        if self.decided_status is not None:
            assert self.order.status is self.decided_status
        elif self.order.status is not OrderStatus.NEW:
            self.decided_status = self.order.status

    @invariant()
    def a_video_belongs_to_an_accepted_order_and_never_changes(self) -> None:
        if self.order.video is not None:
            assert self.order.status is OrderStatus.ACCEPTED
            assert self.order.delivered_at == DELIVERED_AT
        if self.first_video is not None:
            assert self.order.video == self.first_video
        self.first_video = self.order.video

    @invariant()
    def money_is_captured_for_an_accepted_order_only(self) -> None:
        if self.order.payment_status is PaymentStatus.CAPTURED:
            assert self.order.status is OrderStatus.ACCEPTED

    @invariant()
    def an_order_is_accepted_with_its_money_held(self) -> None:
        if self.payment_when_accepted is not None:
            assert self.payment_when_accepted is PaymentStatus.HELD
            # Held when accepted, and since then captured or still held: an accepted order's money is never released.
            assert self.order.payment_status in {PaymentStatus.HELD, PaymentStatus.CAPTURED}

    @invariant()
    def the_payment_moves_along_the_legal_edges_only(self) -> None:
        current = self.order.payment_status
        assert current is self.last_payment or current.value in MONEY_MOVES[self.last_payment.value]
        self.last_payment = current

    @invariant()
    def a_delivered_order_is_captured(self) -> None:
        if self.order.video is not None:
            assert self.order.payment_status is PaymentStatus.CAPTURED

    @invariant()
    def money_to_release_means_declined_with_money_pending_or_held(self) -> None:
        expected = self.model.status == -1 and self.model.payment in ("pending", "held")
        assert self.order.holds_money_to_release is expected


OrderMachine.TestCase.settings = settings(max_examples=200, stateful_step_count=30, deadline=None)
TestOrderMachine = OrderMachine.TestCase
