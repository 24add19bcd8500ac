"""The local mail folder (development): emails written by the file backend, readable in the browser."""

import pytest
from django.core import mail
from django.urls import reverse

from mentoring.core.emails import send_templated_email

FILE_BACKEND = "django.core.mail.backends.filebased.EmailBackend"


@pytest.fixture
def mail_folder(settings, tmp_path):
    settings.EMAIL_BACKEND = FILE_BACKEND
    settings.EMAIL_FILE_PATH = tmp_path
    return tmp_path


def send_invitation_like_mail(cast):
    send_templated_email(
        "invitation",
        to="new.worker@example.test",
        language="fi",
        context={
            "invitation": None,
            "unit": cast.unit_a,
            "inviter": cast.sup_a,
            "url": "http://127.0.0.1:8000/accounts/invite/abc/",
            "valid_days": 14,
        },
    )


@pytest.mark.django_db
def test_mailbox_lists_and_shows_a_sent_email_when_enabled(cast, client, settings, mail_folder):
    settings.MAILBOX_VIEWER = True
    send_invitation_like_mail(cast)
    assert list(mail_folder.glob("*.log"))

    # Open without logging in: the invitee reads it before having an account.
    listing = client.get(reverse("core:mailbox"))
    assert listing.status_code == 200
    assert "new.worker@example.test" in listing.content.decode()
    detail_url = reverse("core:mailbox_detail", args=[listing.context["messages_"][0].key])
    assert detail_url in listing.content.decode()

    detail = client.get(detail_url)
    assert detail.status_code == 200
    body = detail.content.decode()
    assert "http://127.0.0.1:8000/accounts/invite/abc/" in body
    assert cast.unit_a.name in body


@pytest.mark.django_db
def test_mailbox_is_404_when_disabled(cast, settings, mail_folder):
    settings.MAILBOX_VIEWER = False
    send_invitation_like_mail(cast)
    client = cast.client("sup_a")
    assert client.get(reverse("core:mailbox")).status_code == 404
    name = next(mail_folder.glob("*.log")).name
    assert client.get(reverse("core:mailbox_detail", args=[f"{name}:0"])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["..:0", ".log:0", "x.log:9", "x.log:a", "y.log:0", "nothing"])
def test_mailbox_refuses_bad_keys(client, settings, mail_folder, key):
    settings.MAILBOX_VIEWER = True
    (mail_folder / "x.log").write_text("Subject: hi\n\nbody\n" + "-" * 79 + "\n")
    assert client.get(reverse("core:mailbox_detail", args=[key])).status_code == 404


def test_mailbox_viewer_follows_debug_by_default():
    from django.conf import settings

    assert settings.DEBUG is False and settings.MAILBOX_VIEWER is False
    assert mail.outbox == []


@pytest.mark.django_db
def test_mailbox_shows_finnish_and_swedish_letters(cast, client, settings, mail_folder):
    settings.MAILBOX_VIEWER = True
    cast.unit_a.name = "Kotihoito Ähtäri & Åbo"
    cast.unit_a.save()
    send_invitation_like_mail(cast)
    listing = client.get(reverse("core:mailbox"))
    (message,) = listing.context["messages_"]
    assert "Kotihoito Ähtäri & Åbo" in message.subject
    assert "Kotihoito Ähtäri & Åbo" in message.text
    assert "\ufffd" not in message.text + message.html + message.subject
    detail = client.get(reverse("core:mailbox_detail", args=[message.key])).content.decode()
    assert "Kotihoito Ähtäri &amp; Åbo" in detail and "\ufffd" not in detail
