import pytest
from django.urls import reverse

from mentoring.programmes.models import SignUp
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_supervisor_home_links_the_programmes(cast, programme):
    text = cast.client("sup_a").get(reverse("site:home")).text
    assert reverse("programmes:detail", args=[programme.pk]) in text
    assert reverse("programmes:signups", args=[programme.pk]) in text
    assert reverse("programmes:create") in text
    assert reverse("programmes:list") in text  # the navigation
    admin = cast.client("admin").get(reverse("site:home")).text
    assert reverse("programmes:detail", args=[programme.pk]) in admin
    assert reverse("programmes:signups", args=[programme.pk]) not in admin


def test_worker_sees_open_programmes_and_own_status(cast, programme):
    closed = f.ProgrammeFactory(
        organisation=cast.organisation, units=[cast.unit_a], signup_open=False
    )
    client = cast.client("worker_a")
    text = client.get(reverse("site:home")).text
    assert reverse("programmes:signup", args=[programme.pk]) in text
    assert reverse("programmes:signup", args=[closed.pk]) not in text
    signup = f.SignUpFactory(programme=programme, user=cast.worker_a, role="mentor")
    text = client.get(reverse("site:home")).text
    assert "You have signed up for" in text and "See or change my sign-up" in text
    # A withdrawn sign-up does not hide the programme; they may sign up again.
    SignUp.objects.filter(pk=signup.pk).update(status=SignUp.Status.WITHDRAWN)
    text = client.get(reverse("site:home")).text
    assert "Sign-up is open" in text and "You have signed up for" not in text


def test_paired_worker_sees_the_pair_not_the_signup(cast, programme):
    f.PairFactory(
        programme=programme,
        published=True,
        mentor__user=cast.worker_a,
        actor__user=cast.worker_a2,
    )
    text = cast.client("worker_a2").get(reverse("site:home")).text
    assert "You have signed up for" not in text
    assert cast.worker_a.name in text
    assert cast.client("worker_b").get(reverse("site:home")).status_code == 200
