"""A concluded pair's members read on the pair page the day their texts will be erased."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from tests import factories as f

HELSINKI = ZoneInfo("Europe/Helsinki")
NOW = dt.datetime(2026, 6, 15, 12, 0, tzinfo=HELSINKI)

pytestmark = pytest.mark.django_db

IN_WORDS = {
    "en": ("will be erased on June 4, 2027", "were erased on"),
    "fi": ("poistetaan 4. kesäkuuta 2027", "poistettiin"),
    "sv": ("raderas 4.6.2027", "raderades"),
}


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _pair(cast, **kwargs):
    programme = f.ProgrammeFactory(organisation=cast.organisation, units=[cast.unit_a])
    return f.PairFactory(
        programme=programme,
        mentor__user=cast.worker_a,
        actor__user=cast.worker_a2,
        published_days_ago=100,
        **kwargs,
    )


def _page(cast, who, pair, language="en") -> str:
    client = cast.client(who)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse("pairs:detail", kwargs={"pair_id": pair.pk}))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("language", ["en", "fi", "sv"])
def test_the_members_see_the_day_in_their_language(frozen, cast, language):
    pair = _pair(cast, concluded=True, concluded_at=dt.datetime(2026, 6, 3, 15, tzinfo=HELSINKI))
    for who in ("worker_a", "worker_a2"):
        html = _page(cast, who, pair, language)
        assert 'id="texts-erased-on"' in html
        assert IN_WORDS[language][0] in html, html[html.find("texts-erased-on") :][:400]


def test_overseers_are_not_told_and_a_running_pair_has_no_day(frozen, cast):
    concluded = _pair(cast, concluded=True)
    for who in ("sup_a", "admin"):
        assert "texts-erased-on" not in _page(cast, who, concluded)
    running = _pair(cast, active=True)
    assert "texts-erased-on" not in _page(cast, "worker_a", running)


def test_after_the_day_the_line_says_they_were_erased(frozen, cast, settings):
    settings.RETENTION_PAIR_TEXTS_MONTHS = 1
    pair = _pair(cast, concluded=True, concluded_at=NOW - dt.timedelta(days=60))
    html = _page(cast, "worker_a", pair)
    assert "were erased on" in html and "will be erased" not in html
