"""The secret calendar address on the profile page: made, shown (webcal:// and https),
replaced and stopped by its owner only."""

import pytest
from django.conf import settings
from django.urls import reverse

from mentoring.accounts.calendar_feed import feed_owner, feed_token, own_feed_token
from mentoring.accounts.models import CalendarFeed
from mentoring.accounts.services import calendar_feed_renew, calendar_feed_stop
from mentoring.core.audit import AuditEntry
from mentoring.core.errors import DomainError

pytestmark = pytest.mark.django_db
PROFILE = "/accounts/profile/"
FEED = "/accounts/profile/calendar/"


def test_without_an_address_the_profile_offers_to_make_one(cast):
    response = cast.client("worker_a").get(PROFILE)
    assert response.status_code == 200
    assert 'name="action" value="new"' in response.content.decode()
    assert "webcal://" not in response.content.decode()


def test_making_an_address_shows_it_as_webcal_and_https(cast):
    client = cast.client("worker_a")
    response = client.post(FEED, {"action": "new"})
    assert response.status_code == 302 and response["Location"] == PROFILE + "#calendar"
    token = own_feed_token(user=cast.worker_a)
    path = reverse("meetings:calendar_feed", kwargs={"token": token})
    page = client.get(PROFILE).content.decode()
    host = settings.SITE_URL.split("://", 1)[1]
    assert f'href="webcal://{host}{path}"' in page
    assert f'value="{settings.SITE_URL}{path}"' in page
    assert feed_owner(token=token) == cast.worker_a
    assert AuditEntry.objects.filter(action="calendar_feed.new").count() == 1


def test_a_new_address_replaces_the_old_and_stopping_removes_it(cast):
    client = cast.client("worker_a")
    client.post(FEED, {"action": "new"})
    old = own_feed_token(user=cast.worker_a)
    client.post(FEED, {"action": "new"})
    new = own_feed_token(user=cast.worker_a)
    assert old != new and feed_owner(token=old) is None and feed_owner(token=new) == cast.worker_a
    assert CalendarFeed.objects.count() == 1
    client.post(FEED, {"action": "stop"})
    assert feed_owner(token=new) is None and not CalendarFeed.objects.exists()
    assert own_feed_token(user=cast.worker_a) is None


def test_nonsense_changes_nothing(cast):
    feed = calendar_feed_renew(user=cast.worker_a, by=cast.worker_a)
    response = cast.client("worker_a").post(FEED, {"action": "boss"})
    assert response.status_code == 302
    assert feed_owner(token=feed_token(feed)) == cast.worker_a
    assert cast.client("worker_a").get(FEED).status_code == 405


def test_only_ones_own_address(cast):
    feed = calendar_feed_renew(user=cast.worker_a, by=cast.worker_a)
    with pytest.raises(DomainError):
        calendar_feed_renew(user=cast.worker_a, by=cast.sup_a)
    with pytest.raises(DomainError):
        calendar_feed_stop(user=cast.worker_a, by=cast.sup_a)
    # Another person's stop button stops their own address only.
    cast.client("sup_a").post(FEED, {"action": "stop"})
    assert feed_owner(token=feed_token(feed)) == cast.worker_a


def test_the_address_is_long_and_only_its_key_is_stored(cast):
    feed = calendar_feed_renew(user=cast.worker_a, by=cast.worker_a)
    token = feed_token(feed)
    assert len(token) == 64 and token.startswith(feed.key) and token[32:] not in feed.key
