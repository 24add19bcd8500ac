"""Invitations at scale: resend and renew give a new link (the old one stops working),
withdraw stops it for good, and a pasted list is checked before anything is sent."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from mentoring.accounts import invitations as bulk
from mentoring.accounts import services
from mentoring.accounts.models import Invitation
from mentoring.core.errors import DomainError
from mentoring.core.models import AuditEntry
from tests import factories as f
from tests.utils import assert_constant_queries

pytestmark = pytest.mark.django_db
NEW = "uusi.hoitaja@example.test"


def link_path(message) -> str:
    url = re.search(r"https?://\S+/accounts/invite/(\S+)/", message.body)
    return f"/accounts/invite/{url.group(1)}/"


def invited(cast, capture, *, email=NEW, programme=None) -> Invitation:
    with capture(execute=True):
        return services.invitation_create(
            by=cast.sup_a, email=email, unit=cast.unit_a, programme=programme
        )


def usable(path: str) -> bool:
    return services.invitation_for_token(path.split("/")[-2]) is not None


def test_resend_sends_a_new_link_and_the_old_one_stops_working(
    cast, django_capture_on_commit_callbacks
):
    invitation = invited(cast, django_capture_on_commit_callbacks)
    old = link_path(mail.outbox[0])
    with django_capture_on_commit_callbacks(execute=True):
        bulk.invitation_resend(invitation=invitation, by=cast.sup_a)
    new = link_path(mail.outbox[1])
    assert new != old and usable(new) and not usable(old)
    invitation.refresh_from_db()
    assert invitation.send_count == 2 and invitation.state == Invitation.State.PENDING


def test_renew_gives_an_expired_invitation_a_new_period(cast, django_capture_on_commit_callbacks):
    invitation = invited(cast, django_capture_on_commit_callbacks)
    with pytest.raises(DomainError):  # still waiting: that is "send again"
        bulk.invitation_renew(invitation=invitation, by=cast.sup_a)
    later = timezone.now() + timedelta(days=20)
    with time_machine.travel(later, tick=False):
        invitation.refresh_from_db()
        assert invitation.state == Invitation.State.EXPIRED
        with pytest.raises(DomainError):
            bulk.invitation_resend(invitation=invitation, by=cast.sup_a)
        with django_capture_on_commit_callbacks(execute=True):
            bulk.invitation_renew(invitation=invitation, by=cast.sup_a)
        invitation.refresh_from_db()
        assert invitation.state == Invitation.State.PENDING
        assert invitation.expires_at > later + timedelta(days=13)
        assert usable(link_path(mail.outbox[-1]))


def test_withdraw_stops_the_link_and_leaves_an_audit_entry(
    cast, django_capture_on_commit_callbacks
):
    invitation = invited(cast, django_capture_on_commit_callbacks)
    path = link_path(mail.outbox[0])
    bulk.invitation_withdraw(invitation=invitation, by=cast.admin)
    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.WITHDRAWN and not usable(path)
    assert cast.client("anon").get(path).status_code == 404
    assert AuditEntry.objects.filter(
        action="invitation.withdraw", object_id=str(invitation.pk), actor=cast.admin
    ).exists()
    with pytest.raises(DomainError):
        bulk.invitation_withdraw(invitation=invitation, by=cast.admin)
    with pytest.raises(DomainError):  # a withdrawn one cannot be sent again
        bulk.invitation_resend(invitation=invitation, by=cast.admin)


def test_only_who_may_invite_to_the_unit_may_resend_or_withdraw(
    cast, django_capture_on_commit_callbacks
):
    invitation = invited(cast, django_capture_on_commit_callbacks)
    for stranger in (cast.sup_b, cast.worker_a, cast.outsider):
        with pytest.raises(DomainError):
            bulk.invitation_withdraw(invitation=invitation, by=stranger)
        with pytest.raises(DomainError):
            bulk.invitation_resend(invitation=invitation, by=stranger)


def test_preview_sorts_a_pasted_list(cast, django_capture_on_commit_callbacks):
    invited(cast, django_capture_on_commit_callbacks, email="odottaa@example.test")
    text = (
        "eka@example.test, TOKA@example.test;\n"
        "  eka@example.test  \n"
        "ei-osoite\n"
        f"{cast.worker_a.email}\n"
        "odottaa@example.test;<kolmas@example.test>\n"
        f"{'x' * 250}@example.test\n\n"
    )
    preview = bulk.invitations_preview(unit=cast.unit_a, text=text)
    assert preview.valid == ["eka@example.test", "toka@example.test", "kolmas@example.test"]
    assert [written for written, _reason in preview.invalid] == [
        "ei-osoite",
        f"{'x' * 250}@example.test",
    ]
    assert [reason for _written, reason in preview.invalid] == [
        "Not an email address.",
        "Too long for an email address.",
    ]
    assert dict(preview.skipped) == {
        "eka@example.test": "Listed twice: invited once.",
        cast.worker_a.email: "Already a member of the unit.",
        "odottaa@example.test": "Already invited: the invitation is waiting.",
    }
    assert preview.ready


def test_preview_queries_do_not_grow_with_the_list(cast, django_assert_max_num_queries):
    for size in (3, 600):
        text = "\n".join(f"henkilo{i}@example.test" for i in range(size))
        with django_assert_max_num_queries(2):
            bulk.invitations_preview(unit=cast.unit_a, text=text)


def test_many_at_once_go_through_the_task_each_with_its_own_link(
    cast, django_capture_on_commit_callbacks
):
    text = "a@example.test\nb@example.test\nb@example.test\nrikki"
    with django_capture_on_commit_callbacks(execute=True):
        preview = bulk.invitations_create_many(by=cast.sup_a, unit=cast.unit_a, text=text)
    assert preview.valid == ["a@example.test", "b@example.test"]
    rows = Invitation.objects.filter(email__in=preview.valid)
    assert all(row.sent_at and row.send_count == 1 for row in rows)
    assert sorted(m.to[0] for m in mail.outbox) == preview.valid
    paths = {link_path(m) for m in mail.outbox}
    assert len(paths) == 2 and all(usable(p) for p in paths)
    # The same list again: everyone is already invited, nothing is sent.
    with pytest.raises(DomainError):
        bulk.invitations_create_many(by=cast.sup_a, unit=cast.unit_a, text=text)


def test_the_send_task_sends_once_even_when_run_twice(cast):
    invitation = f.InvitationFactory(unit=cast.unit_a, invited_by=cast.sup_a, sent_at=None)
    assert services.invitations_send_waiting(ids=[invitation.pk]) == 1
    assert services.invitations_send_waiting(ids=[invitation.pk]) == 0
    assert len(mail.outbox) == 1


def test_a_failed_email_is_left_unsent_for_the_retry(cast, monkeypatch):
    invitation = f.InvitationFactory(unit=cast.unit_a, invited_by=cast.sup_a, sent_at=None)

    def refuse(**kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr(services, "invitation_email_send", refuse)
    with pytest.raises(ConnectionRefusedError):
        services.invitations_send_waiting(ids=[invitation.pk])
    invitation.refresh_from_db()
    assert invitation.sent_at is None and invitation.send_count == 0


def test_one_refused_email_does_not_hold_back_the_others(cast, monkeypatch):
    rows = [
        f.InvitationFactory(unit=cast.unit_a, invited_by=cast.sup_a, sent_at=None, email=e)
        for e in ["a@example.test", "refused@example.test", "c@example.test"]
    ]
    send = services.invitation_email_send

    def refuse_one(*, invitation, token):
        if invitation.email == "refused@example.test":
            raise ConnectionRefusedError
        send(invitation=invitation, token=token)

    monkeypatch.setattr(services, "invitation_email_send", refuse_one)
    with pytest.raises(ConnectionRefusedError):  # the task tries again for the one left
        services.invitations_send_waiting(ids=[r.pk for r in rows])
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.test", "c@example.test"]
    sent = dict(Invitation.objects.values_list("email", "send_count"))
    assert sent == {"a@example.test": 1, "refused@example.test": 0, "c@example.test": 1}


def test_an_invitation_whose_email_fails_is_left_not_sent_and_the_page_answers(
    cast, monkeypatch, django_capture_on_commit_callbacks
):
    def refuse(**kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr(services, "invitation_email_send", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_create(
            by=cast.sup_a, email="uusi@example.test", unit=cast.unit_a
        )
    invitation.refresh_from_db()
    assert invitation.sent_at is None and invitation.send_count == 0  # "not sent yet"


def test_a_supervisor_cannot_paste_invitations_to_another_unit(cast):
    with pytest.raises(DomainError):
        bulk.invitations_create_many(by=cast.sup_b, unit=cast.unit_a, text="a@example.test")


# --- Pages ------------------------------------------------------------------------------------


def test_the_paste_page_checks_first_and_sends_only_on_confirmation(
    cast, django_capture_on_commit_callbacks
):
    client = cast.client("sup_a")
    url = reverse("accounts:unit_invite_many", args=[cast.unit_a.pk])
    data = {"emails": "a@example.test; huono", "unit": cast.unit_a.pk, "language": "fi"}
    page = client.post(url, {**data, "step": "check"})
    assert page.status_code == 200
    assert "Not an email address." in page.text
    assert "Send to the 1 valid address and leave the rest out" in page.text
    assert not Invitation.objects.exists() and not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(url, {**data, "step": "send"})
    assert sent.status_code == 302
    assert [m.to for m in mail.outbox] == [["a@example.test"]]


def test_a_bad_paste_changes_nothing(cast):
    client = cast.client("sup_a")
    url = reverse("accounts:unit_invite_many", args=[cast.unit_a.pk])
    for data in (
        {"emails": "", "unit": cast.unit_a.pk, "language": "fi", "step": "send"},
        {"emails": "a@example.test", "unit": cast.unit_b.pk, "language": "fi", "step": "send"},
        {"emails": "a@example.test", "unit": cast.unit_a.pk, "language": "xx", "step": "send"},
        {"emails": "x" * 200_000, "unit": cast.unit_a.pk, "language": "fi", "step": "send"},
        {"emails": "a@example.test", "unit": cast.unit_a.pk, "language": "fi", "step": "go"},
    ):
        assert client.post(url, data).status_code == 200
    assert not Invitation.objects.exists()


def test_the_actions_from_the_list(cast, django_capture_on_commit_callbacks):
    invitation = invited(cast, django_capture_on_commit_callbacks)
    client = cast.client("sup_a")
    url = reverse("accounts:invitation_action", args=[invitation.key])
    back = reverse("accounts:unit_invitations", args=[cast.unit_a.pk]) + "?state=pending"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "resend", "next": back})
    assert response["Location"] == back and len(mail.outbox) == 2
    response = client.post(url, {"action": "resend", "next": "https://evil.example/"})
    assert response["Location"] == reverse("accounts:unit_invitations", args=[cast.unit_a.pk])
    client.post(url, {"action": "withdraw"})
    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.WITHDRAWN
    assert client.post(url, {"action": "explode"}).status_code == 302
    assert cast.client("sup_b").post(url, {"action": "withdraw"}).status_code == 404


def test_the_unit_list_shows_every_state(cast, django_capture_on_commit_callbacks):
    waiting = invited(cast, django_capture_on_commit_callbacks, email="odottaa@example.test")
    gone = invited(cast, django_capture_on_commit_callbacks, email="peruttu@example.test")
    bulk.invitation_withdraw(invitation=gone, by=cast.sup_a)
    f.InvitationFactory(
        unit=cast.unit_a, email="vanha@example.test", expires_at=timezone.now() - timedelta(days=1)
    )
    page = cast.client("admin").get(reverse("accounts:unit_invitations", args=[cast.unit_a.pk]))
    assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]
    text = page.text
    assert all(e in text for e in (waiting.email, gone.email, "vanha@example.test"))
    assert "Renew" in text and "Send again" in text and "Withdrawn on" in text
    only = cast.client("admin").get(
        reverse("accounts:unit_invitations", args=[cast.unit_a.pk]) + "?state=expired"
    )
    assert "vanha@example.test" in only.text and waiting.email not in only.text


def test_the_unit_list_answers_in_constant_queries(cast):
    client = cast.client("sup_a")
    url = reverse("accounts:unit_invitations", args=[cast.unit_a.pk])

    def grow(n):
        for i in range(n):
            f.InvitationFactory(unit=cast.unit_a, invited_by=cast.sup_a, email=f"k{n}-{i}@e.test")

    assert_constant_queries(client, url, grow, sizes=(1, 60))
