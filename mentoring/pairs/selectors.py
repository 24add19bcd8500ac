"""Reads of pairs, always through the user.

Who sees a pair: its two members; the supervisors of the programme's units and the
organisation admin (never the meeting notes — those are read only through
``pair_for_member``). A draft pair is seen by its supervisors only. Everyone else: 404.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from units.selectors import user_roles

from .models import Pair


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
            | Q(programme__organisation_id__in=roles.admin_organisation_ids)
        )
        .distinct()
    )


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
