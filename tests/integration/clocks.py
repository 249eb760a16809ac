from datetime import datetime, timedelta

from adapters.system_clock import SystemClock


class FakeClock(SystemClock):
    """The system clock moved on by `shift`: a test lets hours pass in an instant."""

    def __init__(self) -> None:
        self.shift = timedelta(0)

    def now(self) -> datetime:
        return super().now() + self.shift
