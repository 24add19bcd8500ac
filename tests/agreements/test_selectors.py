import datetime as dt

import pytest
from django.utils import timezone

from mentoring.agreements.selectors import (
    DEFAULT_CONFIDENTIALITY,
    agreement_initial,
    agreements_pending,
    pair_page_context,
)
from mentoring.pairs.models import Pair
from mentoring.pairs.selectors import PairAccess
from tests import factories as f
from tests.utils import count_queries

pytestmark = pytest.mark.django_db


def test_members_get_both_versions_with_goals(pair):
    f.AgreementFactory(pair=pair, accepted=True, version=1, goals=("Vanha tavoite",))
    f.AgreementFactory(pair=pair, version=2, goals=("Uusi tavoite",))
    panel = pair_page_context(access=PairAccess(pair, "actor"))["agreement_panel"]
    assert panel.in_force.version == 1 and panel.draft.version == 2
    assert panel.can_accept and panel.can_edit and not panel.can_amend and panel.has_history
    assert panel.other_name == pair.mentor.user.name


@pytest.mark.parametrize("role", ["supervisor", "org_admin"])
def test_overseers_get_the_status_and_no_text(pair, role):
    v1 = f.AgreementFactory(pair=pair, accepted=True, version=1, goals=("SALAINEN TAVOITE",))
    f.AgreementFactory(pair=pair, version=2)
    panel = pair_page_context(access=PairAccess(pair, role))["agreement_panel"]
    assert panel.in_force is None and panel.draft is None
    assert panel.status.version == 1 and panel.status.draft_pending
    assert panel.status.accepted_on == v1.accepted_on
    assert not (panel.can_accept or panel.can_edit or panel.can_amend or panel.can_start)


def test_the_section_runs_constant_queries(pair):
    def grow(n):
        f.AgreementFactory(
            pair=pair, accepted=True, version=n, goals=[f"Tavoite {i}" for i in range(n)]
        )

    counts = []
    for n, role in [(1, "mentor"), (50, "mentor")]:
        pair.agreements.all().delete()
        grow(n)
        count, _ctx = count_queries(pair_page_context, access=PairAccess(pair, role))
        counts.append(count)
    assert counts == [2, 2]
    count, _ctx = count_queries(pair_page_context, access=PairAccess(pair, "supervisor"))
    assert count == 1


def test_initial_values_come_from_the_programme(pair):
    programme = pair.programme
    programme.cadence_min_days, programme.planned_meetings = 3, 4
    today = timezone.localdate()
    initial = agreement_initial(pair=pair, base=None, today=today)
    assert initial["cadence_days"] == 7  # the programme's 3 is lifted into the allowed range
    assert initial["planned_meetings"] == 4
    assert initial["confidentiality"] == str(DEFAULT_CONFIDENTIALITY)
    assert initial["evaluation_date"] == today + dt.timedelta(days=28)
    programme.ends_on = today + dt.timedelta(days=10)
    assert agreement_initial(pair=pair, base=None, today=today)["evaluation_date"] == (
        programme.ends_on
    )


def test_pending_agreements_for_the_reminders(cast, pair):
    now = timezone.now()
    Pair.objects.filter(pk=pair.pk).update(published_at=now - dt.timedelta(days=30))
    # A first meeting held ten days ago and no agreement: pending since that meeting.
    f.MeetingFactory(
        pair=pair, first=True, held=True, held_minutes=50, starts_at=now - dt.timedelta(days=10)
    )
    assert list(agreements_pending(older_than=now - dt.timedelta(days=7))) == [pair]
    assert not agreements_pending(older_than=now - dt.timedelta(days=11)).exists()

    draft = f.AgreementFactory(pair=pair)
    draft.mentor_accepted_at = now
    draft.save()
    found = agreements_pending(older_than=now - dt.timedelta(days=7)).get()
    assert found.pending_agreement_id == draft.pk and found.pending_revision == 1
    assert found.pending_mentor_accepted_at and found.pending_actor_accepted_at is None

    # Accepted by both: nothing pending.
    draft.status, draft.actor_accepted_at = "accepted", now
    draft.save()
    assert not agreements_pending(older_than=now).exists()

    # An amendment waits from the moment its draft was created.
    f.AgreementFactory(pair=pair, version=2)
    assert agreements_pending(older_than=now + dt.timedelta(minutes=1)).get() == pair
    assert not agreements_pending(older_than=now - dt.timedelta(minutes=1)).exists()

    Pair.objects.filter(pk=pair.pk).update(status=Pair.Status.CONCLUDED)
    assert not agreements_pending(older_than=now + dt.timedelta(days=1)).exists()


def test_without_a_first_meeting_pending_counts_from_publication(pair):
    now = timezone.now()
    Pair.objects.filter(pk=pair.pk).update(published_at=now - dt.timedelta(days=20))
    assert agreements_pending(older_than=now - dt.timedelta(days=14)).get() == pair
    assert not agreements_pending(older_than=now - dt.timedelta(days=21)).exists()
