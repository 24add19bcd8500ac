"""A person's meetings for their calendar feed (``/calendar/feed/<token>.ics``).

As a member: the meetings of their own pairs that are planned or held (cancelled ones drop
out of the calendar), with the place. As a supervisor: the planned or held meetings whose
time stands (approved, or needing no approval) of pairs with a member in a unit they
supervise, read from the columns in ``FEED_SAFE_FIELDS`` only: no place, no names, nothing
the pair wrote. Two queries whatever the number of meetings.
"""

from django.db.models import Q

from mentoring.pairs.access import member_q
from mentoring.pairs.models import Pair
from units.access import units_supervised_by

from .models import Meeting

SHOWN = (Meeting.Status.PLANNED, Meeting.Status.HELD)
FEED_SAFE_FIELDS = (
    "id",
    "kind",
    "status",
    "starts_at",
    "ends_at",
    "approval",
    "times_moved",
    "pair__id",
    "pair__programme__id",
    "pair__programme__name",
)


def feed_meetings(*, user) -> tuple[list[Meeting], list[Meeting]]:
    """(the user's own meetings, the meetings of the pairs they supervise), earliest first."""
    own = list(
        Meeting.objects.filter(member_q(user, via="pair__"), status__in=SHOWN)
        .select_related("pair__programme", "pair__mentor__user", "pair__actor__user")
        .order_by("starts_at")
    )
    units = units_supervised_by(user=user)
    supervised = list(
        Meeting.objects.filter(
            Q(pair__mentor__unit__in=units) | Q(pair__actor__unit__in=units),
            pair__status__in=(*Pair.RUNNING, Pair.Status.CONCLUDED),
            status__in=SHOWN,
            approval__in=(Meeting.Approval.APPROVED, Meeting.Approval.NOT_NEEDED),
        )
        .exclude(Q(pair__mentor__user=user) | Q(pair__actor__user=user))
        .select_related("pair__programme")
        .only(*FEED_SAFE_FIELDS)
        .order_by("starts_at")
    )
    return own, supervised
