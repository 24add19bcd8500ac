"""Erasing a person, as far as pairs hold them: drafts that include them are undone (nobody
was told of a draft yet); published and concluded pairs stay, with the person anonymised."""

from mentoring.core.audit import audit_log

from .access import member_any_status_q
from .models import Pair


def drafts_undo_for_person(*, user, by) -> None:
    for pair in Pair.objects.filter(member_any_status_q(user), status=Pair.Status.DRAFT):
        audit_log(
            actor=by,
            action="pair.undo",
            obj=pair.programme,
            pair=str(pair.pk),
            mentor_signup=str(pair.mentor_id),
            actor_signup=str(pair.actor_id),
            erasure=True,
        )
        pair.delete()


def pairs_with_both_erased(*, user) -> list[Pair]:
    """The person's pairs whose other member has been erased too: their shared texts now
    belong to nobody who could read them."""
    return list(
        Pair.objects.filter(member_any_status_q(user)).filter(
            mentor__user__erased_at__isnull=False, actor__user__erased_at__isnull=False
        )
    )
