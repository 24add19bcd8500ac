"""Reads for the supervisor's dashboard and the hours export.

What a supervisor may follow: that a meeting happened, when, and how long (it is working
time). Never what was said: nothing here touches MeetingLog, not even in a join.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from mentoring.core.hours import hours_from_minutes
from mentoring.meetings.models import Meeting
from mentoring.pairs.models import Pair
from mentoring.pairs.selectors import pairs_of_programme
from mentoring.path.selectors import stage_counts, with_path
from mentoring.path.state import Stage


@dataclass(frozen=True)
class HoursRow:
    person: str
    email: str
    unit: str
    month: dt.date
    meetings: int
    minutes: int

    @property
    def hours(self) -> Decimal:
        return hours_from_minutes(self.minutes)


def dashboard_pairs(*, programme, now: dt.datetime | None = None) -> list[Pair]:
    """Every pair of the programme with ``pair.stage``; lapsed pairs first, then by stage."""
    pairs = with_path(pairs_of_programme(programme=programme), now=now)
    order = {
        code: i for i, code in enumerate((Stage.EVALUATION_DUE, Stage.MEETINGS, Stage.AGREEMENT))
    }
    pairs.sort(key=lambda p: (not p.stage.lapsed, order.get(p.stage.code, 9)))
    return pairs


def hours_by_person_and_month(*, programme) -> list[HoursRow]:
    """Held meetings and their minutes per person, unit and month (local time), in two
    aggregate queries: a meeting counts for both its mentor and its actor."""
    held = Meeting.objects.filter(pair__programme=programme, status=Meeting.Status.HELD).annotate(
        month=TruncMonth("starts_at", tzinfo=timezone.get_default_timezone())
    )
    totals: dict[tuple, list] = {}
    for side in ("mentor", "actor"):
        rows = (
            held.values(
                "month",
                f"pair__{side}__user_id",
                f"pair__{side}__user__name",
                f"pair__{side}__user__email",
                f"pair__{side}__unit__name",
            )
            .annotate(meetings=Count("pk"), minutes=Sum("held_minutes"))
            .order_by()
        )
        for row in rows:
            month = row["month"]
            month = month.date() if isinstance(month, dt.datetime) else month
            key = (
                row[f"pair__{side}__user_id"],
                row[f"pair__{side}__unit__name"],
                month,
            )
            entry = totals.setdefault(
                key, [row[f"pair__{side}__user__name"], row[f"pair__{side}__user__email"], 0, 0]
            )
            entry[2] += row["meetings"]
            entry[3] += row["minutes"] or 0
    result = [
        HoursRow(
            person=name, email=email, unit=unit, month=month, meetings=meetings, minutes=minutes
        )
        for (_user, unit, month), (name, email, meetings, minutes) in totals.items()
    ]
    result.sort(key=lambda r: (r.person.casefold(), r.email, r.month, r.unit))
    return result


def dashboard_context(*, programme, now: dt.datetime | None = None) -> dict:
    pairs = dashboard_pairs(programme=programme, now=now)
    hours = hours_by_person_and_month(programme=programme)
    return {
        "programme": programme,
        "pairs": pairs,
        "stage_counts": [(Stage.LABELS[code], n) for code, n in stage_counts(pairs).items()],
        "lapsed_count": sum(1 for p in pairs if p.stage.lapsed),
        "hours": hours,
        "total_minutes": sum(r.minutes for r in hours),
    }
