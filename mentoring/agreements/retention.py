"""Retention of the texts of a pair's agreement (GDPR art. 5(1)(e)).

What stays: every version with its dates, rhythm, planned meetings, evaluation date and who
accepted it when, and each goal as a row (goal outcomes and meeting logs point at it and are
counted in reports); only the words go.
"""

from django.db.models import Q

from mentoring.core.batches import update_in_batches
from mentoring.pairs.models import Pair

from .models import Agreement, Goal

# A goal's text cannot be empty (a check constraint): an erased goal reads as a dash.
ERASED_GOAL = "—"


def _of_concluded(prefix: str, concluded_before) -> Q:
    return Q(
        **{
            f"{prefix}pair__status": Pair.Status.CONCLUDED,
            f"{prefix}pair__concluded_at__lt": concluded_before,
        }
    )


def agreements_erase_texts_before(*, concluded_before, batch_size: int = 500) -> dict:
    """Blank the usual place and time, the practice of moving meetings, the confidentiality
    text and the goals of every agreement version of pairs concluded before the moment.
    Returns how many agreements and goals changed (0 and 0 when run again)."""
    agreements = Agreement.objects.filter(_of_concluded("", concluded_before)).filter(
        ~Q(usual_place="") | ~Q(usual_time="") | ~Q(moving_practice="") | ~Q(confidentiality="")
    )
    goals = Goal.objects.filter(_of_concluded("agreement__", concluded_before)).exclude(
        text=ERASED_GOAL
    )
    return {
        "agreements": update_in_batches(
            agreements,
            batch_size=batch_size,
            usual_place="",
            usual_time="",
            moving_practice="",
            confidentiality="",
        ),
        "goals": update_in_batches(goals, batch_size=batch_size, text=ERASED_GOAL),
    }
