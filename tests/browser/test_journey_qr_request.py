"""Journey: the QR code works for someone without an account.

Kaisa, a care worker with no account yet, scans the QR code at the weekly meeting on her
phone: the public page tells her about the programme and she asks to take part. Her supervisor
accepts the request with one click on the sign-ups page (also on a phone); Kaisa opens the
invitation email, makes her account and lands on the sign-up form, where she signs up.
"""

import re

import pytest
from django.core import mail

from mentoring.programmes.models import ParticipationRequest, SignUp

from .journeys import check, heading, programme_running, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
KAISA = "kaisa.kysyja@example.test"


def test_a_worker_without_an_account_asks_is_accepted_and_signs_up(new_page, cast):
    programme = programme_running(cast, name="Polku")
    mail.outbox.clear()

    # Kaisa scans the code: the public page, and "I want to take part".
    kaisa = new_page(phone=True, language="en")
    kaisa.goto(f"/s/{programme.short_code}/")
    assert heading(kaisa) == "Polku"
    check(kaisa)
    kaisa.get_by_label("Your name").fill("Kaisa Kysyjä")
    kaisa.get_by_label("Your email").fill(KAISA)
    kaisa.get_by_label("Your unit").select_option(label=cast.unit_a.name)
    kaisa.get_by_label("an actor: I am new and want to learn").check()
    kaisa.get_by_label("A word to the supervisor (if you like)").fill("Aloitin elokuussa.")
    with kaisa.expect_navigation():
        kaisa.get_by_role("button", name="Send my request").click()
    assert heading(kaisa) == "Thank you!"
    check(kaisa)
    assert ParticipationRequest.objects.get().email == KAISA
    assert mail.outbox == []  # nothing happens before the supervisor

    # The supervisor accepts with one click.
    sup = new_page("sup_a", phone=True, language="en")
    sup.goto(f"/programmes/{programme.pk}/signups/")
    requests = sup.locator("section", has=sup.get_by_role("heading", name="Requests to take part"))
    assert "Kaisa Kysyjä" in requests.inner_text() and "Aloitin elokuussa." in requests.inner_text()
    check(sup)
    with sup.expect_navigation():
        sup.get_by_role("button", name="Accept and invite Kaisa Kysyjä").click()
    sup.get_by_text("Kaisa Kysyjä is invited.").wait_for()
    waiting = sup.locator("section", has=sup.get_by_role("heading", name="Invitations waiting"))
    assert KAISA in waiting.inner_text()
    screenshot(sup, "journey-qr-accepted-phone")

    # Kaisa follows the invitation email, makes her account and signs up.
    (message,) = [m for m in mail.outbox if m.to == [KAISA]]
    assert "Polku" in message.body
    path = re.search(r"https?://[^/\s]+(/accounts/invite/\S+/)", message.body).group(1)
    kaisa.goto(path)
    check(kaisa)
    kaisa.locator("input[name=password1]").fill("Vahva-salasana-2026")
    kaisa.locator("input[name=password2]").fill("Vahva-salasana-2026")
    with kaisa.expect_navigation():
        kaisa.locator("main form button[type=submit]").first.click()
    assert kaisa.url.endswith(f"/programmes/{programme.pk}/signup/")
    check(kaisa)
    # What she asked for on the public page is already chosen.
    assert kaisa.get_by_label("an actor: I am new and want to learn").is_checked()
    kaisa.get_by_label("Years in the field").fill("0")
    kaisa.get_by_role("button", name="Sign up").click()
    kaisa.get_by_text("Thank you! You are signed up.").wait_for()
    screenshot(kaisa, "journey-qr-signed-up-phone")

    signup = SignUp.objects.get(programme=programme, user__email=KAISA)
    assert (signup.role, signup.unit) == ("actor", cast.unit_a)
