"""Known devices: a browser where someone has signed in completely (password and, where
required, the second factor) gets a signed cookie naming that account. From such a browser
the owner's right password works even while their account's failure limit is full — the limit
stops an attacker elsewhere, but cannot lock the owner out. The per-address limit still
applies, and so does the second factor.

The cookie holds no address in clear: a short hash of each email (several people may share a
ward's computer), signed with SECRET_KEY, so it cannot be forged or copied to another account.
"""

import hashlib

from django.conf import settings
from django.core import signing

COOKIE_NAME = "mentorpolku_device"
SALT = "mentorpolku.signin.known-device"
MAX_AGE_DAYS = 180
MAX_ACCOUNTS = 5  # accounts remembered per browser (a shared computer on a ward)


def _tag(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:20]


def _known_tags(request) -> list[str]:
    value = request.COOKIES.get(COOKIE_NAME, "")
    if not value:
        return []
    try:
        tags = signing.loads(value, salt=SALT, max_age=MAX_AGE_DAYS * 24 * 3600)
    except signing.BadSignature:
        return []
    return [t for t in tags if isinstance(t, str)] if isinstance(tags, list) else []


def is_known_device(request, email: str) -> bool:
    return bool(email) and _tag(email) in _known_tags(request)


def remember_device(request, response, email: str):
    """Called at each complete login: this browser now knows ``email`` (for MAX_AGE_DAYS
    more days)."""
    tag = _tag(email)
    tags = [tag, *[t for t in _known_tags(request) if t != tag]][:MAX_ACCOUNTS]
    response.set_cookie(
        COOKIE_NAME,
        signing.dumps(tags, salt=SALT),
        max_age=MAX_AGE_DAYS * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


def axes_known_device(request, credentials) -> bool:
    """AXES_WHITELIST_CALLABLE: django-axes' cool-off (per account and address) spares the
    owner's known device too."""
    return is_known_device(request, (credentials or {}).get("email", ""))
