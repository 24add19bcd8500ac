import re

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_password_reset_email_link_sets_a_new_password(cast, client):
    response = client.post(reverse("account_reset_password"), {"email": cast.worker_a.email})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [cast.worker_a.email]
    assert mail.outbox[0].alternatives  # text and HTML
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/\S+/)", mail.outbox[0].body)
    assert link

    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    assert not form_page.context.get("token_fail")
    set_url = form_page.redirect_chain[-1][0]
    new = "Uusi-salasana-2025"
    done = client.post(set_url, {"password1": new, "password2": new})
    assert done.status_code == 302
    assert done["Location"] == reverse("account_reset_password_from_key_done")
    cast.worker_a.refresh_from_db()
    assert cast.worker_a.check_password(new)

    # The link is spent.
    again = client.get(link.group(1), follow=True)
    assert again.context["token_fail"]


def test_unknown_email_sends_nothing_and_reveals_nothing(client, cast):
    response = client.post(reverse("account_reset_password"), {"email": "nobody@example.test"})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")
    assert mail.outbox == []


def test_password_change_requires_the_old_password(cast):
    client = cast.client("worker_a")
    url = reverse("account_change_password")
    bad = client.post(
        url, {"oldpassword": "wrong", "password1": "Uusi-2025-x", "password2": "Uusi-2025-x"}
    )
    assert bad.status_code == 200 and bad.context["form"].errors["oldpassword"]
    good = client.post(
        url, {"oldpassword": "password-123", "password1": "Uusi-2025-x", "password2": "Uusi-2025-x"}
    )
    assert good.status_code == 302
    cast.worker_a.refresh_from_db()
    assert cast.worker_a.check_password("Uusi-2025-x")


def test_the_reset_email_is_written_in_the_account_language(cast, client):
    cast.worker_a.language = "sv"
    cast.worker_a.save()
    client.post(reverse("account_reset_password"), {"email": cast.worker_a.email})
    (message,) = mail.outbox
    assert message.subject == "Välj ett nytt lösenord för Mentorpolku"


def test_the_reset_email_footer_links_to_the_site(cast, client, settings):
    settings.SITE_URL = "https://mentorpolku.example.fi"
    client.post(reverse("account_reset_password"), {"email": cast.worker_a.email})
    (message,) = mail.outbox
    html = message.alternatives[0][0]
    assert 'href=""' not in html
    assert '<a href="https://mentorpolku.example.fi"' in html
