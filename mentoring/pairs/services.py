"""Forming and publishing pairs. Every change checks its transition, runs in a transaction
and leaves an audit entry."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.core.audit import audit_log
from mentoring.core.emails import send_templated_email
from mentoring.core.errors import DomainError
from mentoring.programmes.models import SignUp
from units.models import Membership
from units.selectors import user_roles

from .models import Pair


def _require_supervisor(*, user, programme) -> None:
    unit_ids = {u.id for u in programme.units.all()}
    if not unit_ids & user_roles(user).supervised_unit_ids:
        raise DomainError(_("Only the supervisor of the programme's unit can do this."))


def pair_create(*, programme, mentor: SignUp, actor: SignUp, by) -> Pair:
    """Pair a mentor with an actor as a draft.

    1. Lock the mentor's sign-up row, so concurrent pairings of the same mentor queue up.
    2. Take the lowest free place of the mentor (1..capacity).
    3. Insert; the database refuses a second live pair for the actor or a taken place.
    """
    _require_supervisor(user=by, programme=programme)
    if mentor.programme_id != programme.id or actor.programme_id != programme.id:
        raise DomainError(_("Both people must have signed up for this programme."))
    if mentor.role != SignUp.Role.MENTOR or actor.role != SignUp.Role.ACTOR:
        raise DomainError(_("Pair a mentor with an actor."))
    if mentor.user_id == actor.user_id:
        raise DomainError(_("A person cannot mentor themselves."))
    try:
        with transaction.atomic():
            locked = (
                SignUp.objects.select_for_update()
                .filter(pk__in=[mentor.pk, actor.pk], status=SignUp.Status.ACTIVE)
                .order_by("pk")
            )
            rows = {s.pk: s for s in locked}
            if len(rows) != 2:
                raise DomainError(_("One of them has withdrawn from the programme."))
            mentor = rows[mentor.pk]
            if Pair.objects.filter(actor=actor, status__in=Pair.LIVE).exists():
                raise DomainError(_("%(name)s already has a mentor.") % {"name": actor.user.name})
            taken = set(
                Pair.objects.filter(mentor=mentor, status__in=Pair.LIVE).values_list(
                    "mentor_slot", flat=True
                )
            )
            free = [n for n in range(1, (mentor.capacity or 0) + 1) if n not in taken]
            if not free:
                raise DomainError(
                    _("%(name)s has no room for another actor.") % {"name": mentor.user.name}
                )
            pair = Pair.objects.create(
                programme=programme,
                mentor=mentor,
                actor=actor,
                mentor_slot=free[0],
                created_by=by,
            )
            audit_log(actor=by, action="pair.create", obj=pair)
    except IntegrityError as exc:
        # Another supervisor paired the same actor, or took the same place, a moment ago.
        raise DomainError(
            _("Someone else changed these pairs at the same moment. Reload the page and try again.")
        ) from exc
    return pair


def pair_undo(*, pair: Pair, by) -> None:
    """Remove a draft pair. Published pairs cannot be undone."""
    _require_supervisor(user=by, programme=pair.programme)
    with transaction.atomic():
        deleted, _rows = Pair.objects.filter(pk=pair.pk, status=Pair.Status.DRAFT).delete()
        if not deleted:
            raise DomainError(_("This pair has already been published and cannot be undone."))
        audit_log(actor=by, action="pair.undo", obj=pair.programme, pair=str(pair.pk))


def pair_publish(*, pair: Pair, by) -> Pair:
    """Publish a draft pair and tell both members about each other.

    The introductions are reminder rows written in this transaction (so they exist exactly
    when the pair is published) and queued after commit; the reminders' sender renders the
    ``pair_published`` email. A broker outage delays them and loses nothing.
    """
    from mentoring.reminders.services import reminders_for_pair_published

    _require_supervisor(user=by, programme=pair.programme)
    with transaction.atomic():
        now = timezone.now()
        updated = Pair.objects.filter(pk=pair.pk, status=Pair.Status.DRAFT).update(
            status=Pair.Status.PUBLISHED, published_at=now
        )
        if not updated:
            raise DomainError(_("This pair has already been published."))
        pair.status, pair.published_at = Pair.Status.PUBLISHED, now
        audit_log(actor=by, action="pair.publish", obj=pair)
        reminders_for_pair_published(pair=pair, now=now)
    return pair


def pair_send_introductions(*, pair: Pair) -> None:
    """Email each member the other's details, the first-meeting checklist and the pair page."""
    pair = Pair.objects.select_related("programme", "mentor__user", "actor__user").get(pk=pair.pk)
    titles = dict(
        Membership.objects.filter(
            user_id__in=[pair.mentor.user_id, pair.actor.user_id],
            unit_id__in=[pair.mentor.unit_id, pair.actor.unit_id],
        ).values_list("user_id", "job_title")
    )
    url = settings.SITE_URL + reverse("pairs:detail", kwargs={"pair_id": pair.pk})
    for me, other in ((pair.mentor, pair.actor), (pair.actor, pair.mentor)):
        send_templated_email(
            "pair_published",
            to=me.user.email,
            language=me.user.language,
            context={
                "pair": pair,
                "me": me,
                "other": other,
                "other_title": titles.get(other.user_id, ""),
                "programme": pair.programme,
                "url": url,
            },
        )
