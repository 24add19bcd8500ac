"""Logging in: email + password, a cool-off after repeated failures (never a permanent lock),
and the user's preferred language applied at login."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


def attempt(client, email, password):
    return client.post(LOGIN, {"login": email, "password": password})


def test_login_with_email_and_password(cast, client):
    response = attempt(client, "Worker.A@example.test", "password-123")
    assert response.status_code == 302 and response["Location"] == reverse("site:home")


def test_wrong_password_is_told_next_to_the_form(cast, client):
    response = attempt(client, cast.worker_a.email, "wrong")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_five_failures_give_a_cool_off_page_then_login_works_again(cast, client, settings):
    email = cast.worker_a.email
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, email, "wrong").status_code == 200
    locked = attempt(client, email, "wrong")
    assert locked.status_code == 429
    assert "accounts/locked_out.html" in [t.name for t in locked.templates]
    # Even the right password is refused during the cool-off.
    assert attempt(client, email, "password-123").status_code == 429
    # Other people can still log in.
    assert attempt(client, cast.worker_b.email, "password-123").status_code == 302

    later = timezone.now() + settings.AXES_COOLOFF_TIME + timedelta(seconds=5)
    with time_machine.travel(later):
        response = attempt(client, email, "password-123")
    assert response.status_code == 302 and response["Location"] == reverse("site:home")


def test_the_cool_off_page_says_how_long_to_wait(cast, client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = attempt(client, cast.worker_a.email, "wrong")
    assert response.status_code == 429
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert response.context["minutes"] == minutes
    assert f"{minutes} minutes" in response.content.decode()


def test_preferred_language_is_applied_at_login(cast, client, settings):
    cast.worker_a.language = "sv"
    cast.worker_a.save()
    response = attempt(client, cast.worker_a.email, "password-123")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "sv"
    home = client.get(reverse("site:home"))
    assert '<html lang="sv">' in home.content.decode()


def test_finnish_is_the_default_language(cast, client, settings):
    settings.LANGUAGE_CODE = "fi"  # the product's default (tests otherwise read English)
    page = client.get(LOGIN)
    assert '<html lang="fi">' in page.content.decode()


def test_the_switcher_changes_the_language_and_remembers_it(cast, settings):
    client = cast.client("worker_a")
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert '<html lang="en">' in client.get("/").content.decode()
    cast.worker_a.refresh_from_db()
    assert cast.worker_a.language == "en"  # next login and emails use it too


def test_the_switcher_ignores_an_unknown_language(cast, settings):
    client = cast.client("worker_a")
    response = client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    cast.worker_a.refresh_from_db()
    assert cast.worker_a.language == "fi"


def test_the_switcher_works_for_anonymous_visitors(client, settings):
    response = client.post(reverse("set_language"), {"language": "sv", "next": LOGIN})
    assert response["Location"] == LOGIN
    assert '<html lang="sv">' in client.get(LOGIN).content.decode()


def test_the_switcher_does_not_redirect_off_site(client):
    response = client.post(
        reverse("set_language"), {"language": "sv", "next": "https://evil.test/"}
    )
    assert response["Location"] == "/"
