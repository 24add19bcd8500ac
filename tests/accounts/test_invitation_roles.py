"""Invitations carry a role: the organisation admin invites supervisors (or workers) to any unit
of the organisation; a supervisor invites only workers, only to the units they supervise."""

import pytest
from django.core import mail

from mentoring.accounts import services
from mentoring.accounts.models import Invitation, User
from mentoring.core.errors import DomainError
from mentoring.core.models import AuditEntry
from units.access import user_roles
from units.models import Membership

from .test_invitations import accept, link_path

pytestmark = pytest.mark.django_db
NEW = "uusi.esihenkilo@example.test"


def create(capture, **kwargs):
    with capture(execute=True):
        return services.invitation_create(**kwargs)


def test_the_admin_invites_a_supervisor_to_any_unit_of_the_organisation(
    cast, client, django_capture_on_commit_callbacks
):
    invitation = create(
        django_capture_on_commit_callbacks,
        by=cast.admin,
        email=NEW,
        unit=cast.unit_b,
        role="supervisor",
        language="en",
    )
    assert invitation.role == "supervisor"
    entry = AuditEntry.objects.get(action="invitation.create")
    assert entry.data == {"unit": str(cast.unit_b.pk), "role": "supervisor"}
    [message] = mail.outbox
    assert "as a supervisor of Yksikkö B" in message.body

    accept(client, link_path(message))
    user = User.objects.get(email=NEW)
    assert Membership.objects.get(user=user).role == "supervisor"
    assert user_roles(user).supervised_unit_ids == {cast.unit_b.pk}


def test_the_admin_may_invite_a_worker_too(cast, django_capture_on_commit_callbacks):
    invitation = create(
        django_capture_on_commit_callbacks,
        by=cast.admin,
        email=NEW,
        unit=cast.unit_a,
        role="worker",
        language="en",
    )
    assert invitation.role == "worker"
    assert "as a supervisor" not in mail.outbox[0].body


def test_a_person_with_an_account_joins_with_the_invited_role(
    cast, django_capture_on_commit_callbacks
):
    create(
        django_capture_on_commit_callbacks,
        by=cast.admin,
        email=cast.worker_b.email.upper(),
        unit=cast.unit_a,
        role="supervisor",
    )
    client = cast.client("worker_b")
    response = client.post(link_path(mail.outbox[0]))
    assert response.status_code == 302
    assert Membership.objects.get(user=cast.worker_b, unit=cast.unit_a).role == "supervisor"
    assert Membership.objects.get(user=cast.worker_b, unit=cast.unit_b).role == "worker"


def test_a_supervisor_invites_workers_only(cast, django_capture_on_commit_callbacks):
    with pytest.raises(DomainError) as error:
        create(
            django_capture_on_commit_callbacks,
            by=cast.sup_a,
            email=NEW,
            unit=cast.unit_a,
            role="supervisor",
        )
    assert error.value.field == "role"
    invitation = create(
        django_capture_on_commit_callbacks, by=cast.sup_a, email=NEW, unit=cast.unit_a
    )
    assert invitation.role == "worker"


def test_a_supervisor_still_invites_only_to_their_own_units(
    cast, django_capture_on_commit_callbacks
):
    with pytest.raises(DomainError):
        create(django_capture_on_commit_callbacks, by=cast.sup_a, email=NEW, unit=cast.unit_b)
    assert not Invitation.objects.exists() and not mail.outbox


@pytest.mark.parametrize("who", ["worker_a", "outsider"])
def test_others_cannot_invite_anyone(cast, who, django_capture_on_commit_callbacks):
    for role in ("worker", "supervisor"):
        with pytest.raises(DomainError):
            create(
                django_capture_on_commit_callbacks,
                by=getattr(cast, who),
                email=NEW,
                unit=cast.unit_a,
                role=role,
            )
    assert not Invitation.objects.exists()


def test_the_admin_of_another_organisation_cannot_invite_here(
    cast, django_capture_on_commit_callbacks
):
    from tests import factories as f

    stranger = f.OrganisationAdminFactory().user
    with pytest.raises(DomainError):
        create(
            django_capture_on_commit_callbacks,
            by=stranger,
            email=NEW,
            unit=cast.unit_a,
            role="supervisor",
        )
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("role", ["boss", "", "admin"])
def test_an_unknown_role_is_refused(cast, role, django_capture_on_commit_callbacks):
    with pytest.raises(DomainError) as error:
        create(
            django_capture_on_commit_callbacks,
            by=cast.admin,
            email=NEW,
            unit=cast.unit_a,
            role=role,
        )
    assert error.value.field == "role"
    assert not Invitation.objects.exists()


def test_a_member_of_the_unit_is_not_invited_again(cast, django_capture_on_commit_callbacks):
    with pytest.raises(DomainError) as error:
        create(
            django_capture_on_commit_callbacks,
            by=cast.admin,
            email=cast.worker_a.email,
            unit=cast.unit_a,
            role="supervisor",
        )
    assert error.value.field == "email"
    assert not Invitation.objects.exists()
