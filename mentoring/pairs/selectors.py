"""Reads of pairs for the supervisor's board. Who may see a pair is decided in ``.access``."""

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from mentoring.core.counting import count_per_row
from mentoring.programmes.models import Language, SignUp
from units.models import Membership, Shift

from .access import member_any_status_q, pairs_with_people
from .models import Pair


def pairs_of_programme(*, programme) -> QuerySet[Pair]:
    return pairs_with_people().filter(programme=programme).order_by("created_at", "pk")


def _labels(keys, choices) -> list[str]:
    labels = dict(choices)
    return [str(labels.get(k, k)) for k in keys or ()]


def board_signups(*, programme) -> list[SignUp]:
    """Active sign-ups of the programme for the board, in one query plus one for themes.

    Each carries ``job_title`` (of the unit they signed up from), ``places_used`` (live pairs
    as a mentor), ``paired`` (has a live pair as an actor), and ``shift_labels`` /
    ``language_labels`` for display."""
    live = Pair.objects.filter(status__in=Pair.LIVE).order_by()
    job_title = Membership.objects.filter(
        user_id=OuterRef("user_id"), unit_id=OuterRef("unit_id")
    ).values("job_title")[:1]
    signups = list(
        SignUp.objects.filter(programme=programme, status=SignUp.Status.ACTIVE)
        .select_related("user", "unit")
        .prefetch_related("themes")
        .annotate(
            job_title=Subquery(job_title),
            places_used=count_per_row(live, link="mentor"),
            paired=Exists(live.filter(actor_id=OuterRef("pk"))),
            concluded=Exists(
                Pair.objects.filter(actor_id=OuterRef("pk"), status=Pair.Status.CONCLUDED)
            ),
        )
        .order_by("user__name", "pk")
    )
    for signup in signups:
        # An actor whose mentoring has concluded in this programme is not waiting for a mentor.
        signup.paired = signup.paired or signup.concluded
        signup.shift_labels = _labels(signup.shifts, Shift.choices)
        signup.language_labels = _labels(signup.languages, Language.choices)
        signup.places_free = max((signup.capacity or 0) - signup.places_used, 0)
    return signups


def pairs_holding(signup) -> QuerySet[Pair]:
    """The pairs that hold a sign-up (a pk or an ``OuterRef``): every pair not concluded.
    Registered with ``programmes.hooks`` so that a sign-up in a pair cannot change."""
    return Pair.objects.filter(Q(mentor=signup) | Q(actor=signup), status__in=Pair.LIVE)


def running_pairs_of_person(*, user) -> QuerySet[Pair]:
    """The person's published or active pairs (what a self-erasure waits for). Not drafts:
    the person cannot see one yet, so it must not show, and an erasure undoes it anyway."""
    return Pair.objects.filter(member_any_status_q(user), status__in=Pair.RUNNING)


def pair_ids_with_member_in(*, unit) -> QuerySet:
    """The ids of pairs with a member in ``unit``: pairs whose mentor works there UNION pairs
    whose actor does, two indexed lookups instead of an OR over both sign-ups that joins every
    pair of the organisation (issue 13)."""
    by_mentor = Pair.objects.filter(mentor__unit=unit).order_by().values("pk")
    by_actor = Pair.objects.filter(actor__unit=unit).order_by().values("pk")
    return by_mentor.union(by_actor)
