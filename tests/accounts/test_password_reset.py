import re

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_password_reset_email_link_sets_a_new_password(cast, client):
    response = client.post(reverse("accounts:password_reset"), {"email": cast.worker_a.email})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [cast.worker_a.email]
    assert mail.outbox[0].alternatives  # text and HTML
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/\S+/)", mail.outbox[0].body)
    assert link

    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    assert form_page.context["validlink"] is True
    set_url = form_page.redirect_chain[-1][0]
    new = "Uusi-salasana-2025"
    done = client.post(set_url, {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    assert done["Location"] == reverse("accounts:password_reset_complete")
    cast.worker_a.refresh_from_db()
    assert cast.worker_a.check_password(new)

    # The link is spent.
    again = client.get(link.group(1), follow=True)
    assert again.context["validlink"] is False


def test_unknown_email_sends_nothing_and_reveals_nothing(client, cast):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.test"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_password_change_requires_the_old_password(cast):
    client = cast.client("worker_a")
    url = reverse("accounts:password_change")
    bad = client.post(
        url,
        {"old_password": "wrong", "new_password1": "Uusi-2025-x", "new_password2": "Uusi-2025-x"},
    )
    assert bad.status_code == 200 and bad.context["form"].errors["old_password"]
    good = client.post(
        url,
        {
            "old_password": "password-123",
            "new_password1": "Uusi-2025-x",
            "new_password2": "Uusi-2025-x",
        },
    )
    assert good.status_code == 302
    cast.worker_a.refresh_from_db()
    assert cast.worker_a.check_password("Uusi-2025-x")


def test_the_reset_email_is_written_in_the_account_language(cast, client):
    cast.worker_a.language = "sv"
    cast.worker_a.save()
    client.post(reverse("accounts:password_reset"), {"email": cast.worker_a.email})
    (message,) = mail.outbox
    assert message.subject == "Välj ett nytt lösenord för Mentorpolku"


def test_the_reset_email_footer_links_to_the_site(cast, client, settings):
    settings.SITE_URL = "https://mentorpolku.example.fi"
    client.post(reverse("accounts:password_reset"), {"email": cast.worker_a.email})
    (message,) = mail.outbox
    html = message.alternatives[0][0]
    assert 'href=""' not in html
    assert '<a href="https://mentorpolku.example.fi"' in html
