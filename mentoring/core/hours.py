"""Mentoring hours as people read them: one rounding and one format for every page and export.

Minutes become hours with two decimals, rounded half up (45 minutes is 0.75, 55 minutes is
0.92), so the report, the dashboard and the CSV show the same figure; templates print the
Decimal as it is, which Django localises ("0,75" in Finnish and Swedish).
"""

from decimal import ROUND_HALF_UP, Decimal

_TWO_DECIMALS = Decimal("0.01")


def hours_from_minutes(minutes: int) -> Decimal:
    return (Decimal(minutes or 0) / 60).quantize(_TWO_DECIMALS, rounding=ROUND_HALF_UP)
