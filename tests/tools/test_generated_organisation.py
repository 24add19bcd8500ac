"""The generated organisation has the issue's shape, and the page benchmark opens every page
of a small and a larger one with HTTP 200 and prints the table."""

import io

import pytest
from django.core.management import call_command

from mentoring.meetings.models import Meeting, MeetingLog
from mentoring.pairs.models import Pair
from mentoring.programmes.models import Programme
from tools import organisation
from units.models import Organisation, Unit

pytestmark = pytest.mark.django_db


def test_one_unit_per_hundred_people_with_programmes_pairs_and_meetings():
    call_command("generate_organisation", users=200, meetings_per_pair=6, stdout=io.StringIO())

    org = Organisation.objects.get(name=organisation.organisation_name(200))
    assert Unit.objects.filter(organisation=org).count() == 2
    assert Programme.objects.filter(organisation=org).count() == 4
    pairs = Pair.objects.filter(programme__organisation=org)
    assert pairs.count() == 80
    assert set(pairs.values_list("status", flat=True)) == {
        "draft",
        "published",
        "active",
        "concluded",
    }
    meetings = Meeting.objects.filter(pair__programme__organisation=org)
    held = meetings.filter(status="held")
    logs = MeetingLog.objects.filter(meeting__pair__programme__organisation=org)
    assert logs.count() == held.exclude(kind="evaluation").count() > 0
    assert meetings.filter(status="planned", approval="pending").exists()


def test_the_small_option_makes_one_unit():
    call_command("generate_organisation", small=True, meetings_per_pair=3, stdout=io.StringIO())
    assert Unit.objects.filter(organisation__name=organisation.organisation_name(100)).count() == 1


def test_the_page_benchmark_opens_every_page_of_both_organisations():
    for users in (100, 200):
        call_command(
            "generate_organisation", users=users, meetings_per_pair=3, stdout=io.StringIO()
        )
    out = io.StringIO()

    call_command("benchmark_pages", repeat=1, stdout=out)

    text = out.getvalue()
    assert "small: Generated county 100   large: Generated county 200" in text
    for page in ("worker home", "unit calendar", "pairs board", "organisation report"):
        assert page in text
    assert "HTTP" not in text  # every page answered 200 in both
    assert "worst ratio" in text
