"""Starting an organisation: the command and the staff page create it and invite its first
admin; the invitation makes its acceptor the admin; running it again sends nothing."""

import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from mentoring.accounts.models import Invitation
from mentoring.core.people import user_label
from tests import factories as f
from tests.utils import sign_in
from units.access import administers_organisation
from units.models import Organisation

pytestmark = pytest.mark.django_db


def _start(*args, capture) -> str:
    out = StringIO()
    with capture(execute=True):
        call_command("create_organisation", *args, stdout=out)
    return out.getvalue()


def test_the_command_creates_the_organisation_and_invites_its_admin(
    client, django_capture_on_commit_callbacks
):
    output = _start(
        "Uusi hyvinvointialue",
        "--admin",
        "Kehittaja@Example.test",
        "--language",
        "en",
        capture=django_capture_on_commit_callbacks,
    )
    organisation = Organisation.objects.get(name="Uusi hyvinvointialue")
    assert "created" in output and "Invitation sent to kehittaja@example.test" in output
    assert mail.outbox[0].to == ["kehittaja@example.test"]
    assert "admin of Uusi hyvinvointialue" in mail.outbox[0].body

    again = _start(
        "uusi  HYVINVOINTIALUE",
        "--admin",
        "kehittaja@example.test",
        capture=django_capture_on_commit_callbacks,
    )
    assert "already exists" in again and "nothing sent" in again
    assert Organisation.objects.count() == 1 and len(mail.outbox) == 1

    token = re.search(r"/accounts/invite/([^/]+)/", mail.outbox[0].body).group(1)
    response = client.post(
        reverse("accounts:invitation_accept", args=[token]),
        {
            "name": "Kaija Kehittäjä",
            "password1": "pitkä-salasana-42",
            "password2": "pitkä-salasana-42",
        },
    )
    assert response.status_code == 302
    admin = Invitation.objects.get().accepted_by
    assert administers_organisation(user=admin, organisation_id=organisation.pk)


@pytest.mark.parametrize(
    "args, words",
    [
        (["Org", "--admin", "not an email"], "is not a valid email address"),
        (["   ", "--admin", "a@example.test"], "Give the organisation a name."),
    ],
)
def test_the_command_refuses_in_words(args, words, django_capture_on_commit_callbacks):
    with pytest.raises(CommandError, match=words):
        _start(*args, capture=django_capture_on_commit_callbacks)
    assert not Organisation.objects.exists() and not mail.outbox


def test_site_staff_start_an_organisation_on_a_page(client, django_capture_on_commit_callbacks):
    staff = f.UserFactory(is_staff=True)
    sign_in(client, staff)
    url = reverse("onboarding:organisation_start")
    assert client.get(url).status_code == 200
    data = {
        "name": "Testialue",
        "admin_email": "a@example.test",
        "admin_name": "A",
        "language": "sv",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data, follow=True)
    assert "The organisation Testialue was created." in response.content.decode()
    assert Invitation.objects.get().organisation.name == "Testialue"
    assert mail.outbox[0].to == ["a@example.test"]
    response = client.post(url, data, follow=True)
    assert "nothing sent" in response.content.decode() and len(mail.outbox) == 1


def test_the_admins_picker_shows_name_and_email(client, cast):
    """Two people of the same name are told apart in the Django admin's person lists."""
    twin = f.UserFactory(name=cast.admin.name, email="twin@example.test")
    assert user_label(twin) == f"{cast.admin.name} <twin@example.test>"
    staff = f.UserFactory(is_staff=True, is_superuser=True)
    sign_in(client, staff)
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "term": cast.admin.name,
            "app_label": "units",
            "model_name": "organisationadmin",
            "field_name": "user",
        },
    )
    texts = {result["text"] for result in response.json()["results"]}
    assert texts == {user_label(cast.admin), user_label(twin)}
