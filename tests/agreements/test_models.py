"""The invariants the database keeps, whatever the code above it does."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from mentoring.agreements.models import Agreement, Goal
from tests import factories as f

pytestmark = pytest.mark.django_db


def _refused(fn):
    with pytest.raises(IntegrityError), transaction.atomic():
        fn()


def test_one_draft_per_pair(pair):
    f.AgreementFactory(pair=pair, version=1)
    _refused(lambda: f.AgreementFactory(pair=pair, version=2))


def test_one_version_in_force_per_pair(pair):
    f.AgreementFactory(pair=pair, accepted=True, version=1)
    _refused(lambda: f.AgreementFactory(pair=pair, accepted=True, version=2))
    f.AgreementFactory(pair=pair, superseded=True, version=3)  # any number of old versions


def test_version_numbers_are_unique_per_pair(pair):
    f.AgreementFactory(pair=pair, superseded=True, version=1)
    _refused(lambda: f.AgreementFactory(pair=pair, version=1))


def test_accepted_means_accepted_by_both(pair):
    draft = f.AgreementFactory(pair=pair)
    draft.mentor_accepted_at = timezone.now()
    draft.status = "accepted"
    _refused(draft.save)


@pytest.mark.parametrize("days", [0, 6, 43])
def test_cadence_stays_within_the_agreed_range(pair, days):
    _refused(lambda: f.AgreementFactory(pair=pair, cadence_days=days))


def test_status_is_one_of_the_known_ones(pair):
    _refused(lambda: f.AgreementFactory(pair=pair, status="lost"))


def test_goal_is_not_empty(pair):
    agreement = f.AgreementFactory(pair=pair)
    _refused(lambda: Goal.objects.create(agreement=agreement, text=""))
    assert Agreement.objects.count() == 1
