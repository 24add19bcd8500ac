"""Suggestion runs, rules and the supervisor's decisions."""

import pytest
from django.core import mail

from mentoring.core.errors import DomainError
from mentoring.core.models import AuditEntry
from mentoring.matching import services
from mentoring.matching.models import PairRule, Suggestion
from mentoring.pairs.models import Pair
from tests import factories as f

pytestmark = pytest.mark.django_db


def _current(programme):
    return {
        (s.actor_id, s.mentor_id): s.status
        for s in Suggestion.objects.filter(programme=programme, status__in=Suggestion.CURRENT)
    }


def _run(people, cast):
    return services.suggestions_run(programme=people.programme, by=cast.sup_a)


def test_run_suggests_the_best_whole_set_and_stores_it(people, cast):
    # a1 fits m1 a little better than m2, but a2 fits only m1: the best set pairs a1 with m2.
    a1 = people.actor(themes=["dementia-care", "ethics"])
    a2 = people.actor(themes=["dementia-care"], shifts=["night"])
    m1 = people.mentor(themes=["dementia-care", "ethics"], shifts=["day", "night"])
    m2 = people.mentor(themes=["ethics"])
    proposal = _run(people, cast)
    assert _current(people.programme) == {(a1.pk, m2.pk): "proposed", (a2.pk, m1.pk): "proposed"}
    stored = Suggestion.objects.get(actor=a2)
    assert stored.score == pytest.approx(sum(stored.parts.values()), abs=0.05)
    assert set(stored.parts) == {"themes", "experience", "shifts", "unit", "language"}
    assert proposal.unmatched == []
    assert AuditEntry.objects.filter(action="matching.run").count() == 1


def test_published_pairs_stay_and_use_their_mentors_places(people, cast):
    mentor = people.mentor(capacity=2)
    paired = people.actor()
    pair = f.PairFactory(programme=people.programme, mentor=mentor, actor=paired, published=True)
    a1, a2 = people.actor(), people.actor()
    proposal = _run(people, cast)
    suggested = _current(people.programme)
    assert len(suggested) == 1 and paired.pk not in {a for a, _m in suggested}
    assert {a for a, _m in suggested} <= {a1.pk, a2.pk}
    assert [reason for _p, reason in proposal.unmatched] == ["capacity_taken"]
    pair.refresh_from_db()
    assert pair.status == Pair.Status.PUBLISHED and pair.mentor_id == mentor.pk


def test_must_and_never_pairs_are_kept(people, cast):
    actor = people.actor(themes=["dementia-care"])
    best = people.mentor(themes=["dementia-care"])
    other = people.mentor()
    PairRule.objects.create(programme=people.programme, actor=actor, mentor=best, kind="never")
    _run(people, cast)
    assert _current(people.programme) == {(actor.pk, other.pk): "proposed"}
    PairRule.objects.all().delete()
    services.rule_create(
        programme=people.programme,
        actor_id=actor.pk,
        mentor_id=other.pk,
        kind="must",
        by=cast.sup_a,
    )
    _run(people, cast)
    assert _current(people.programme) == {(actor.pk, other.pk): "proposed"}


def test_rejected_stays_out_and_locked_is_kept(people, cast):
    a1, a2 = people.actor(themes=["ethics"]), people.actor(themes=["career"])
    m1, m2 = people.mentor(themes=["ethics"]), people.mentor(themes=["career"])
    _run(people, cast)
    s1 = Suggestion.objects.get(actor=a1)
    assert s1.mentor_id == m1.pk
    services.suggestion_reject(suggestion=s1, by=cast.sup_a)
    s2 = Suggestion.objects.get(actor=a2, status="proposed")
    services.suggestion_lock(suggestion=s2, locked=True, by=cast.sup_a)
    _run(people, cast)
    # a1 cannot have m1 again; m2 is locked to a2, so a1 waits with a reason.
    assert _current(people.programme) == {(a2.pk, m2.pk): "locked"}
    assert Suggestion.objects.filter(actor=a1, mentor=m1, status="rejected").exists()
    assert services.rejections_clear(programme=people.programme, by=cast.sup_a) == 1
    _run(people, cast)
    assert _current(people.programme) == {(a2.pk, m2.pk): "locked", (a1.pk, m1.pk): "proposed"}


def test_accept_makes_a_draft_pair_and_sends_nothing(people, cast):
    actor, mentor = people.actor(), people.mentor()
    _run(people, cast)
    suggestion = Suggestion.objects.get()
    pair = services.suggestion_accept(suggestion=suggestion, by=cast.sup_a)
    assert (pair.status, pair.mentor_id, pair.actor_id, pair.mentor_slot) == (
        Pair.Status.DRAFT,
        mentor.pk,
        actor.pk,
        1,
    )
    assert not Suggestion.objects.exists()
    assert mail.outbox == []
    with pytest.raises(DomainError):
        services.suggestion_accept(suggestion=suggestion, by=cast.sup_a)


def test_accept_all_makes_what_it_can(people, cast):
    a1, a2, a3 = people.actor(), people.actor(), people.actor()
    m1 = people.mentor(capacity=3)
    _run(people, cast)
    # Meanwhile a3 was paired by hand.
    f.PairFactory(programme=people.programme, mentor=m1, actor=a3, mentor_slot=3)
    made, problems = services.suggestions_accept_all(programme=people.programme, by=cast.sup_a)
    assert made == 2 and len(problems) == 1
    assert Pair.objects.filter(status="draft", actor__in=[a1, a2]).count() == 2
    assert Suggestion.objects.filter(actor=a3).exists()  # left for the supervisor to see


def test_swap_to_a_mentor_with_room_locks_the_choice(people, cast):
    actor = people.actor(themes=["ethics"])
    people.mentor(themes=["ethics"])
    second = people.mentor(experience_years=30)
    full = people.mentor()
    f.PairFactory(programme=people.programme, mentor=full, actor=people.actor())
    never = people.mentor()
    PairRule.objects.create(programme=people.programme, actor=actor, mentor=never, kind="never")
    _run(people, cast)
    s = Suggestion.objects.get(actor=actor)
    for refused in (full, never):
        with pytest.raises(DomainError) as err:
            services.suggestion_swap(suggestion=s, mentor_id=refused.pk, by=cast.sup_a)
        assert err.value.field == "mentor"
    services.suggestion_swap(suggestion=s, mentor_id=second.pk, by=cast.sup_a)
    s.refresh_from_db()
    assert (s.mentor_id, s.status) == (second.pk, "locked")
    assert s.parts["experience"] > 0 and s.parts["themes"] == 0


def test_rule_checks(people, cast):
    actor, mentor = people.actor(), people.mentor()
    create = services.rule_create
    kw = {"programme": people.programme, "by": cast.sup_a}
    with pytest.raises(DomainError) as err:
        create(actor_id=mentor.pk, mentor_id=mentor.pk, kind="never", **kw)
    assert err.value.field == "actor"
    with pytest.raises(DomainError):
        create(actor_id=actor.pk, mentor_id=mentor.pk, kind="sometimes", **kw)
    rule = create(actor_id=actor.pk, mentor_id=mentor.pk, kind="never", **kw)
    assert [field.name for field in PairRule._meta.get_fields()].count(
        "reason"
    ) == 0  # no detail kept
    with pytest.raises(DomainError):
        create(actor_id=actor.pk, mentor_id=mentor.pk, kind="must", **kw)
    services.rule_delete(rule=rule, by=cast.sup_a)
    f.PairFactory(programme=people.programme, mentor=mentor, actor=actor)
    with pytest.raises(DomainError):
        create(actor_id=actor.pk, mentor_id=mentor.pk, kind="never", **kw)
    with pytest.raises(DomainError):
        create(actor_id=actor.pk, mentor_id=people.mentor().pk, kind="must", **kw)
    assert not PairRule.objects.exists()


def test_only_the_programmes_supervisor(people, cast):
    people.actor(), people.mentor()
    with pytest.raises(DomainError):
        services.suggestions_run(programme=people.programme, by=cast.sup_b)
    assert not Suggestion.objects.exists()


def test_withdrawn_signups_are_left_out(people, cast):
    actor = people.actor()
    gone = people.mentor()
    gone.status = "withdrawn"
    gone.save()
    proposal = _run(people, cast)
    assert [(p.id, reason) for p, reason in proposal.unmatched] == [(actor.pk, "no_mentors")]


def test_an_actor_whose_mentoring_concluded_gets_no_new_suggestion(cast, people):
    actor = people.actor(name="Valmis Aktori")
    mentor = people.mentor(name="Aino Mentori")
    f.PairFactory(programme=people.programme, mentor=mentor, actor=actor, concluded=True)
    services.suggestions_run(programme=people.programme, by=cast.sup_a)
    assert not Suggestion.objects.filter(actor=actor).exists()


def test_a_must_pair_whose_mentor_withdrew_is_not_given_to_someone_else(people, cast):
    from mentoring.matching.engine import UNMATCHED_REASONS
    from mentoring.matching.solver import MUST_UNAVAILABLE

    actor = people.actor()
    chosen = people.mentor()
    people.mentor()  # another mentor with room
    PairRule.objects.create(programme=people.programme, actor=actor, mentor=chosen, kind="must")
    chosen.status = "withdrawn"
    chosen.save(update_fields=["status"])
    proposal = _run(people, cast)
    assert _current(people.programme) == {}
    reasons = {person.id: reason for person, reason in proposal.unmatched}
    assert reasons[actor.pk] == MUST_UNAVAILABLE
    assert "withdrawn" in str(UNMATCHED_REASONS[MUST_UNAVAILABLE])


def test_a_must_pair_clears_an_earlier_rejection_of_the_same_two(people, cast):
    actor = people.actor()
    mentor = people.mentor()
    _run(people, cast)
    services.suggestion_reject(suggestion=Suggestion.objects.get(), by=cast.sup_a)
    services.rule_create(
        programme=people.programme,
        actor_id=actor.pk,
        mentor_id=mentor.pk,
        kind="must",
        by=cast.sup_a,
    )
    assert not Suggestion.objects.filter(status="rejected").exists()
    _run(people, cast)
    assert _current(people.programme) == {(actor.pk, mentor.pk): "proposed"}


def _lock(actor):
    suggestion = Suggestion.objects.get(actor=actor, status__in=Suggestion.CURRENT)
    services.suggestion_lock(suggestion=suggestion, locked=True, by=suggestion.created_by)
    return suggestion


def test_a_lock_that_cannot_be_kept_is_reported_not_lost_silently(people, cast):
    eeva = people.actor(name="Eeva Aloittaja")
    aino = people.mentor(name="Aino Virtanen")
    bo = people.mentor(name="Bo Berg", experience_years=2)
    _run(people, cast)
    assert _lock(eeva).mentor_id == aino.pk
    # Meanwhile Aino's only place went to a pair made by hand.
    f.PairFactory(programme=people.programme, mentor=aino, actor=people.actor())
    proposal = _run(people, cast)
    assert _current(people.programme) == {(eeva.pk, bo.pk): "proposed"}
    assert [(d.actor, d.mentor, d.reason) for d in proposal.dropped_locks] == [
        ("Eeva Aloittaja", "Aino Virtanen", "the mentor has no place left")
    ]
    entry = AuditEntry.objects.filter(action="matching.run").latest("created_at")
    assert entry.data["dropped_locks"] == 1


def test_every_kind_of_dropped_lock_has_its_reason(people, cast):
    ruled_out, gone, kept, same_must = (
        people.actor(name=n) for n in ("Ruled Out", "Gone Mentor", "Still Kept", "Same Must")
    )
    for k in range(5):
        people.mentor(name=f"Mentor {k}", capacity=1)
    _run(people, cast)
    locked = {a: _lock(a).mentor for a in (ruled_out, gone, kept, same_must)}
    PairRule.objects.create(
        programme=people.programme, actor=ruled_out, mentor=locked[ruled_out], kind="never"
    )
    locked[gone].status = "withdrawn"
    locked[gone].save(update_fields=["status"])
    # A must-pair with the locked mentor keeps the lock: it is the same pair.
    PairRule.objects.create(
        programme=people.programme, actor=same_must, mentor=locked[same_must], kind="must"
    )
    proposal = _run(people, cast)
    dropped = {(d.actor, d.reason) for d in proposal.dropped_locks}
    assert dropped == {
        ("Ruled Out", "the pair is now ruled out (never-pair or rejected)"),
        ("Gone Mentor", "the mentor has withdrawn"),
    }
    current = _current(people.programme)
    assert current[(kept.pk, locked[kept].pk)] == "locked"
    assert current[(same_must.pk, locked[same_must].pk)] == "locked"


def _board_reasons(programme):
    from mentoring.matching.pool import load_pool
    from mentoring.matching.selectors import suggestions_board

    return {p.id: reason for p, reason in suggestions_board(pool=load_pool(programme)).unmatched}


def test_the_board_gives_the_reason_the_run_gave(people, cast):
    """One source of truth: the screen does not re-derive the solver's reasons."""
    from mentoring.matching.engine import UNMATCHED_REASONS

    first, second = people.actor(), people.actor()
    people.mentor(name="Ainoa Mentori", capacity=1)
    _run(people, cast)
    current = Suggestion.objects.get(status="proposed")
    services.suggestion_lock(suggestion=current, locked=True, by=cast.sup_a)
    proposal = _run(people, cast)
    run = {p.id: str(UNMATCHED_REASONS[reason]) for p, reason in proposal.unmatched}
    assert set(run) == {first.pk, second.pk} - {current.actor_id}
    # The only place is locked: every place is taken, none went to a better-suited actor.
    assert list(run.values()) == ["Every mentor's places are already taken."]
    assert _board_reasons(people.programme) == run


def test_weights_model_follows_scoring():
    from mentoring.matching import scoring
    from mentoring.matching.models import MatchingWeights

    assert MatchingWeights.PARTS is scoring.PARTS
    defaults = scoring.Weights()
    for part in scoring.PARTS:
        assert MatchingWeights._meta.get_field(part).default == getattr(defaults, part)
