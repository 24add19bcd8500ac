"""Membership of a pair and who may see it (mentoring.pairs.access), for each of the cast."""

import pytest
from django.http import Http404

from mentoring.meetings.models import Meeting
from mentoring.pairs import access
from mentoring.pairs.models import Pair
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(cast, programme):
    """A published pair of unit A's programme and a draft one; their members are workers of A."""
    mentor_user = f.WorkerFactory(unit=cast.unit_a, name="Maija Mentori")
    actor_user = f.WorkerFactory(unit=cast.unit_a, name="Aino Aktori")
    mentor = f.SignUpFactory(mentor=True, programme=programme, unit=cast.unit_a, user=mentor_user)
    actor = f.SignUpFactory(programme=programme, unit=cast.unit_a, user=actor_user)
    published = f.PairFactory(programme=programme, mentor=mentor, actor=actor, published=True)
    waiting = f.SignUpFactory(programme=programme, unit=cast.unit_a, user__name="Olli Odottaja")
    draft = f.PairFactory(programme=programme, mentor=mentor, actor=waiting)
    return mentor_user, actor_user, published, draft


def test_member_role(cast, people):
    mentor_user, actor_user, published, _draft = people
    assert access.member_role(pair=published, user=mentor_user) == "mentor"
    assert access.member_role(pair=published, user=actor_user) == "actor"
    for who in (cast.sup_a, cast.admin, cast.worker_a, None):
        assert access.member_role(pair=published, user=who) is None


def test_a_member_sees_their_published_pairs_only(cast, people):
    mentor_user, actor_user, published, draft = people
    assert list(access.pairs_of_member(user=mentor_user)) == [published]
    assert list(access.pairs_of_member(user=actor_user)) == [published]
    assert access.pair_for_member(user=actor_user, pair_id=published.pk) == published
    with pytest.raises(Http404):
        access.pair_for_member(user=mentor_user, pair_id=draft.pk)
    with pytest.raises(Http404):
        access.pair_for_member(user=cast.sup_a, pair_id=published.pk)


def test_who_oversees_which_pairs(cast, people):
    _mentor, _actor, published, draft = people
    assert set(access.pairs_overseen_by(user=cast.sup_a)) == {published, draft}
    # The organisation admin follows a pair once it is published, not the draft.
    assert set(access.pairs_overseen_by(user=cast.admin)) == {published}
    for who in (cast.sup_b, cast.worker_a, cast.outsider):
        assert not access.pairs_overseen_by(user=who).exists()


def test_the_viewer_is_told_their_role(cast, people):
    mentor_user, actor_user, published, draft = people
    roles = {
        who: access.pair_for_viewer(user=who, pair_id=published.pk).role
        for who in (mentor_user, actor_user, cast.sup_a, cast.admin)
    }
    assert roles == {
        mentor_user: "mentor",
        actor_user: "actor",
        cast.sup_a: "supervisor",
        cast.admin: "org_admin",
    }
    assert access.pair_for_viewer(user=cast.sup_a, pair_id=draft.pk).role == "supervisor"
    for who, pair in ((cast.admin, draft), (cast.sup_b, published), (cast.outsider, published)):
        with pytest.raises(Http404):
            access.pair_for_viewer(user=who, pair_id=pair.pk)


def test_the_supervisor_fetch_is_for_the_programme_s_supervisors(cast, people):
    _mentor, actor_user, published, draft = people
    assert access.pair_for_supervisor(user=cast.sup_a, pair_id=draft.pk) == draft
    for who in (cast.admin, cast.sup_b, actor_user):
        with pytest.raises(Http404):
            access.pair_for_supervisor(user=who, pair_id=published.pk)


def test_member_q_reaches_through_a_relation(cast, people):
    mentor_user, _actor, published, draft = people
    held = f.MeetingFactory(pair=published, days=-3, held=True)
    f.MeetingFactory(pair=draft, days=-3)
    assert list(Meeting.objects.filter(access.member_q(mentor_user, via="pair__"))) == [held]
    assert not Pair.objects.filter(access.member_q(cast.sup_a)).exists()
