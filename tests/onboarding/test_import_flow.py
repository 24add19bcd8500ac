"""The staff import through its pages: upload → preview → confirm → invitations in the
background (run in process here) → progress. Re-importing changes nothing; a changed row
updates the person; nobody is duplicated."""

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from kombu.exceptions import OperationalError as KombuOperationalError

from mentoring.accounts import services as account_services
from mentoring.accounts.models import Invitation
from mentoring.core.models import AuditEntry
from mentoring.onboarding import tasks
from mentoring.onboarding.models import StaffImport
from tests.utils import count_queries, sign_in
from units.models import Membership, Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def confirm(client, django_capture_on_commit_callbacks):
    """Confirm an import; the invitations' emails, sent after commit, go out at the end."""

    def confirm(batch, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("onboarding:import_confirm", args=[batch.pk]), **kwargs)

    return confirm


HEADER = "nimi;sähköposti;puhelin;yksikkö;rooli;ammattinimike;alalla vuodesta;vuorot;kieli\n"
ROWS = [
    "Anna Uusi;anna.uusi@example.test;040 111;Yksikkö A;työntekijä;lähihoitaja;2019;aamu, ilta;fi",
    "Bo Ny;BO.NY@example.test;;Yksikkö B;arbetstagare;närvårdare;2008;natt;sv",
    "Wille Työntekijä;worker.a@example.test;;Yksikkö A;;Lähihoitaja;;;",
]


def _file(lines, name="staff.csv"):
    return SimpleUploadedFile(name, (HEADER + "\n".join(lines) + "\n").encode())


def _upload(client, lines, **extra):
    response = client.post(reverse("onboarding:import_new"), {"file": _file(lines), **extra})
    assert response.status_code == 302, response.content.decode()[:2000]
    return StaffImport.objects.get(pk=response.url.split("/")[-2])


def test_upload_preview_confirm_and_invitations(client, cast, confirm):
    sign_in(client, cast.admin)
    batch = _upload(client, ROWS)
    preview = client.get(reverse("onboarding:import_detail", args=[batch.pk]))
    text = preview.content.decode()
    assert "2 new people: invitations go out" in text and "1 person unchanged" in text
    assert not Invitation.objects.filter(email="anna.uusi@example.test").exists()

    response = confirm(batch)
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == StaffImport.Status.DONE and batch.invited == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["anna.uusi@example.test", "bo.ny@example.test"]
    invitation = Invitation.objects.get(email="bo.ny@example.test")
    assert (invitation.unit, invitation.language, invitation.shifts) == (
        cast.unit_b,
        "sv",
        ["night"],
    )
    progress = client.get(reverse("onboarding:import_detail", args=[batch.pk])).content.decode()
    assert "Done: every invitation has been sent." in progress
    assert AuditEntry.objects.filter(action="staff_import.confirm").count() == 1


def test_the_same_file_again_changes_nothing(client, cast, confirm):
    sign_in(client, cast.admin)
    confirm(_upload(client, ROWS))
    invitations, members = Invitation.objects.count(), Membership.objects.count()
    sent = len(mail.outbox)

    again = _upload(client, ROWS)
    text = client.get(reverse("onboarding:import_detail", args=[again.pk])).content.decode()
    assert "3 people unchanged" in text and "There is nothing to import" in text
    confirm(again)
    assert (Invitation.objects.count(), Membership.objects.count()) == (invitations, members)
    assert len(mail.outbox) == sent


def test_a_changed_row_updates_that_person_and_nobody_is_duplicated(client, cast, confirm):
    sign_in(client, cast.admin)
    confirm(_upload(client, ROWS))
    changed = [
        ROWS[0].replace("2019", "2017"),
        ROWS[1].replace("BO.NY", "bo.ny"),
        ROWS[2].replace(";Lähihoitaja;", ";Sairaanhoitaja;"),
    ]
    batch = _upload(client, changed)
    text = client.get(reverse("onboarding:import_detail", args=[batch.pk])).content.decode()
    assert "2 people updated" in text and "year started in the field" in text
    confirm(batch)
    assert Invitation.objects.get(email="anna.uusi@example.test").started_in_field == 2017
    assert Invitation.objects.filter(email__iexact="bo.ny@example.test").count() == 1
    worker = Membership.objects.get(user=cast.worker_a, unit=cast.unit_a)
    assert worker.job_title == "Sairaanhoitaja" and worker.started_in_field == 2005


def test_bad_rows_are_shown_and_only_the_rest_is_imported_on_confirmation(client, cast, confirm):
    sign_in(client, cast.admin)
    batch = _upload(
        client, [ROWS[0], "X;bad email;;Yksikkö A;;;;;", "Y;y@example.test;;Muu yksikkö;;;;;"]
    )
    text = client.get(reverse("onboarding:import_detail", args=[batch.pk])).content.decode()
    assert "The email “bad email” is not valid." in text
    assert "The unit “Muu yksikkö” is not in your organisation." in text
    assert "Import the rows without errors" in text
    assert not Invitation.objects.exists()
    confirm(batch)
    assert list(Invitation.objects.values_list("email", flat=True)) == ["anna.uusi@example.test"]
    assert not Unit.objects.filter(name="Muu yksikkö", organisation=cast.organisation).exists()


def test_an_admin_may_add_the_missing_units(client, cast, confirm):
    sign_in(client, cast.admin)
    batch = _upload(client, ["Z;z@example.test;;Uusi yksikkö;;;;;"], create_units="on")
    assert (
        "Units added: Uusi yksikkö"
        in client.get(reverse("onboarding:import_detail", args=[batch.pk])).content.decode()
    )
    confirm(batch)
    unit = Unit.objects.get(organisation=cast.organisation, name="Uusi yksikkö")
    assert Invitation.objects.get(email="z@example.test").unit == unit
    assert AuditEntry.objects.get(action="staff_import.confirm").data["units_added"] == 1


def test_a_supervisor_imports_into_their_own_units_only(client, cast, confirm):
    sign_in(client, cast.sup_a)
    batch = _upload(client, ROWS, create_units="on")
    assert batch.create_units is False
    text = client.get(reverse("onboarding:import_detail", args=[batch.pk])).content.decode()
    assert "You do not supervise the unit “Yksikkö B”." in text
    confirm(batch)
    assert list(Invitation.objects.values_list("email", flat=True)) == ["anna.uusi@example.test"]
    assert Invitation.objects.get().invited_by == cast.sup_a


def test_confirming_twice_applies_once(client, cast, confirm):
    sign_in(client, cast.admin)
    batch = _upload(client, ROWS)
    confirm(batch)
    response = client.post(reverse("onboarding:import_confirm", args=[batch.pk]), follow=True)
    assert "This file has already been imported." in response.content.decode()
    assert Invitation.objects.count() == 2


def test_an_accepted_invitation_brings_what_the_file_said(client, cast, confirm):
    sign_in(client, cast.admin)
    confirm(_upload(client, ROWS))
    client.logout()
    token = re.search(r"/accounts/invite/([^/]+)/", mail.outbox[0].body).group(1)
    email = mail.outbox[0].to[0]
    client.post(
        reverse("accounts:invitation_accept", args=[token]),
        {
            "name": "Uusi Ihminen",
            "password1": "pitkä-salasana-42",
            "password2": "pitkä-salasana-42",
        },
    )
    membership = Membership.objects.get(user__email=email)
    row = ROWS[0] if email.startswith("anna") else ROWS[1]
    assert str(membership.started_in_field) in row
    assert membership.shifts in (["day", "evening"], ["night"])


@pytest.mark.parametrize(
    "content, name, words",
    [
        (b"", "staff.csv", "The submitted file is empty."),
        (b"%PDF-1.4\x00", "staff.pdf", "not a CSV or XLSX file"),
        (b"name;phone\nA;1\n", "staff.csv", "no column for"),
    ],
)
def test_a_bad_file_gets_a_clear_message_and_changes_nothing(client, cast, content, name, words):
    sign_in(client, cast.sup_a)
    response = client.post(
        reverse("onboarding:import_new"), {"file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 200 and words in response.content.decode()
    assert not StaffImport.objects.exists()


def test_the_preview_runs_a_fixed_number_of_queries(client, cast):
    sign_in(client, cast.admin)

    def preview_queries(n):
        lines = [f"P{i};p{n}-{i}@example.test;;Yksikkö A;;;;;" for i in range(n)]
        batch = _upload(client, lines)
        url = reverse("onboarding:import_detail", args=[batch.pk])
        return count_queries(client.get, url)[0]

    assert preview_queries(1) == preview_queries(300)


def test_a_broker_that_does_not_answer_leaves_the_sending_to_try_again(
    client, cast, confirm, monkeypatch
):
    """The rows are applied once; the invitations go out when the user tries again."""
    sign_in(client, cast.admin)
    batch = _upload(client, ROWS)

    def broker_down(*args, **kwargs):
        raise KombuOperationalError("connection refused")

    with monkeypatch.context() as patch:
        patch.setattr(tasks.send_invitations, "delay", broker_down)
        response = confirm(batch, follow=True)
    text = response.content.decode()
    assert "The invitations could not be sent yet. Try again soon." in text
    assert "Send the rest of the invitations" in text
    assert not mail.outbox and StaffImport.objects.get().status == StaffImport.Status.INVITING

    confirm(batch)
    assert StaffImport.objects.get().status == StaffImport.Status.DONE
    assert sorted(m.to[0] for m in mail.outbox) == ["anna.uusi@example.test", "bo.ny@example.test"]


def test_an_email_that_fails_leaves_that_invitation_unsent_for_the_retry(
    client, cast, confirm, monkeypatch
):
    """The import's invitations go out as a pasted list's do: one that the mail server
    refused is not marked sent (the list says "not sent yet" and the retry sends it)."""
    sign_in(client, cast.admin)
    batch = _upload(client, ROWS)
    send = account_services.invitation_email_send

    def refuse_bo(*, invitation, token):
        if invitation.email == "bo.ny@example.test":
            raise ConnectionRefusedError
        send(invitation=invitation, token=token)

    with monkeypatch.context() as patch:
        patch.setattr(account_services, "invitation_email_send", refuse_bo)
        confirm(batch)
    sent = {m.to[0] for m in mail.outbox}
    assert "bo.ny@example.test" not in sent
    for invitation in Invitation.objects.all():
        assert bool(invitation.sent_at) == (invitation.email in sent), invitation.email
    # The retry (here by hand) sends each waiting one, once.
    account_services.invitations_send_waiting(
        ids=list(Invitation.objects.values_list("pk", flat=True))
    )
    assert sorted(m.to[0] for m in mail.outbox) == ["anna.uusi@example.test", "bo.ny@example.test"]


def test_the_progress_page_runs_a_fixed_number_of_queries(client, cast):
    sign_in(client, cast.admin)

    def progress_queries(n):
        entry = {"email": "p@example.test", "unit": str(cast.unit_a.pk)}
        batch = StaffImport.objects.create(
            organisation=cast.organisation,
            uploaded_by=cast.admin,
            status=StaffImport.Status.INVITING,
            to_invite=[entry] * n,
            invited=n // 2,
            counts={"new": n},
        )
        url = reverse("onboarding:import_detail", args=[batch.pk])
        count, response = count_queries(client.get, url)
        assert f"Sending invitations: {n // 2} of {n}." in response.content.decode()
        return count

    assert progress_queries(1) == progress_queries(300)
