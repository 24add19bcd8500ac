"""Forming and publishing pairs. Every change checks its transition, runs in a transaction
and leaves an audit entry."""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.core.audit import audit_log, audit_log_many
from mentoring.core.errors import DomainError
from mentoring.programmes.access import require_supervisor
from mentoring.programmes.models import SignUp

from .models import Pair
from .signals import pair_changed, pair_published, programme_pairs_changed


def pair_create(*, programme, mentor: SignUp, actor: SignUp, by) -> Pair:
    """Pair a mentor with an actor as a draft.

    1. Lock both sign-up rows (in primary-key order, so two supervisors never deadlock):
       concurrent pairings of the same mentor or the same actor queue up here.
    2. With the lock held, re-read what is taken: the actor's live pair, the mentor's places.
    3. Insert with the lowest free place of the mentor (1..capacity). Where row locks do not
       exist (SQLite), the partial unique constraints still refuse a second live pair for the
       actor or a place taken twice, and the loser gets the same clear message.
    """
    require_supervisor(user=by, programme=programme)
    if mentor.programme_id != programme.id or actor.programme_id != programme.id:
        raise DomainError(_("Both people must have signed up for this programme."))
    if mentor.role != SignUp.Role.MENTOR:
        raise DomainError(_("Choose someone who signed up as a mentor."), field="mentor")
    if actor.role != SignUp.Role.ACTOR:
        raise DomainError(_("Choose someone who signed up as an actor."), field="actor")
    if mentor.user_id == actor.user_id:
        raise DomainError(_("A person cannot mentor themselves."), field="actor")
    try:
        with transaction.atomic():
            locked = _lock_signups(programme, {mentor.pk, actor.pk})
            paired, taken = _live_places({mentor.pk, actor.pk})
            known = {mentor.pk: mentor, actor.pk: actor}
            slot = _free_slot(locked, mentor.pk, actor.pk, paired, taken, known=known)
            pair = Pair.objects.create(
                programme=programme,
                mentor=mentor,
                actor=actor,
                mentor_slot=slot,
                created_by=by,
            )
            audit_log(actor=by, action="pair.create", obj=pair, mentor_slot=slot)
            programme_pairs_changed.send(sender=Pair, programme_id=programme.pk)
    except IntegrityError as exc:
        # Another supervisor paired the same actor, or took the same place, a moment ago.
        raise DomainError(
            _("Someone else changed these pairs at the same moment. Reload the page and try again.")
        ) from exc
    return pair


def pairs_create_many(*, programme, couples: list[tuple], by) -> tuple[list[Pair], list[str]]:
    """Make many draft pairs at once (a supervisor accepting every suggestion), in a fixed
    number of queries: the rules of ``pair_create``, checked for all couples together.

    ``couples``: (mentor's sign-up id, actor's sign-up id), best first. One that cannot be
    made (someone has withdrawn, the actor has a mentor, the mentor's places are taken, also
    by a couple before it) is skipped, and its reason is returned with the pairs made. All
    sign-ups are locked at once, in primary-key order, so this queues up with ``pair_create``
    as two single pairings do.
    """
    require_supervisor(user=by, programme=programme)
    ids = {signup_id for couple in couples for signup_id in couple}
    pairs: list[Pair] = []
    problems: list[str] = []
    try:
        with transaction.atomic():
            locked = _lock_signups(programme, ids)
            paired, taken = _live_places(ids)
            for mentor_id, actor_id in couples:
                try:
                    slot = _free_slot(locked, mentor_id, actor_id, paired, taken)
                except DomainError as exc:
                    problems.append(exc.message)
                    continue
                paired.add(actor_id)
                taken.setdefault(mentor_id, set()).add(slot)
                pairs.append(
                    Pair(
                        programme_id=programme.pk,
                        mentor_id=mentor_id,
                        actor_id=actor_id,
                        mentor_slot=slot,
                        created_by_id=by.pk,
                    )
                )
            Pair.objects.bulk_create(pairs)
            audit_log_many(
                actor=by,
                action="pair.create",
                entries=[(pair, {"mentor_slot": pair.mentor_slot}) for pair in pairs],
            )
            programme_pairs_changed.send(sender=Pair, programme_id=programme.pk)
    except IntegrityError as exc:
        raise DomainError(
            _("Someone else changed these pairs at the same moment. Reload the page and try again.")
        ) from exc
    return pairs, problems


def _lock_signups(programme, ids) -> dict:
    """Lock the programme's sign-ups among ``ids`` (in primary-key order, so that two
    supervisors never deadlock), with their users: sign-up id → row."""
    rows = (
        SignUp.objects.select_for_update(of=("self",))
        .select_related("user")
        .filter(pk__in=ids, programme=programme)
        .order_by("pk")
    )
    return {row.pk: row for row in rows}


def _live_places(ids) -> tuple[set, dict]:
    """With the sign-ups locked, what their live pairs take (one query): the actors among
    ``ids`` who have a mentor, and each mentor's places in use."""
    live = Pair.objects.filter(
        Q(actor_id__in=ids) | Q(mentor_id__in=ids), status__in=Pair.LIVE
    ).values_list("actor_id", "mentor_id", "mentor_slot")
    paired: set = set()
    taken: dict = {}
    for actor_id, mentor_id, slot in live:
        paired.add(actor_id)
        taken.setdefault(mentor_id, set()).add(slot)
    return paired, taken


def _free_slot(
    locked: dict, mentor_id, actor_id, paired: set, taken: dict, *, known: dict | None = None
) -> int:
    """The mentor's lowest free place for this actor, or a refusal saying why there is none
    (``known``: the caller's sign-ups by id, to name someone whose row is gone)."""
    for signup_id, role, field in (
        (mentor_id, SignUp.Role.MENTOR, "mentor"),
        (actor_id, SignUp.Role.ACTOR, "actor"),
    ):
        row = locked.get(signup_id)
        if row is None or row.status != SignUp.Status.ACTIVE or row.role != role:
            gone = (known or {}).get(signup_id)
            name = row.user.name if row else gone.user.name if gone else "?"
            raise DomainError(
                _("%(name)s has withdrawn from the programme.") % {"name": name}, field=field
            )
    mentor, actor = locked[mentor_id], locked[actor_id]
    if mentor.user_id == actor.user_id:
        raise DomainError(_("A person cannot mentor themselves."), field="actor")
    if actor_id in paired:
        raise DomainError(
            _("%(name)s already has a mentor.") % {"name": actor.user.name}, field="actor"
        )
    free = [n for n in range(1, (mentor.capacity or 0) + 1) if n not in taken.get(mentor_id, ())]
    if not free:
        raise DomainError(
            _("%(name)s has no room for another actor.") % {"name": mentor.user.name},
            field="mentor",
        )
    return free[0]


def pair_undo(*, pair: Pair, by) -> None:
    """Remove a draft pair. Published pairs cannot be undone."""
    require_supervisor(user=by, programme=pair.programme)
    with transaction.atomic():
        deleted, _rows = Pair.objects.filter(pk=pair.pk, status=Pair.Status.DRAFT).delete()
        if not deleted:
            raise DomainError(_("This pair has already been published and cannot be undone."))
        audit_log(
            actor=by,
            action="pair.undo",
            obj=pair.programme,
            pair=str(pair.pk),
            mentor_signup=str(pair.mentor_id),
            actor_signup=str(pair.actor_id),
        )
        programme_pairs_changed.send(sender=Pair, programme_id=pair.programme_id)


def pair_publish(*, pair: Pair, by) -> Pair:
    """Publish a draft pair and tell both members about each other.

    ``pair_published`` is sent inside this transaction: the reminders part writes the
    introductions as reminder rows in it (so they exist exactly when the pair is published)
    and queues them after commit. A broker outage delays them and loses nothing.
    """
    require_supervisor(user=by, programme=pair.programme)
    with transaction.atomic():
        now = timezone.now()
        updated = Pair.objects.filter(pk=pair.pk, status=Pair.Status.DRAFT).update(
            status=Pair.Status.PUBLISHED, published_at=now
        )
        if not updated:
            raise DomainError(_("This pair has already been published."))
        pair.status, pair.published_at = Pair.Status.PUBLISHED, now
        audit_log(actor=by, action="pair.publish", obj=pair)
        pair_changed.send(sender=Pair, pair_id=pair.pk)
        pair_published.send(sender=Pair, pair=pair, now=now)
    return pair


def pair_publish_all(*, programme, by) -> int:
    """Publish every draft pair of the programme; returns how many were published."""
    require_supervisor(user=by, programme=programme)
    with transaction.atomic():
        now = timezone.now()
        drafts = list(
            Pair.objects.select_for_update()
            .filter(programme=programme, status=Pair.Status.DRAFT)
            .select_related("mentor__user", "actor__user")
            .order_by("pk")
        )
        if not drafts:
            raise DomainError(_("There are no unpublished pairs."))
        Pair.objects.filter(pk__in=[p.pk for p in drafts]).update(
            status=Pair.Status.PUBLISHED, published_at=now
        )
        audit_log_many(
            actor=by, action="pair.publish", entries=[(pair, {"bulk": True}) for pair in drafts]
        )
        for pair in drafts:
            pair_changed.send(sender=Pair, pair_id=pair.pk, in_bulk=True)
            pair_published.send(sender=Pair, pair=pair, now=now)
        programme_pairs_changed.send(sender=Pair, programme_id=programme.pk)
    return len(drafts)
