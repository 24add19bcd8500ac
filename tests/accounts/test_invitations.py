"""A supervisor invites a worker by email; the single-use, expiring link sets a password and
lands the worker in the unit."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from mentoring.accounts import services
from mentoring.accounts.models import Invitation, User
from mentoring.core.errors import DomainError
from units.models import Membership

pytestmark = pytest.mark.django_db
NEW = "uusi.hoitaja@example.test"


def invite(cast, capture, *, who="sup_a", unit=None, email=NEW):
    client = cast.client(who)
    with capture(execute=True):
        response = client.post(
            reverse("accounts:invite"),
            {
                "email": email,
                "name": "Uusi Hoitaja",
                "unit": (unit or cast.unit_a).id,
                "job_title": "Lähihoitaja",
                "language": "fi",
            },
        )
    return response


def link_path(message) -> str:
    url = re.search(r"https?://\S+/accounts/invite/\S+/", message.body).group(0)
    return url[url.index("/accounts/") :]


def accept(client, path, password="Vahva-salasana-2025"):
    return client.post(path, {"name": "Uusi Hoitaja", "password1": password, "password2": password})


def test_invitation_email_link_sets_password_and_joins_the_unit(
    cast, client, django_capture_on_commit_callbacks
):
    response = invite(cast, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [NEW]
    assert cast.unit_a.name in mail.outbox[0].body
    path = link_path(mail.outbox[0])

    page = client.get(path)
    assert page.status_code == 200 and NEW in page.content.decode()

    response = accept(client, path)
    assert response.status_code == 302 and response["Location"] == reverse("site:home")
    user = User.objects.get(email=NEW)
    assert user.check_password("Vahva-salasana-2025")
    membership = Membership.objects.get(user=user)
    assert (membership.unit, membership.role, membership.job_title) == (
        cast.unit_a,
        "worker",
        "Lähihoitaja",
    )
    home = client.get(reverse("site:home"))  # logged in right away
    assert home.status_code == 200 and home.context["user"] == user
    assert Invitation.objects.get(email=NEW).accepted_by == user


def test_the_link_works_once(cast, client, django_capture_on_commit_callbacks):
    invite(cast, django_capture_on_commit_callbacks)
    path = link_path(mail.outbox[0])
    accept(client, path)
    client.logout()
    again = client.get(path)
    assert again.status_code == 404
    assert accept(client, path).status_code == 404
    assert User.objects.filter(email=NEW).count() == 1


def test_an_expired_link_is_refused(cast, client, settings, django_capture_on_commit_callbacks):
    invite(cast, django_capture_on_commit_callbacks)
    path = link_path(mail.outbox[0])
    later = timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS, minutes=1)
    with time_machine.travel(later):
        assert client.get(path).status_code == 404
        assert accept(client, path).status_code == 404
    assert not User.objects.filter(email=NEW).exists()


def test_bad_passwords_are_refused_next_to_the_field_and_change_nothing(
    cast, client, django_capture_on_commit_callbacks
):
    invite(cast, django_capture_on_commit_callbacks)
    path = link_path(mail.outbox[0])
    response = client.post(path, {"name": "Uusi Hoitaja", "password1": "abc", "password2": "abcd"})
    assert response.status_code == 200
    assert response.context["form"].errors["password2"]
    response = client.post(path, {"name": "Uusi Hoitaja", "password1": "123", "password2": "123"})
    assert response.context["form"].errors["password1"]
    assert not User.objects.filter(email=NEW).exists()
    assert Invitation.objects.usable().filter(email=NEW).exists()


def test_another_supervisor_cannot_invite_to_my_unit(cast, django_capture_on_commit_callbacks):
    response = invite(cast, django_capture_on_commit_callbacks, who="sup_b", unit=cast.unit_a)
    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert not Invitation.objects.exists() and not mail.outbox
    with pytest.raises(DomainError):
        services.invitation_create(by=cast.sup_b, email=NEW, unit=cast.unit_a)


def test_a_worker_cannot_invite(cast, django_capture_on_commit_callbacks):
    response = invite(cast, django_capture_on_commit_callbacks, who="worker_a")
    assert response.status_code == 404
    assert not Invitation.objects.exists()


def test_inviting_a_current_member_is_refused_next_to_the_email(
    cast, django_capture_on_commit_callbacks
):
    response = invite(cast, django_capture_on_commit_callbacks, email=cast.worker_a.email)
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert not Invitation.objects.exists()


def test_a_logged_in_person_with_the_invited_email_joins_with_one_click(
    cast, django_capture_on_commit_callbacks
):
    # worker_b (unit B) is invited to unit A too.
    invite(cast, django_capture_on_commit_callbacks, email=cast.worker_b.email)
    path = link_path(mail.outbox[0])
    client = cast.client("worker_b")
    assert client.post(path).status_code == 302
    assert Membership.objects.filter(user=cast.worker_b, unit=cast.unit_a).exists()
    # Someone else logged in cannot use it.
    invite(cast, django_capture_on_commit_callbacks, email="third@example.test")
    other = cast.client("worker_a2")
    response = other.post(link_path(mail.outbox[1]), follow=True)
    assert response.status_code == 200
    assert Invitation.objects.usable().filter(email="third@example.test").exists()
