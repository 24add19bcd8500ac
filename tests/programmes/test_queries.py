"""Every page answers in the same number of queries at 1 and at 200 items."""

import itertools

import pytest
from django.urls import reverse

from mentoring.programmes.models import SignUp, Theme
from tests import factories as f
from tests.utils import assert_constant_queries
from units.models import Membership

pytestmark = pytest.mark.django_db
_seq = itertools.count()


def _add_signups(cast, programme, n):
    """n more sign-ups of unit A: mentors and actors, with themes, some paired or withdrawn."""
    themes = list(Theme.objects.filter(organisation__isnull=True)[:3])
    own = Theme.objects.create(organisation=cast.organisation, name=f"Oma teema {next(_seq)}")
    made = []
    for i in range(n):
        user = f.UserFactory(email=f"w{next(_seq)}@example.test")
        f.MembershipFactory(user=user, unit=cast.unit_a, job_title=f"Hoitaja {i}")
        signup = f.SignUpFactory(
            programme=programme,
            user=user,
            unit=cast.unit_a,
            role="mentor" if i % 2 else "actor",
            status=SignUp.Status.WITHDRAWN if i % 7 == 3 else SignUp.Status.ACTIVE,
        )
        signup.themes.set([*themes[: i % 4], own])
        made.append(signup)
    mentors = [s for s in made if s.role == "mentor" and s.status == "active"]
    actors = [s for s in made if s.role == "actor" and s.status == "active"]
    for mentor, actor in list(zip(mentors, actors, strict=False))[: max(1, n // 10)]:
        f.PairFactory(programme=programme, mentor=mentor, actor=actor)


def test_signups_list(cast, programme):
    counts = assert_constant_queries(
        cast.client("sup_a"),
        reverse("programmes:signups", args=[programme.pk]),
        lambda n: _add_signups(cast, programme, n),
    )
    assert counts[0] <= 12, counts


def _add_programmes(cast, n):
    for _ in range(n):
        programme = f.ProgrammeFactory(
            organisation=cast.organisation, units=[cast.unit_a, cast.unit_b]
        )
        f.SignUpFactory(programme=programme, user=cast.worker_a, role="mentor")
        f.SignUpFactory(programme=programme, user=cast.worker_b, unit=cast.unit_b)


@pytest.mark.parametrize("who", ["sup_a", "admin"])
def test_programme_list(cast, who):
    counts = assert_constant_queries(
        cast.client(who), reverse("programmes:list"), lambda n: _add_programmes(cast, n)
    )
    assert counts[0] <= 12, counts


@pytest.mark.parametrize("who", ["sup_a", "admin", "worker_a"])
def test_home_page(cast, who):
    counts = assert_constant_queries(
        cast.client(who), reverse("site:home"), lambda n: _add_programmes(cast, n)
    )
    assert counts[0] <= 15, counts


def test_home_page_of_a_worker_with_open_programmes(cast):
    def grow(n):
        for _ in range(n):
            f.ProgrammeFactory(organisation=cast.organisation, units=[cast.unit_a])

    assert_constant_queries(cast.client("worker_a2"), reverse("site:home"), grow)


def test_signup_form_whatever_the_number_of_themes(cast, programme):
    def grow(n):
        for _ in range(n):
            Theme.objects.create(organisation=cast.organisation, name=f"Teema {next(_seq)}")

    assert_constant_queries(
        cast.client("worker_a"), reverse("programmes:signup", args=[programme.pk]), grow
    )


def test_signup_on_behalf_whatever_the_number_of_workers(cast, programme):
    def grow(n):
        for _ in range(n):
            user = f.UserFactory(email=f"x{next(_seq)}@example.test")
            f.MembershipFactory(user=user, unit=cast.unit_a, role=Membership.Role.WORKER)

    assert_constant_queries(
        cast.client("sup_a"), reverse("programmes:signup_on_behalf", args=[programme.pk]), grow
    )


def test_detail_and_presentation(cast, programme):
    for name in ("programmes:detail", "programmes:present"):
        assert_constant_queries(
            cast.client("sup_a"),
            reverse(name, args=[programme.pk]),
            lambda n: _add_signups(cast, programme, n),
            sizes=(1, 50),
        )
