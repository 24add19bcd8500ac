import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from mentoring.accounts.models import Invitation
from mentoring.programmes.models import SignUp, Theme
from tests import factories as f

pytestmark = pytest.mark.django_db


def _form(**changes) -> dict:
    data = {"role": "actor", "experience_years": "2", "shifts": ["day"], "languages": ["fi"]}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _signup_url(programme):
    return reverse("programmes:signup", args=[programme.pk])


def test_form_is_prefilled_from_the_unit_records(cast, programme):
    response = cast.client("worker_a").get(_signup_url(programme))
    form = response.context["form"]
    assert form["experience_years"].value() == timezone.localdate().year - 2005
    assert form["shifts"].value() == ["day"]
    assert form["languages"].value() == ["fi"]
    # Built-in themes and the organisation's own ones are choices; others' are not.
    Theme.objects.create(organisation=cast.organisation, name="Haavanhoito")
    Theme.objects.create(organisation=f.OrganisationFactory(), name="Vieras")
    text = cast.client("worker_a").get(_signup_url(programme)).text
    assert "Haavanhoito" in text and "Dementia care" in text and "Vieras" not in text


def test_worker_signs_up_then_changes_it(cast, programme):
    client = cast.client("worker_a")
    theme = Theme.objects.get(key="career")
    data = _form(role="mentor", capacity="3", themes=[theme.pk], themes_text="Työvuorot")
    response = client.post(_signup_url(programme), data)
    assert response.status_code == 302 and response["Location"] == _signup_url(programme)
    signup = SignUp.objects.get()
    assert (signup.user, signup.role, signup.capacity) == (cast.worker_a, "mentor", 3)
    assert list(signup.themes.all()) == [theme]
    page = client.get(_signup_url(programme))
    assert "You have signed up as mentor" in page.text
    assert reverse("programmes:withdraw", args=[programme.pk, signup.pk]) in page.text
    client.post(_signup_url(programme), _form(role="actor", capacity="3"))
    signup.refresh_from_db()
    assert (signup.role, signup.capacity) == ("actor", None)
    assert SignUp.objects.count() == 1


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"role": "mentor"}, "Say how many actors you can take."),
        ({"role": "mentor", "capacity": "0"}, "A mentor can take from 1 to 10 actors."),
        ({"role": "mentor", "capacity": "11"}, "A mentor can take from 1 to 10 actors."),
        ({"experience_years": "-1"}, "from 0 to 60"),
        ({"experience_years": "abc"}, "Enter a whole number"),
        ({"role": None}, "This field is required"),
        ({"shifts": ["lunch"]}, "Select a valid choice"),
    ],
)
def test_bad_input_shows_the_message_and_saves_nothing(cast, programme, changes, message):
    response = cast.client("worker_a").post(_signup_url(programme), _form(**changes))
    assert response.status_code == 200
    assert message in response.text
    assert not SignUp.objects.exists()


def test_closed_signup(cast, programme):
    programme.signup_open = False
    programme.save()
    client = cast.client("worker_a")
    response = client.get(_signup_url(programme))
    assert "Sign-up for this programme is closed" in response.text
    assert 'name="role"' not in response.text
    response = client.post(_signup_url(programme), _form())
    assert response.status_code == 200 and "closed" in response.text
    assert not SignUp.objects.exists()


def test_outsiders_get_404(cast, programme):
    for who in ("worker_b", "sup_a", "admin", "outsider"):
        assert cast.client(who).post(_signup_url(programme), _form()).status_code == 404
    assert not SignUp.objects.exists()


def test_paired_worker_cannot_change_or_withdraw(cast, programme):
    actor = f.PairFactory(
        programme=programme, mentor__user=cast.worker_a, actor__user=cast.worker_a2
    ).actor
    client = cast.client("worker_a2")
    page = client.get(_signup_url(programme))
    assert "you are now in a pair" in page.text and 'name="role"' not in page.text
    response = client.post(_signup_url(programme), _form(experience_years="9"), follow=True)
    assert "already in a pair" in response.text
    response = client.post(
        reverse("programmes:withdraw", args=[programme.pk, actor.pk]), follow=True
    )
    assert "already in a pair" in response.text
    actor.refresh_from_db()
    assert actor.status == "active" and actor.experience_years == 1


def test_worker_withdraws(cast, programme):
    signup = f.SignUpFactory(programme=programme, user=cast.worker_a)
    url = reverse("programmes:withdraw", args=[programme.pk, signup.pk])
    assert cast.client("worker_a").get(url).status_code == 405
    assert cast.client("worker_a2").post(url).status_code == 404
    response = cast.client("worker_a").post(url)
    assert response["Location"] == _signup_url(programme)
    signup.refresh_from_db()
    assert signup.status == SignUp.Status.WITHDRAWN
    # They may sign up again while sign-up is open.
    assert "Sign up" in cast.client("worker_a").get(_signup_url(programme)).text


def test_supervisor_list_shows_mentors_actors_and_withdrawn(cast, programme):
    f.SignUpFactory(
        programme=programme, user=cast.worker_a, role="mentor", capacity=3, languages=["fi", "sv"]
    )
    f.SignUpFactory(programme=programme, user=cast.worker_a2)
    gone = f.UserFactory(name="Ville Vetäytynyt")
    f.MembershipFactory(user=gone, unit=cast.unit_a)
    f.SignUpFactory(programme=programme, user=gone, status=SignUp.Status.WITHDRAWN)
    response = cast.client("sup_a").get(reverse("programmes:signups", args=[programme.pk]))
    ctx = response.context
    assert [s.user for s in ctx["mentors"]] == [cast.worker_a]
    assert [s.user for s in ctx["actors"]] == [cast.worker_a2]
    assert [s.user for s in ctx["withdrawn"]] == [gone]
    assert ctx["mentors"][0].job_title == "Lähihoitaja"
    assert "Finnish, Swedish" in response.text and "3 actors" in response.text
    assert (
        cast.client("sup_b").get(reverse("programmes:signups", args=[programme.pk])).status_code
        == 404
    )


def test_supervisor_enters_a_signup_on_behalf(cast, programme):
    f.SignUpFactory(programme=programme, user=cast.worker_a2)
    url = reverse("programmes:signup_on_behalf", args=[programme.pk])
    client = cast.client("sup_a")
    workers = [m.user for m in client.get(url).context["form"].fields["worker"].queryset]
    assert workers == [cast.worker_a]  # worker_a2 has signed up; worker_b is in unit B
    membership = cast.worker_a.memberships.get()
    response = client.post(url, _form(worker=str(membership.pk), experience_years=""))
    assert response.status_code == 302
    signup = SignUp.objects.get(user=cast.worker_a)
    assert signup.entered_by == cast.sup_a
    assert signup.experience_years == timezone.localdate().year - 2005


def test_on_behalf_refuses_a_worker_of_another_unit(cast, programme):
    other = cast.worker_b.memberships.get()
    url = reverse("programmes:signup_on_behalf", args=[programme.pk])
    response = cast.client("sup_a").post(url, _form(worker=str(other.pk)))
    assert response.status_code == 200 and "Select a valid choice" in response.text
    assert not SignUp.objects.exists()


def test_supervisor_changes_and_withdraws_on_behalf(cast, programme):
    signup = f.SignUpFactory(programme=programme, user=cast.worker_a)
    client = cast.client("sup_a")
    edit = reverse("programmes:signup_edit", args=[programme.pk, signup.pk])
    assert client.post(edit, _form(experience_years="12")).status_code == 302
    signup.refresh_from_db()
    assert signup.experience_years == 12
    response = client.post(reverse("programmes:withdraw", args=[programme.pk, signup.pk]))
    assert response["Location"] == reverse("programmes:signups", args=[programme.pk])
    signup.refresh_from_db()
    assert signup.status == SignUp.Status.WITHDRAWN


def test_invite_then_accept_leads_to_the_signup_form(
    cast, programme, django_capture_on_commit_callbacks
):
    url = reverse("programmes:invite", args=[programme.pk])
    data = {
        "email": "uusi@example.test",
        "name": "Uusi Hoitaja",
        "unit": cast.unit_a.pk,
        "language": "fi",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = cast.client("sup_a").post(url, data)
    assert response["Location"] == reverse("programmes:signups", args=[programme.pk])
    invitation = Invitation.objects.get()
    assert invitation.programme == programme and invitation.unit == cast.unit_a
    token = re.search(r"/accounts/invite/([\w-]+)/", mail.outbox[0].body).group(1)
    anon = cast.client("anon")
    accept = anon.post(
        reverse("accounts:invitation_accept", args=[token]),
        {
            "name": "Uusi Hoitaja",
            "password1": "vahva-salasana-42",
            "password2": "vahva-salasana-42",
        },
    )
    assert accept["Location"] == _signup_url(programme)
    assert anon.get(_signup_url(programme)).status_code == 200


def test_invite_bad_input(cast, programme):
    url = reverse("programmes:invite", args=[programme.pk])
    client = cast.client("sup_a")
    response = client.post(url, {"email": "not-an-email", "unit": cast.unit_a.pk, "language": "fi"})
    assert response.status_code == 200 and "valid email" in response.text
    response = client.post(
        url, {"email": "x@example.test", "unit": cast.unit_b.pk, "language": "fi"}
    )
    assert "Select a valid choice" in response.text
    response = client.post(
        url, {"email": cast.worker_a.email, "unit": cast.unit_a.pk, "language": "fi"}
    )
    assert "already a member of the unit" in response.text
    assert not Invitation.objects.exists()
