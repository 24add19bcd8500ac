"""Retention of the free texts of a pair's evaluations (GDPR art. 5(1)(e)).

The ratings, decisions and goal outcomes stay: the reports aggregate them. Only what a member
wrote in their own words goes: what mentoring gave to their work and to the unit, and the
new goals they proposed.
"""

from django.db.models import Q

from mentoring.core.batches import update_in_batches
from mentoring.pairs.models import Pair

from .models import Evaluation


def evaluations_erase_texts_before(*, concluded_before, batch_size: int = 500) -> int:
    """Blank the free texts of every evaluation of pairs concluded before the moment; the
    number of evaluations changed (0 when run again)."""
    evaluations = Evaluation.objects.filter(
        pair__status=Pair.Status.CONCLUDED, pair__concluded_at__lt=concluded_before
    ).filter(~Q(own_work="") | ~Q(unit_work="") | ~Q(new_goals=[]))
    return update_in_batches(
        evaluations, batch_size=batch_size, own_work="", unit_work="", new_goals=[]
    )
