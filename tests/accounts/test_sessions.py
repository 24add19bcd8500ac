"""A sign-in ends after a while without activity and after a working day in any case; no
signed-in page is kept in a cache."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from tests.utils import sign_in

pytestmark = pytest.mark.django_db
HOME = reverse("site:home")
PROFILE = reverse("accounts:profile")


def sent_to_login(response, next_url) -> bool:
    return response.status_code == 302 and response["Location"] == (
        f"{reverse('account_login')}?next={next_url}"
    )


def test_idle_too_long_signs_out_with_a_message(cast, client, settings):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        sign_in(client, cast.worker_a)
        assert client.get(HOME).status_code == 200
    idle = timedelta(minutes=settings.SESSION_IDLE_MINUTES)
    with time_machine.travel(start + idle - timedelta(minutes=1), tick=False):
        assert client.get(HOME).status_code == 200  # still active: the clock restarts
    with time_machine.travel(start + 2 * idle - timedelta(minutes=2), tick=False):
        assert client.get(HOME).status_code == 200
    with time_machine.travel(start + 3 * idle, tick=False):
        response = client.get(PROFILE)
        assert sent_to_login(response, PROFILE)
        assert [str(m) for m in get_messages(response.wsgi_request)] == [
            "For your security you were signed out. Please log in again."
        ]
        assert sent_to_login(client.get(HOME), HOME)  # signed out for good


def test_a_session_ends_after_the_maximum_however_active(cast, client, settings):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        sign_in(client, cast.worker_a)
        client.get(HOME)
    step = timedelta(minutes=settings.SESSION_IDLE_MINUTES - 5)
    moment = start
    while moment + step < start + timedelta(hours=settings.SESSION_MAX_HOURS):
        moment += step
        with time_machine.travel(moment, tick=False):
            assert client.get(HOME).status_code == 200
    with time_machine.travel(start + timedelta(hours=settings.SESSION_MAX_HOURS, minutes=1)):
        assert sent_to_login(client.get(HOME), HOME)


def test_the_settings_are_the_issue_defaults(settings):
    assert settings.SESSION_IDLE_MINUTES == 120
    assert settings.SESSION_MAX_HOURS == 12
    assert settings.SESSION_COOKIE_AGE == 12 * 3600


def test_a_part_of_a_page_sends_the_whole_page_to_the_login(cast, client, settings):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        sign_in(client, cast.worker_a)
        client.get(HOME)
    with time_machine.travel(start + timedelta(hours=3), tick=False):
        response = client.get(HOME, HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"].startswith(reverse("account_login"))


@pytest.mark.parametrize("who", ["worker_a", "sup_a", "admin"])
def test_signed_in_pages_are_not_cached(cast, who):
    client = cast.client(who)
    for url in [HOME, PROFILE]:
        response = client.get(url)
        assert response.status_code == 200
        assert response["Cache-Control"] == "no-store, private"
