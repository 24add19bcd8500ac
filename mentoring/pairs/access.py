"""Who is in a pair and who may see it: the one place that decides, built on the roles of
``units.access`` and on "runs this programme" of ``mentoring.programmes.access``.

Who sees a pair: its two members; the supervisors of the programme's units and the
organisation admin (never the meeting notes — those are read only through
``pair_for_member``). A draft pair is seen by its supervisors only. Everyone else: 404.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from mentoring.core.audit import audit_read
from mentoring.programmes.access import run_by, user_supervises
from units.access import user_roles

from .models import Pair


@dataclass(frozen=True)
class PairAccess:
    pair: Pair
    role: str  # "mentor", "actor", "supervisor" or "org_admin"

    @property
    def is_member(self) -> bool:
        return self.role in ("mentor", "actor")


def pairs_with_people() -> QuerySet[Pair]:
    """Pairs with their programme, members and members' units loaded."""
    return Pair.objects.select_related(
        "programme", "mentor__user", "actor__user", "mentor__unit", "actor__unit"
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


def pair_ids_of(user) -> QuerySet:
    """The ids of the user's pairs, any status, as two indexed lookups (pairs where they are
    the mentor, pairs where they are the actor) joined by UNION. "Mentor or actor" written as
    one OR filter makes the database join every pair to every sign-up twice, so a person's
    own pages grew with the whole organisation (issue 13)."""
    as_mentor = Pair.objects.filter(mentor__user=user).order_by().values("pk")
    as_actor = Pair.objects.filter(actor__user=user).order_by().values("pk")
    return as_mentor.union(as_actor)


def member_q(user, *, via: str = "") -> Q:
    """Rows whose pair (at ``via``, e.g. ``"pair__"`` for meetings) has the user as one of its
    two members and is published (a draft is not theirs to see yet)."""
    return member_any_status_q(user, via=via) & ~Q(**{f"{via}status": Pair.Status.DRAFT})


def member_any_status_q(user, *, via: str = "") -> Q:
    """Rows whose pair has the user as one of its two members, drafts included: for what is
    done about the person (their data, its erasure), never for what they may see."""
    return Q(**{f"{via}pk__in": pair_ids_of(user)})


def pairs_of_member(*, user) -> QuerySet[Pair]:
    """The pairs the user belongs to, published or later."""
    return pairs_with_people().filter(member_q(user))


def pairs_overseen_by(*, user) -> QuerySet[Pair]:
    return pairs_with_people().filter(
        run_by(user=user)
        # The organisation admin follows pairs once they are published, not the drafts.
        | (
            Q(programme__organisation_id__in=user_roles(user).admin_organisation_ids)
            & ~Q(status=Pair.Status.DRAFT)
        )
    )


def overseer_opens(*, pair: Pair, supervises: bool) -> bool:
    """Whether an overseer of the pair's programme may open the pair's page: its supervisors
    always, the organisation admin once it is published (the rule of ``pairs_overseen_by``,
    for a page that lists a programme's pairs and must link only what opens)."""
    return supervises or pair.status != Pair.Status.DRAFT


# --- One pair, fetched through the user: anyone else gets 404 ---------------------------------


def pair_for_member(*, user, pair_id) -> Pair:
    """The pair, if the user is one of its two members. Use for anything holding notes."""
    pair = pairs_of_member(user=user).filter(pk=pair_id).first()
    if pair is None:
        raise Http404
    return pair


def pair_for_viewer(*, user, pair_id) -> PairAccess:
    pair = pairs_of_member(user=user).filter(pk=pair_id).first()
    if pair is not None:
        return PairAccess(pair, member_role(pair=pair, user=user))
    pair = pairs_overseen_by(user=user).filter(pk=pair_id).first()
    if pair is None:
        raise Http404
    supervises = user_supervises(user=user, programme=pair.programme)
    return PairAccess(pair, "supervisor" if supervises else "org_admin")


def pair_for_supervisor(*, user, pair_id) -> Pair:
    """A pair of a programme run by the user as a supervisor of one of its units; else 404."""
    pair = pairs_with_people().filter(run_by(user=user), pk=pair_id).first()
    if pair is None:
        raise Http404
    return pair


def log_overseer_read(*, access: PairAccess, user, action: str = "pair.read") -> None:
    """A supervisor or the organisation admin opened a page of a pair they are not in: the
    audit log says who, which pair and in which role (one INSERT). A member reading their own
    pair is not logged."""
    if not access.is_member:
        audit_read(actor=user, action=action, obj=access.pair, role=access.role)
