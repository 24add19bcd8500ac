"""Reads of pairs, always through the user.

Who sees a pair: its two members; the supervisors of the programme's units and the
organisation admin (never the meeting notes — those are read only through
``pair_for_member``). A draft pair is seen by its supervisors only. Everyone else: 404.
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from mentoring.programmes.models import Language, SignUp
from units.access import user_roles
from units.models import Membership, Shift

from .models import Pair
from .stages import attach_stages


@dataclass(frozen=True)
class PairAccess:
    pair: Pair
    role: str  # "mentor", "actor", "supervisor" or "org_admin"

    @property
    def is_member(self) -> bool:
        return self.role in ("mentor", "actor")


def _base() -> QuerySet[Pair]:
    return Pair.objects.select_related(
        "programme", "mentor__user", "actor__user", "mentor__unit", "actor__unit"
    )


def pairs_of_member(*, user) -> QuerySet[Pair]:
    """The pairs the user belongs to, published or later."""
    return (
        _base().filter(Q(mentor__user=user) | Q(actor__user=user)).exclude(status=Pair.Status.DRAFT)
    )


def pairs_overseen_by(*, user) -> QuerySet[Pair]:
    roles = user_roles(user)
    return (
        _base()
        .filter(
            Q(programme__units__in=roles.supervised_unit_ids)
            # The organisation admin follows pairs once they are published, not the drafts.
            | (
                Q(programme__organisation_id__in=roles.admin_organisation_ids)
                & ~Q(status=Pair.Status.DRAFT)
            )
        )
        .distinct()
    )


def member_role(*, pair: Pair, user) -> str | None:
    """'mentor' or 'actor' if ``user`` is one of the pair's two members, else None."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if pair.mentor.user_id == user.pk:
        return "mentor"
    if pair.actor.user_id == user.pk:
        return "actor"
    return None


def pair_for_member(*, user, pair_id) -> Pair:
    """The pair, if the user is one of its two members. Use for anything holding notes."""
    pair = pairs_of_member(user=user).filter(pk=pair_id).first()
    if pair is None:
        raise Http404
    return pair


def pair_for_viewer(*, user, pair_id) -> PairAccess:
    pair = pairs_of_member(user=user).filter(pk=pair_id).first()
    if pair is not None:
        return PairAccess(pair, "mentor" if pair.mentor.user_id == user.pk else "actor")
    pair = pairs_overseen_by(user=user).filter(pk=pair_id).first()
    if pair is None:
        raise Http404
    roles = user_roles(user)
    supervises = bool(
        set(pair.programme.units.values_list("id", flat=True)) & roles.supervised_unit_ids
    )
    return PairAccess(pair, "supervisor" if supervises else "org_admin")


# --- The supervisor's pairs board -------------------------------------------------------------


def pairs_of_programme(*, programme) -> QuerySet[Pair]:
    return _base().filter(programme=programme).order_by("created_at", "pk")


def pair_for_supervisor(*, user, pair_id) -> Pair:
    """A pair of a programme run by the user as a supervisor of one of its units; else 404."""
    pair = (
        _base()
        .filter(pk=pair_id, programme__units__in=user_roles(user).supervised_unit_ids)
        .distinct()
        .first()
    )
    if pair is None:
        raise Http404
    return pair


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
    places_used = (
        live.filter(mentor_id=OuterRef("pk"))
        .values("mentor_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    signups = list(
        SignUp.objects.filter(programme=programme, status=SignUp.Status.ACTIVE)
        .select_related("user", "unit")
        .prefetch_related("themes")
        .annotate(
            job_title=Subquery(job_title),
            places_used=Coalesce(Subquery(places_used[:1], output_field=IntegerField()), 0),
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


def pairs_board(*, programme) -> dict:
    """Everything the pairs board shows, in a constant number of queries: mentors, actors
    (those without a mentor first), the unpaired actors, draft and published pairs (with
    their stage)."""
    signups = board_signups(programme=programme)
    actors = sorted((s for s in signups if s.role == SignUp.Role.ACTOR), key=lambda a: a.paired)
    pairs = attach_stages(pairs_of_programme(programme=programme))
    return {
        "programme": programme,
        "mentors": [s for s in signups if s.role == SignUp.Role.MENTOR],
        "actors": actors,
        "unpaired_actors": [a for a in actors if not a.paired],
        "drafts": [p for p in pairs if p.status == Pair.Status.DRAFT],
        "published": [p for p in pairs if p.status != Pair.Status.DRAFT],
    }
