import pytest
from django.core.management import call_command

from mentoring.agreements.models import Agreement
from mentoring.evaluations.models import Evaluation
from mentoring.meetings.models import Meeting
from mentoring.pairs.models import Pair
from mentoring.programmes.models import Programme, SignUp
from units.models import Membership, OrganisationAdmin


@pytest.mark.django_db
def test_demo_programme_is_idempotent_and_shows_every_stage():
    call_command("demo_data", stdout=None)
    counts = [Programme.objects.count(), Pair.objects.count(), Meeting.objects.count()]
    call_command("demo_data", stdout=None)
    assert [Programme.objects.count(), Pair.objects.count(), Meeting.objects.count()] == counts

    assert Membership.objects.filter(role="supervisor").values("unit").distinct().count() == 2
    assert OrganisationAdmin.objects.exists()
    assert Membership.objects.filter(role="worker").count() >= 12
    statuses = set(Pair.objects.values_list("status", flat=True))
    assert statuses == {"draft", "published", "active", "concluded"}
    # Open sign-ups: someone signed up who is not in any pair yet.
    assert (
        SignUp.objects.exclude(pairs_as_actor__isnull=False)
        .exclude(pairs_as_mentor__isnull=False)
        .exists()
    )
    # A published pair before its first meeting.
    assert Pair.objects.filter(status="published", meetings__status="planned").exists()
    # A pair whose planned meetings are all held: due for evaluation.
    due = [
        p
        for p in Pair.objects.filter(status="active")
        if p.meetings.filter(status="held").count()
        >= Agreement.objects.get(pair=p, status="accepted").planned_meetings
    ]
    assert due
    assert Evaluation.objects.count() >= 3  # enough answers for the report's averages
