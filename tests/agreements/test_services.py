import datetime as dt
from unittest import mock

import pytest
from django.utils import timezone

from mentoring.agreements.models import Agreement
from mentoring.agreements.services import (
    AgreementInvalid,
    DraftChanged,
    agreement_accept,
    agreement_new_version,
    agreement_save_draft,
)
from mentoring.core.errors import DomainError
from mentoring.core.models import AuditEntry
from mentoring.pairs.models import Pair
from tests import factories as f

from .conftest import terms

pytestmark = pytest.mark.django_db

GOALS = ["Varmuutta lääkehoitoon", "Kirjaamisen sujuvuus"]


def _actions():
    return list(AuditEntry.objects.order_by("id").values_list("action", flat=True))


def _draft(pair, by, **changes):
    return agreement_save_draft(pair=pair, by=by, terms=terms(**changes), goals=GOALS)


# --- drafting ------------------------------------------------------------------------------


def test_either_member_drafts_version_one(cast, pair):
    draft = _draft(pair, cast.worker_a2)
    assert (draft.version, draft.status, draft.revision) == (1, "draft", 1)
    assert draft.drafted_by == cast.worker_a2
    assert [g.text for g in draft.goals.all()] == GOALS
    assert [g.position for g in draft.goals.all()] == [1, 2]
    assert _actions() == ["agreement.draft"]
    entry = AuditEntry.objects.get()
    assert entry.actor == cast.worker_a2 and entry.data == {"version": 1, "goals": 2}


def test_other_member_edits_the_same_draft_and_goals_are_kept_in_place(cast, pair):
    draft = _draft(pair, cast.worker_a)
    first_goal_id = draft.goals.get(position=1).pk
    edited = agreement_save_draft(
        pair=pair,
        by=cast.worker_a2,
        terms=terms(cadence_days=21),
        goals=["Uusi ensimmäinen", "", "  ", "Toinen", "Kolmas"],
        based_on_revision=1,
    )
    assert edited.pk == draft.pk and edited.revision == 2 and edited.cadence_days == 21
    assert [(g.position, g.text) for g in edited.goals.all()] == [
        (1, "Uusi ensimmäinen"),
        (2, "Toinen"),
        (3, "Kolmas"),
    ]
    assert edited.goals.get(position=1).pk == first_goal_id
    agreement_save_draft(pair=pair, by=cast.worker_a, terms=terms(), goals=["Vain yksi"])
    assert list(draft.goals.values_list("text", flat=True)) == ["Vain yksi"]
    assert Agreement.objects.count() == 1


def test_editing_after_one_acceptance_withdraws_it(cast, pair):
    draft = _draft(pair, cast.worker_a)
    agreement_accept(agreement=draft, by=cast.worker_a)
    edited = _draft(pair, cast.worker_a2, usual_place="Kahvio")
    assert edited.mentor_accepted_at is None and edited.actor_accepted_at is None
    edited.refresh_from_db()
    assert edited.mentor_accepted_at is None
    assert AuditEntry.objects.filter(action="agreement.edit").get().data[
        "acceptances_withdrawn"
    ] == ["mentor"]


@pytest.mark.parametrize(
    "changes, goals, field",
    [
        ({}, [], "goals"),
        ({}, ["  ", ""], "goals"),
        ({}, [f"Tavoite {n}" for n in range(9)], "goals"),
        ({}, ["x" * 301], "goals"),
        ({"cadence_days": 6}, GOALS, "cadence_days"),
        ({"cadence_days": 43}, GOALS, "cadence_days"),
        ({"planned_meetings": 0}, GOALS, "planned_meetings"),
        ({"evaluation_date": timezone.localdate()}, GOALS, "evaluation_date"),
        (
            {"evaluation_date": timezone.localdate() + dt.timedelta(days=400)},
            GOALS,
            "evaluation_date",
        ),
        ({"moving_practice": "  "}, GOALS, "moving_practice"),
        ({"confidentiality": ""}, GOALS, "confidentiality"),
    ],
)
def test_bad_terms_are_refused_and_change_nothing(cast, pair, changes, goals, field):
    with pytest.raises(AgreementInvalid) as error:
        agreement_save_draft(pair=pair, by=cast.worker_a, terms=terms(**changes), goals=goals)
    assert field in error.value.errors and error.value.errors[field]
    assert not Agreement.objects.exists() and not AuditEntry.objects.exists()


def test_cadence_bounds_are_allowed(cast, pair):
    assert _draft(pair, cast.worker_a, cadence_days=7).cadence_days == 7
    assert _draft(pair, cast.worker_a, cadence_days=42).cadence_days == 42


def test_evaluation_date_may_be_the_programme_end(cast, pair):
    draft = _draft(pair, cast.worker_a, evaluation_date=pair.programme.ends_on)
    assert draft.evaluation_date == pair.programme.ends_on


@pytest.mark.parametrize("who", ["sup_a", "admin", "worker_b", "outsider"])
def test_only_members_draft(cast, pair, who):
    with pytest.raises(DomainError):
        _draft(pair, getattr(cast, who))
    assert not Agreement.objects.exists()


def test_a_concluded_pair_cannot_change_its_agreement(cast, pair):
    Pair.objects.filter(pk=pair.pk).update(status=Pair.Status.CONCLUDED)
    with pytest.raises(DomainError):
        _draft(pair, cast.worker_a)
    assert not Agreement.objects.exists()


def test_a_stale_form_does_not_overwrite_the_other_members_changes(cast, pair):
    _draft(pair, cast.worker_a)
    _draft(pair, cast.worker_a2, usual_place="Kahvio")  # revision 2
    with pytest.raises(DraftChanged) as error:
        agreement_save_draft(
            pair=pair,
            by=cast.worker_a,
            terms=terms(usual_place="X"),
            goals=GOALS,
            based_on_revision=1,
        )
    assert error.value.revision == 2
    assert Agreement.objects.get().usual_place == "Kahvio"


def test_a_form_opened_before_anyone_drafted_does_not_overwrite_a_new_draft(cast, pair):
    _draft(pair, cast.worker_a2)
    with pytest.raises(DraftChanged):
        agreement_save_draft(
            pair=pair, by=cast.worker_a, terms=terms(), goals=["X"], based_on_revision=0
        )
    assert Agreement.objects.get().goals.count() == 2


# --- accepting -----------------------------------------------------------------------------


def test_both_accept_makes_version_one_in_force_and_the_pair_active(cast, pair):
    draft = _draft(pair, cast.worker_a)
    draft = agreement_accept(agreement=draft, by=cast.worker_a2, revision=1)
    assert draft.status == "draft" and draft.actor_accepted_at and not draft.mentor_accepted_at
    pair.refresh_from_db()
    assert pair.status == Pair.Status.PUBLISHED and pair.activated_at is None

    draft = agreement_accept(agreement=draft, by=cast.worker_a, revision=1)
    assert draft.status == Agreement.Status.ACCEPTED
    pair.refresh_from_db()
    assert pair.status == Pair.Status.ACTIVE and pair.activated_at is not None
    assert _actions() == [
        "agreement.draft",
        "agreement.accept",
        "agreement.accept",
        "agreement.in_force",
        "pair.activate",
    ]
    draft.refresh_from_db()
    assert draft.revision == 1  # accepting does not change the text


def test_a_member_cannot_accept_twice(cast, pair):
    draft = _draft(pair, cast.worker_a)
    agreement_accept(agreement=draft, by=cast.worker_a)
    with pytest.raises(DomainError, match="already accepted"):
        agreement_accept(agreement=draft, by=cast.worker_a)
    assert Agreement.objects.get().status == "draft"
    assert _actions().count("agreement.accept") == 1


@pytest.mark.parametrize("who", ["sup_a", "admin", "sup_b", "worker_b"])
def test_supervisors_and_others_can_never_accept(cast, pair, who):
    draft = _draft(pair, cast.worker_a)
    with pytest.raises(DomainError):
        agreement_accept(agreement=draft, by=getattr(cast, who))
    draft.refresh_from_db()
    assert draft.mentor_accepted_at is None and draft.actor_accepted_at is None


def test_accepting_a_changed_revision_is_refused(cast, pair):
    draft = _draft(pair, cast.worker_a)
    _draft(pair, cast.worker_a, usual_place="Kahvio")
    with pytest.raises(DomainError, match="changed"):
        agreement_accept(agreement=draft, by=cast.worker_a2, revision=1)
    assert Agreement.objects.get().actor_accepted_at is None


def test_accepting_something_that_is_not_a_draft_is_refused(cast, pair):
    accepted = f.AgreementFactory(pair=pair, accepted=True)
    with pytest.raises(DomainError, match="no longer waiting"):
        agreement_accept(agreement=accepted, by=cast.worker_a)


def test_a_draft_whose_evaluation_date_has_passed_cannot_be_accepted(cast, pair):
    draft = f.AgreementFactory(
        pair=pair, evaluation_date=timezone.localdate() - dt.timedelta(days=1)
    )
    with pytest.raises(DomainError, match="Edit the draft"):
        agreement_accept(agreement=draft, by=cast.worker_a)


# --- amending ------------------------------------------------------------------------------


def test_amendment_copies_the_version_in_force_which_stays_until_both_accept(cast, pair):
    v1 = f.AgreementFactory(
        pair=pair, accepted=True, goals=("A", "B"), usual_place="Taukotila", cadence_days=21
    )
    Pair.objects.filter(pk=pair.pk).update(status=Pair.Status.ACTIVE)
    v2 = agreement_new_version(pair=pair, by=cast.worker_a2)
    assert (v2.version, v2.status, v2.usual_place, v2.cadence_days) == (2, "draft", "Taukotila", 21)
    assert [g.text for g in v2.goals.all()] == ["A", "B"]
    assert {g.pk for g in v2.goals.all()}.isdisjoint({g.pk for g in v1.goals.all()})
    v1.refresh_from_db()
    assert v1.status == "accepted"

    agreement_accept(agreement=v2, by=cast.worker_a)
    v1.refresh_from_db()
    assert v1.status == "accepted"
    v2 = agreement_accept(agreement=v2, by=cast.worker_a2)
    v1.refresh_from_db()
    assert (v1.status, v2.status) == ("superseded", "accepted")
    entry = AuditEntry.objects.get(action="agreement.in_force")
    assert entry.data == {"version": 2, "superseded": [1]}
    assert not AuditEntry.objects.filter(action="pair.activate").exists()  # already active


def test_new_version_with_new_goals_for_a_pair_that_continues(cast, pair):
    f.AgreementFactory(
        pair=pair, accepted=True, goals=("Vanha",), evaluation_date=timezone.localdate()
    )
    v2 = agreement_new_version(pair=pair, by=cast.worker_a, goals=["Uusi 1", " ", "Uusi 2"])
    assert [g.text for g in v2.goals.all()] == ["Uusi 1", "Uusi 2"]
    assert timezone.localdate() < v2.evaluation_date <= pair.programme.ends_on
    assert AuditEntry.objects.get().data["goals_replaced"] is True


def test_new_version_refuses_empty_goals(cast, pair):
    f.AgreementFactory(pair=pair, accepted=True)
    with pytest.raises(AgreementInvalid):
        agreement_new_version(pair=pair, by=cast.worker_a, goals=["", " "])
    assert Agreement.objects.count() == 1


def test_only_one_draft_at_a_time(cast, pair):
    f.AgreementFactory(pair=pair, accepted=True)
    agreement_new_version(pair=pair, by=cast.worker_a)
    with pytest.raises(DomainError, match="already being prepared"):
        agreement_new_version(pair=pair, by=cast.worker_a2)
    assert Agreement.objects.count() == 2


def test_the_database_refusing_a_second_draft_becomes_a_clear_message(cast, pair):
    """Two members starting a version at the same moment: the service's check passes for
    both, the database refuses the second insert, the member gets a message."""
    f.AgreementFactory(pair=pair, accepted=True)
    f.AgreementFactory(pair=pair, version=2)
    real_filter = Agreement.objects.filter

    def blind_filter(*args, **kwargs):
        qs = real_filter(*args, **kwargs)
        return qs.none() if kwargs.get("status") == Agreement.Status.DRAFT else qs

    with mock.patch.object(Agreement.objects, "filter", side_effect=blind_filter):
        with pytest.raises(DomainError, match="at the same moment"):
            agreement_new_version(pair=pair, by=cast.worker_a)
    assert Agreement.objects.count() == 2


def test_nothing_to_amend_before_the_first_acceptance(cast, pair):
    with pytest.raises(DomainError, match="no accepted agreement"):
        agreement_new_version(pair=pair, by=cast.worker_a)
    _draft(pair, cast.worker_a)
    with pytest.raises(DomainError, match="already being prepared"):
        agreement_new_version(pair=pair, by=cast.worker_a)


def test_supervisor_cannot_amend(cast, pair):
    f.AgreementFactory(pair=pair, accepted=True)
    with pytest.raises(DomainError):
        agreement_new_version(pair=pair, by=cast.sup_a)
    assert Agreement.objects.count() == 1


def test_saving_a_draft_when_one_is_in_force_starts_the_next_version(cast, pair):
    f.AgreementFactory(pair=pair, accepted=True)
    v2 = _draft(pair, cast.worker_a, usual_place="Kahvio")
    assert (v2.version, v2.status) == (2, "draft")
    assert Agreement.objects.get(version=1).status == "accepted"


def test_versions_stay_in_order_through_several_amendments(cast, pair):
    draft = _draft(pair, cast.worker_a)
    for version in range(1, 4):
        agreement_accept(agreement=draft, by=cast.worker_a)
        agreement_accept(agreement=draft, by=cast.worker_a2)
        draft = agreement_new_version(pair=pair, by=cast.worker_a)
        assert draft.version == version + 1
    assert list(Agreement.objects.order_by("version").values_list("status", flat=True)) == [
        "superseded",
        "superseded",
        "accepted",
        "draft",
    ]
