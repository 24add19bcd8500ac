"""Secret calendar addresses: the token in the URL, and who it belongs to.

A token is the feed's random key (32 hex characters) followed by the first 32 hex characters
of an HMAC-SHA256 of that key under SECRET_KEY. Only the key is stored; the HMAC is compared
in constant time, so neither the database nor the response times give an address away.
Rotating SECRET_KEY makes every address stop working (people make a new one on their profile).
"""

import secrets

from django.utils.crypto import constant_time_compare, salted_hmac

from .models import CalendarFeed

_SALT = "mentorpolku.accounts.calendar_feed"
_KEY_LENGTH = 32


def new_key() -> str:
    return secrets.token_hex(_KEY_LENGTH // 2)


def _mac(key: str) -> str:
    return salted_hmac(_SALT, key, algorithm="sha256").hexdigest()[:32]


def feed_token(feed: CalendarFeed) -> str:
    return feed.key + _mac(feed.key)


def feed_owner(*, token: str):
    """The active user whose calendar address this is, or None (one query)."""
    key, mac = token[:_KEY_LENGTH], token[_KEY_LENGTH:]
    if len(key) != _KEY_LENGTH or not constant_time_compare(mac, _mac(key)):
        return None
    feed = CalendarFeed.objects.select_related("user").filter(key=key).first()
    if feed is None or not feed.user.is_active:
        return None
    return feed.user


def own_feed_token(*, user) -> str | None:
    """The user's current calendar token, if they have made one."""
    feed = CalendarFeed.objects.filter(user=user).first()
    return feed_token(feed) if feed is not None else None
