from unittest import mock

import pytest
from django.db import IntegrityError

from mentoring.core.errors import DomainError
from mentoring.core.models import AuditEntry
from mentoring.pairs import services
from mentoring.pairs.models import Pair
from mentoring.programmes.models import SignUp
from tests import factories as f


@pytest.fixture
def people(cast, programme):
    return {
        "mentor": f.SignUpFactory(mentor=True, programme=programme, capacity=2),
        "a1": f.SignUpFactory(programme=programme, user__name="Aino Yksi"),
        "a2": f.SignUpFactory(programme=programme, user__name="Aino Kaksi"),
        "a3": f.SignUpFactory(programme=programme, user__name="Aino Kolme"),
    }


def test_create_takes_the_lowest_free_place_and_audits(cast, programme, people):
    pair = services.pair_create(
        programme=programme, mentor=people["mentor"], actor=people["a1"], by=cast.sup_a
    )
    assert (pair.status, pair.mentor_slot, pair.created_by) == ("draft", 1, cast.sup_a)
    assert AuditEntry.objects.filter(action="pair.create", object_id=str(pair.pk)).exists()
    second = services.pair_create(
        programme=programme, mentor=people["mentor"], actor=people["a2"], by=cast.sup_a
    )
    assert second.mentor_slot == 2
    # Undoing the first frees place 1, and the next pair takes it.
    services.pair_undo(pair=pair, by=cast.sup_a)
    third = services.pair_create(
        programme=programme, mentor=people["mentor"], actor=people["a3"], by=cast.sup_a
    )
    assert third.mentor_slot == 1


def test_mentor_is_never_over_capacity(cast, programme, people):
    for key in ("a1", "a2"):
        services.pair_create(
            programme=programme, mentor=people["mentor"], actor=people[key], by=cast.sup_a
        )
    with pytest.raises(DomainError) as exc:
        services.pair_create(
            programme=programme, mentor=people["mentor"], actor=people["a3"], by=cast.sup_a
        )
    assert exc.value.field == "mentor"
    assert "no room" in exc.value.message
    assert Pair.objects.count() == 2


def test_actor_gets_one_live_mentor(cast, programme, people):
    other = f.SignUpFactory(mentor=True, programme=programme, user__name="Toinen Mentori")
    services.pair_create(
        programme=programme, mentor=people["mentor"], actor=people["a1"], by=cast.sup_a
    )
    with pytest.raises(DomainError) as exc:
        services.pair_create(programme=programme, mentor=other, actor=people["a1"], by=cast.sup_a)
    assert exc.value.field == "actor"
    assert "Aino Yksi already has a mentor" in exc.value.message


def test_a_concluded_pair_frees_the_actor_and_the_place(cast, programme, people):
    pair = f.PairFactory(
        programme=programme,
        mentor=people["mentor"],
        actor=people["a1"],
        status=Pair.Status.CONCLUDED,
    )
    again = services.pair_create(
        programme=programme, mentor=people["mentor"], actor=people["a1"], by=cast.sup_a
    )
    assert again.pk != pair.pk and again.mentor_slot == 1


@pytest.mark.parametrize("who", ["sup_b", "admin", "worker_a", "outsider"])
def test_only_the_supervisor_of_the_unit_forms_pairs(cast, programme, people, who):
    with pytest.raises(DomainError):
        services.pair_create(
            programme=programme, mentor=people["mentor"], actor=people["a1"], by=getattr(cast, who)
        )
    assert not Pair.objects.exists()


def test_refuses_wrong_roles_other_programmes_and_withdrawn(cast, programme, people):
    elsewhere = f.ProgrammeFactory(organisation=cast.organisation, units=[cast.unit_a])
    stranger = f.SignUpFactory(programme=elsewhere, user__name="Vieras Aktori")
    cases = [
        (people["a1"], people["a2"], "mentor"),  # an actor as the mentor
        (
            people["mentor"],
            f.SignUpFactory(mentor=True, programme=programme, user__name="Kolmas"),
            "actor",
        ),
        (people["mentor"], stranger, None),
    ]
    for m, a, field in cases:
        with pytest.raises(DomainError) as exc:
            services.pair_create(programme=programme, mentor=m, actor=a, by=cast.sup_a)
        assert exc.value.field == field
    SignUp.objects.filter(pk=people["a1"].pk).update(status=SignUp.Status.WITHDRAWN)
    with pytest.raises(DomainError) as exc:
        services.pair_create(
            programme=programme, mentor=people["mentor"], actor=people["a1"], by=cast.sup_a
        )
    assert "withdrawn" in exc.value.message
    assert not Pair.objects.exists()


def test_a_person_cannot_mentor_themselves(cast, programme):
    m = f.SignUpFactory(mentor=True, programme=programme, user=cast.worker_a)
    other_programme_signup = SignUp(
        programme=programme, user=cast.worker_a, unit=cast.unit_a, role="actor"
    )
    with pytest.raises(DomainError):
        services.pair_create(
            programme=programme, mentor=m, actor=other_programme_signup, by=cast.sup_a
        )


def test_database_race_becomes_a_clear_message(cast, programme, people):
    """Where there are no row locks (SQLite), two pairings can both pass the checks; the
    partial unique index refuses the second and the service says so in words."""
    services.pair_create(
        programme=programme, mentor=people["mentor"], actor=people["a1"], by=cast.sup_a
    )
    other = f.SignUpFactory(mentor=True, programme=programme, user__name="Toinen Mentori")
    # The stale read: no live pair seen for the actor, no place taken.
    stale_read = mock.patch.object(services, "_live_places", lambda ids: (set(), {}))
    with stale_read, pytest.raises(DomainError) as exc:
        services.pair_create(programme=programme, mentor=other, actor=people["a1"], by=cast.sup_a)
    assert "at the same moment" in exc.value.message
    assert Pair.objects.filter(actor=people["a1"]).count() == 1


def test_the_constraint_itself_refuses_a_second_live_pair(cast, programme, people):
    f.PairFactory(programme=programme, mentor=people["mentor"], actor=people["a1"])
    other = f.SignUpFactory(mentor=True, programme=programme, user__name="Toinen Mentori")
    with pytest.raises(IntegrityError):
        Pair.objects.create(programme=programme, mentor=other, actor=people["a1"], mentor_slot=1)


def test_undo_only_drafts(cast, programme, people):
    draft = f.PairFactory(programme=programme, mentor=people["mentor"], actor=people["a1"])
    published = f.PairFactory(
        programme=programme,
        mentor=people["mentor"],
        actor=people["a2"],
        status=Pair.Status.PUBLISHED,
    )
    services.pair_undo(pair=draft, by=cast.sup_a)
    assert not Pair.objects.filter(pk=draft.pk).exists()
    assert AuditEntry.objects.filter(action="pair.undo").count() == 1
    with pytest.raises(DomainError):
        services.pair_undo(pair=published, by=cast.sup_a)
    with pytest.raises(DomainError):
        services.pair_undo(pair=published, by=cast.sup_b)
    assert Pair.objects.filter(pk=published.pk).exists()


def test_publish_once_and_emails_after_commit(
    cast, programme, people, mailoutbox, django_capture_on_commit_callbacks
):
    draft = f.PairFactory(programme=programme, mentor=people["mentor"], actor=people["a1"])
    with django_capture_on_commit_callbacks(execute=True):
        services.pair_publish(pair=draft, by=cast.sup_a)
    draft.refresh_from_db()
    assert draft.status == Pair.Status.PUBLISHED and draft.published_at
    assert len(mailoutbox) == 2
    with pytest.raises(DomainError):
        services.pair_publish(pair=draft, by=cast.sup_a)
    assert AuditEntry.objects.filter(action="pair.publish").count() == 1


def test_nothing_is_sent_when_publishing_fails(cast, programme, people, mailoutbox):
    draft = f.PairFactory(programme=programme, mentor=people["mentor"], actor=people["a1"])
    with pytest.raises(DomainError):
        services.pair_publish(pair=draft, by=cast.sup_b)
    draft.refresh_from_db()
    assert draft.status == Pair.Status.DRAFT and not mailoutbox


def test_publish_all(cast, programme, people, mailoutbox, django_capture_on_commit_callbacks):
    drafts = [
        f.PairFactory(programme=programme, mentor=people["mentor"], actor=people[actor])
        for actor in ("a1", "a2")
    ]
    f.PairFactory(programme=programme, actor=people["a3"], published=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.pair_publish_all(programme=programme, by=cast.sup_a) == 2
    assert not Pair.objects.filter(status=Pair.Status.DRAFT).exists()
    audited = AuditEntry.objects.filter(action="pair.publish", actor=cast.sup_a)
    assert sorted(audited.values_list("object_id", flat=True)) == sorted(str(p.pk) for p in drafts)
    assert all(entry.data == {"bulk": True} for entry in audited)
    assert len(mailoutbox) == 4
    with pytest.raises(DomainError):
        services.pair_publish_all(programme=programme, by=cast.sup_a)


def test_many_pairs_at_once_keep_the_same_rules(cast, programme, people):
    """Places fill in order (also by the couples before), a paired actor is skipped, a
    withdrawn one too; each skip says why; every pair made is audited."""
    services.pair_create(
        programme=programme, mentor=people["mentor"], actor=people["a1"], by=cast.sup_a
    )
    withdrawn = f.SignUpFactory(programme=programme, status=SignUp.Status.WITHDRAWN)
    m = people["mentor"].pk
    couples = [(m, people["a1"].pk), (m, people["a2"].pk), (m, withdrawn.pk), (m, people["a3"].pk)]
    pairs, problems = services.pairs_create_many(
        programme=programme, couples=couples, by=cast.sup_a
    )
    assert [(p.actor_id, p.mentor_slot) for p in pairs] == [(people["a2"].pk, 2)]
    assert problems[0] == "Aino Yksi already has a mentor."
    assert "has withdrawn from the programme" in problems[1]
    assert "has no room for another actor" in problems[2]
    assert AuditEntry.objects.filter(action="pair.create", object_id=str(pairs[0].pk)).exists()
