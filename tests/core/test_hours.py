from decimal import Decimal

import pytest

from mentoring.core.hours import hours_from_minutes


@pytest.mark.parametrize(
    "minutes, hours",
    [(0, "0.00"), (45, "0.75"), (50, "0.83"), (55, "0.92"), (3, "0.05"), (155, "2.58")],
)
def test_minutes_become_hours_with_two_decimals_rounded_half_up(minutes, hours):
    assert hours_from_minutes(minutes) == Decimal(hours)
    assert str(hours_from_minutes(minutes)) == hours
