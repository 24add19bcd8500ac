"""Changes to suggestions, rules and weights. Each checks who acts, runs in a transaction and
leaves an audit entry. Accepting a suggestion makes a draft pair through ``pair_create``:
nothing is sent to anyone until the supervisor publishes the pair."""

from uuid import UUID

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from mentoring.core.audit import audit_log
from mentoring.core.errors import DomainError
from mentoring.pairs.models import Pair
from mentoring.pairs.services import pair_create, pairs_create_many
from mentoring.programmes.access import require_supervisor
from mentoring.programmes.models import Programme, SignUp

from .engine import LOCK_DROPPED_REASONS, DroppedLock, Proposal, suggest
from .models import MatchingWeights, PairRule, Suggestion, SuggestionRun
from .pool import load_pool
from .scoring import PARTS
from .selectors import swap_options


def _conflict() -> DomainError:
    return DomainError(
        _("Someone else changed these suggestions at the same moment. Reload and try again.")
    )


def lock_programme(programme) -> None:
    """Runs and changes of one programme's suggestions queue up behind each other."""
    Programme.objects.select_for_update().filter(pk=programme.pk).values_list("pk").first()


def _current(suggestion) -> Suggestion:
    row = (
        Suggestion.objects.select_for_update(of=("self",))
        .select_related("programme", "mentor__user", "actor__user")
        .filter(pk=suggestion.pk, status__in=Suggestion.CURRENT)
        .first()
    )
    if row is None:
        raise DomainError(_("This suggestion has already been handled."))
    return row


def suggestions_run(*, programme, by) -> Proposal:
    """Suggest mentors for every actor without a pair. Locked suggestions are kept, earlier
    proposals are replaced, rejected ones stay out. A lock that cannot be kept any more (the
    mentor is full or has withdrawn, the pair is now ruled out) is listed in
    ``proposal.dropped_locks`` with its reason, for the supervisor to see."""
    require_supervisor(user=by, programme=programme)
    try:
        with transaction.atomic():
            lock_programme(programme)
            return _store(programme, suggest(programme), by)
    except IntegrityError as exc:
        raise _conflict() from exc


def suggestions_store(*, programme, proposal: Proposal, by) -> Proposal:
    """Store a proposal worked out earlier, outside the programme's lock (by a worker).
    Under the lock the pool is read again: if anything the proposal was made from has
    changed meanwhile (a sign-up, a rule, a pair, a weight), the run is done again here."""
    require_supervisor(user=by, programme=programme)
    try:
        with transaction.atomic():
            lock_programme(programme)
            if load_pool(programme) != proposal.pool:
                proposal = suggest(programme)
            return _store(programme, proposal, by)
    except IntegrityError as exc:
        raise _conflict() from exc


def _store(programme, proposal: Proposal, by) -> Proposal:
    """Replace the programme's current suggestions with the proposal's (under the lock)."""
    made = {(item.actor.id, item.mentor.id) for item in proposal.items}
    kept = {
        (s.actor_id, s.mentor_id): s.id
        for s in proposal.pool.suggestions
        if s.status == Suggestion.Status.LOCKED and (s.actor_id, s.mentor_id) in made
    }
    proposal.dropped_locks = _dropped_locks(programme, proposal.dropped)
    Suggestion.objects.filter(programme=programme, status__in=Suggestion.CURRENT).exclude(
        pk__in=kept.values()
    ).delete()
    Suggestion.objects.bulk_create(
        Suggestion(
            programme=programme,
            actor_id=item.actor.id,
            mentor_id=item.mentor.id,
            score=round(item.score, 2),
            parts=item.points,
            created_by=by,
        )
        for item in proposal.items
        if (item.actor.id, item.mentor.id) not in kept
    )
    audit_log(
        actor=by,
        action="matching.run",
        obj=programme,
        suggested=len(proposal.items),
        unmatched=len(proposal.unmatched),
        dropped_locks=len(proposal.dropped_locks),
    )
    return proposal


def _dropped_locks(programme, dropped: dict) -> list[DroppedLock]:
    """Name the locks a run drops (one query, only when there are some)."""
    if not dropped:
        return []
    rows = Suggestion.objects.filter(
        programme=programme, status=Suggestion.Status.LOCKED, actor_id__in=list(dropped)
    ).select_related("actor__user", "mentor__user")
    found = [
        DroppedLock(
            actor=row.actor.user.name,
            mentor=row.mentor.user.name,
            reason=str(LOCK_DROPPED_REASONS[dropped[row.actor_id]]),
        )
        for row in rows
    ]
    return sorted(found, key=lambda d: (d.actor, d.mentor))


def suggestion_accept(*, suggestion: Suggestion, by) -> Pair:
    """Turn one suggestion into a draft pair."""
    require_supervisor(user=by, programme=suggestion.programme)
    with transaction.atomic():
        row = _current(suggestion)
        pair = pair_create(programme=row.programme, mentor=row.mentor, actor=row.actor, by=by)
        row.delete()
        audit_log(actor=by, action="matching.accept", obj=pair, score=row.score)
    return pair


def suggestions_accept_all(*, programme, by) -> tuple[int, list[str]]:
    """Accept every current suggestion, best first. One that cannot be made (someone paired
    the actor meanwhile, the mentor filled up) is left in place and its reason returned."""
    require_supervisor(user=by, programme=programme)
    with transaction.atomic():
        lock_programme(programme)
        rows = list(
            Suggestion.objects.filter(programme=programme, status__in=Suggestion.CURRENT)
            .order_by("-score", "created_at")
            .values_list("pk", "mentor_id", "actor_id")
        )
        pairs, problems = pairs_create_many(
            programme=programme, couples=[(mentor, actor) for _pk, mentor, actor in rows], by=by
        )
        made = {(pair.mentor_id, pair.actor_id) for pair in pairs}
        Suggestion.objects.filter(
            pk__in=[pk for pk, mentor, actor in rows if (mentor, actor) in made]
        ).delete()
        # The pairs are formed: the finished runs that proposed them have served (a run
        # making these pairs is unfinished: it stays to tell the supervisor).
        SuggestionRun.objects.filter(programme=programme).exclude(
            status__in=SuggestionRun.UNFINISHED
        ).delete()
        audit_log(actor=by, action="matching.accept_all", obj=programme, accepted=len(pairs))
    return len(pairs), problems


def suggestion_reject(*, suggestion: Suggestion, by) -> None:
    """Keep this mentor away from this actor in the next runs."""
    require_supervisor(user=by, programme=suggestion.programme)
    with transaction.atomic():
        row = _current(suggestion)
        row.status = Suggestion.Status.REJECTED
        row.save(update_fields=["status"])
        audit_log(actor=by, action="matching.reject", obj=row.programme, suggestion=str(row.pk))


def suggestion_lock(*, suggestion: Suggestion, locked: bool, by) -> None:
    """A locked suggestion is kept when pairs are suggested again."""
    require_supervisor(user=by, programme=suggestion.programme)
    with transaction.atomic():
        row = _current(suggestion)
        row.status = Suggestion.Status.LOCKED if locked else Suggestion.Status.PROPOSED
        row.save(update_fields=["status"])
        action = "matching.lock" if locked else "matching.unlock"
        audit_log(actor=by, action=action, obj=row.programme, suggestion=str(row.pk))


def suggestion_swap(*, suggestion: Suggestion, mentor_id: UUID, by) -> Suggestion:
    """Give the actor another mentor who has a free place; the choice is then locked."""
    require_supervisor(user=by, programme=suggestion.programme)
    with transaction.atomic():
        lock_programme(suggestion.programme)
        row = _current(suggestion)
        pool = load_pool(row.programme)
        option = next(
            (o for o in swap_options(pool=pool, actor_id=row.actor_id) if o.mentor.id == mentor_id),
            None,
        )
        if option is None:
            raise DomainError(
                _("Choose a mentor who has a free place and may be paired with this actor."),
                field="mentor",
            )
        row.mentor_id = option.mentor.id
        row.score = round(option.explanation.score, 2)
        row.parts = option.points
        row.status = Suggestion.Status.LOCKED
        row.save(update_fields=["mentor", "score", "parts", "status"])
        audit_log(actor=by, action="matching.swap", obj=row.programme, suggestion=str(row.pk))
    return row


def weights_update(*, programme, values: dict, by) -> MatchingWeights:
    require_supervisor(user=by, programme=programme)
    with transaction.atomic():
        weights, _created = MatchingWeights.objects.update_or_create(
            programme=programme,
            defaults={**{p: values[p] for p in PARTS}, "updated_by": by},
        )
        audit_log(
            actor=by, action="matching.weights", obj=programme, **{p: values[p] for p in PARTS}
        )
    return weights


def _signup(programme, signup_id, role, field) -> SignUp:
    signup = (
        SignUp.objects.select_related("user")
        .filter(programme=programme, pk=signup_id, role=role, status=SignUp.Status.ACTIVE)
        .first()
    )
    if signup is None:
        raise DomainError(_("Choose someone who has signed up for this programme."), field=field)
    return signup


def rule_create(*, programme, actor_id, mentor_id, kind: str, by) -> PairRule:
    """A must-pair or a never-pair. A never-pair keeps no detail of its reason."""
    require_supervisor(user=by, programme=programme)
    if kind not in PairRule.Kind.values:
        raise DomainError(_("Choose a rule."), field="kind")
    actor = _signup(programme, actor_id, SignUp.Role.ACTOR, "actor")
    mentor = _signup(programme, mentor_id, SignUp.Role.MENTOR, "mentor")
    try:
        with transaction.atomic():
            lock_programme(programme)
            if PairRule.objects.filter(actor=actor, mentor=mentor).exists():
                raise DomainError(_("These two already have a rule."), field="mentor")
            live = Pair.objects.filter(actor=actor, status__in=Pair.LIVE).first()
            if kind == PairRule.Kind.MUST:
                if PairRule.objects.filter(actor=actor, kind=PairRule.Kind.MUST).exists():
                    raise DomainError(_("This actor already has a must-pair."), field="actor")
                if live is not None:
                    raise DomainError(_("This actor already has a mentor."), field="actor")
            elif live is not None and live.mentor_id == mentor.pk:
                raise DomainError(
                    _("These two are already a pair. Undo the pair first."), field="mentor"
                )
            rule = PairRule.objects.create(
                programme=programme, actor=actor, mentor=mentor, kind=kind, created_by=by
            )
            # Current suggestions that break the new rule go.
            stale = Suggestion.objects.filter(actor=actor, status__in=Suggestion.CURRENT)
            if kind == PairRule.Kind.MUST:
                stale = stale.exclude(mentor=mentor)
            else:
                stale = stale.filter(mentor=mentor)
            stale.delete()
            if kind == PairRule.Kind.MUST:
                # A must-pair overrides an earlier rejection of the same two.
                Suggestion.objects.filter(
                    actor=actor, mentor=mentor, status=Suggestion.Status.REJECTED
                ).delete()
            audit_log(actor=by, action=f"matching.rule.{kind}", obj=programme, rule=str(rule.pk))
    except IntegrityError as exc:
        raise _conflict() from exc
    return rule


def rule_delete(*, rule: PairRule, by) -> None:
    require_supervisor(user=by, programme=rule.programme)
    with transaction.atomic():
        PairRule.objects.filter(pk=rule.pk).delete()
        audit_log(actor=by, action="matching.rule.delete", obj=rule.programme, rule=str(rule.pk))


def rejections_clear(*, programme, by) -> int:
    """Let rejected mentors be suggested again."""
    require_supervisor(user=by, programme=programme)
    with transaction.atomic():
        deleted, _rows = Suggestion.objects.filter(
            programme=programme, status=Suggestion.Status.REJECTED
        ).delete()
        audit_log(actor=by, action="matching.rejections_clear", obj=programme, cleared=deleted)
    return deleted
