import datetime as dt

import pytest
from django.utils import timezone

from mentoring.agreements.selectors import (
    DEFAULT_CONFIDENTIALITY,
    agreement_initial,
    pair_page_context,
)
from mentoring.pairs.access import PairAccess
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
