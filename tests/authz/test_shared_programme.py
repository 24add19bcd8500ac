"""A programme shared by units A and B is run jointly (docs/architecture.md, "Who may see
what"): the supervisor of unit A acts for unit B's people exactly as unit B's own supervisor
does, and the other way round. Each action is tried by both; a supervisor of neither unit
(the outsider, of another organisation) gets 404."""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from mentoring.meetings.models import Meeting
from mentoring.pairs.models import Pair
from mentoring.programmes.models import SignUp
from tests import factories as f

pytestmark = pytest.mark.django_db

JOINT = ["sup_a", "sup_b"]


@dataclass
class Shared:
    programme: object
    pair_b: Pair  # both members work in unit B
    pending: Meeting  # a time of pair_b waiting for approval
    free_b: SignUp  # a unit-B worker's sign-up, not in a pair
    free_a: SignUp  # a unit-A mentor, not in a pair


@pytest.fixture
def shared(cast) -> Shared:
    programme = f.ProgrammeFactory(
        organisation=cast.organisation, units=[cast.unit_a, cast.unit_b], approval_required=True
    )
    pair_b = f.PairFactory(
        programme=programme,
        active=True,
        mentor__unit=cast.unit_b,
        mentor__user=cast.worker_b,
        actor__unit=cast.unit_b,
        actor__user__name="Bea Bee",
    )
    return Shared(
        programme=programme,
        pair_b=pair_b,
        pending=f.MeetingFactory(pair=pair_b, pending=True, days=6),
        free_b=f.SignUpFactory(programme=programme, unit=cast.unit_b, user__name="Veera Vee"),
        free_a=f.SignUpFactory(programme=programme, unit=cast.unit_a, mentor=True),
    )


@pytest.mark.parametrize("who", JOINT)
def test_either_supervisor_edits_a_unit_b_sign_up(cast, shared, who):
    url = reverse("programmes:signup_edit", args=[shared.programme.pk, shared.free_b.pk])
    data = {"role": "actor", "experience_years": "7", "shifts": ["night"], "themes_text": "Uni"}
    response = cast.client(who).post(url, data)
    assert response.status_code == 302
    shared.free_b.refresh_from_db()
    assert (shared.free_b.experience_years, shared.free_b.themes_text) == (7, "Uni")


@pytest.mark.parametrize("who", JOINT)
def test_either_supervisor_withdraws_a_unit_b_sign_up(cast, shared, who):
    url = reverse("programmes:withdraw", args=[shared.programme.pk, shared.free_b.pk])
    assert cast.client(who).post(url).status_code == 302
    shared.free_b.refresh_from_db()
    assert shared.free_b.status == SignUp.Status.WITHDRAWN


@pytest.mark.parametrize("who", JOINT)
def test_either_supervisor_approves_a_unit_b_time(cast, shared, who):
    url = reverse("meetings:decide", args=[shared.pending.pk])
    response = cast.client(who).post(url, {"decision": "approve", "comment": ""})
    assert response.status_code == 302
    shared.pending.refresh_from_db()
    assert shared.pending.approval == Meeting.Approval.APPROVED
    assert shared.pending.approval_by == getattr(cast, who)


@pytest.mark.parametrize("who", JOINT)
def test_either_supervisor_forms_a_pair_across_the_units(cast, shared, who):
    url = reverse("pairs:create", args=[shared.programme.pk])
    data = {"mentor": str(shared.free_a.pk), "actor": str(shared.free_b.pk)}
    assert cast.client(who).post(url, data).status_code == 302
    assert Pair.objects.filter(mentor=shared.free_a, actor=shared.free_b).exists()


@pytest.mark.parametrize("who", JOINT)
def test_either_supervisor_reads_the_hours_of_unit_b_people(cast, shared, who):
    shared.pending.status, shared.pending.held_minutes = Meeting.Status.HELD, 45
    shared.pending.save()
    response = cast.client(who).get(reverse("pairs:hours_csv", args=[shared.programme.pk]))
    assert response.status_code == 200
    assert cast.worker_b.name in response.content.decode()


@pytest.mark.parametrize("who", JOINT)
def test_either_supervisor_downloads_a_unit_b_meeting_as_ics(cast, shared, who):
    response = cast.client(who).get(reverse("meetings:ics", args=[shared.pending.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")


@pytest.mark.parametrize("who", JOINT)
def test_either_supervisor_follows_unit_b_pairs_on_the_dashboard(cast, shared, who):
    response = cast.client(who).get(reverse("pairs:dashboard", args=[shared.programme.pk]))
    assert response.status_code == 200
    assert cast.worker_b.name in response.content.decode()


@pytest.mark.parametrize("who", JOINT)
def test_the_programme_page_says_it_is_run_jointly(cast, shared, who):
    response = cast.client(who).get(reverse("programmes:detail", args=[shared.programme.pk]))
    assert 'data-rule="shared"' in response.content.decode()


def test_a_programme_of_one_unit_does_not_say_so(cast):
    programme = f.ProgrammeFactory(organisation=cast.organisation, units=[cast.unit_a])
    response = cast.client("sup_a").get(reverse("programmes:detail", args=[programme.pk]))
    assert 'data-rule="shared"' not in response.content.decode()


def test_bringing_someone_in_stays_with_their_own_unit(cast, shared):
    """Entering a sign-up for a worker who has none chooses among a unit's staff, which only
    its supervisors see: unit B's workers are not offered to unit A's supervisor."""
    url = reverse("programmes:signup_on_behalf", args=[shared.programme.pk])
    offered = {
        who: {w.user for w in cast.client(who).get(url).context["form"].fields["worker"].queryset}
        for who in JOINT
    }
    assert cast.worker_b not in offered["sup_a"] | offered["sup_b"]  # already signed up
    b_only = f.WorkerFactory(unit=cast.unit_b)
    offered = {
        who: {w.user for w in cast.client(who).get(url).context["form"].fields["worker"].queryset}
        for who in JOINT
    }
    assert b_only in offered["sup_b"] and b_only not in offered["sup_a"]


def test_a_supervisor_of_neither_unit_gets_404(cast, shared):
    client = cast.client("outsider")
    urls = [
        reverse("programmes:signup_edit", args=[shared.programme.pk, shared.free_b.pk]),
        reverse("pairs:hours_csv", args=[shared.programme.pk]),
        reverse("pairs:dashboard", args=[shared.programme.pk]),
        reverse("meetings:ics", args=[shared.pending.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    decide = reverse("meetings:decide", args=[shared.pending.pk])
    assert client.post(decide, {"decision": "approve"}).status_code == 404
    shared.pending.refresh_from_db()
    assert shared.pending.approval == Meeting.Approval.PENDING
