"""How long a sign-in lasts, and that no signed-in page is kept in a cache.

A session ends after ``SESSION_IDLE_MINUTES`` without a request (a ward computer left
signed in) and ``SESSION_MAX_HOURS`` after it began, whatever happens in between; the person
is signed out and sent to the login page with a message saying why, and comes back to the
page they asked for. The session cookie does not outlive the absolute limit either
(SESSION_COOKIE_AGE).

Every response to a signed-in person carries ``Cache-Control: no-store, private``: the pages
show other people's data, and neither a shared proxy nor the browser's back button on a
shared computer should keep them.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

STARTED = "mentorpolku_started"
SEEN = "mentorpolku_seen"
# The last-seen time is written at most this often (seconds): not a session save per request.
SEEN_RESOLUTION = 60


def session_expired(session, now: float) -> bool:
    started = session.get(STARTED)
    seen = session.get(SEEN)
    if not isinstance(started, int | float) or not isinstance(seen, int | float):
        return False
    return (
        now - seen > settings.SESSION_IDLE_MINUTES * 60
        or now - started > settings.SESSION_MAX_HOURS * 3600
    )


def begin_session(session, now: float) -> None:
    """At login (receivers: Django's user_logged_in): the clocks start, in the session the
    login saves anyway, so the next page writes nothing."""
    session[STARTED] = session[SEEN] = int(now)


def _note_activity(session, now: float) -> None:
    session.setdefault(STARTED, int(now))
    if now - session.get(SEEN, 0) >= SEEN_RESOLUTION:
        session[SEEN] = int(now)


class SessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            if session_expired(request.session, now):
                logout(request)
                messages.info(
                    request, _("For your security you were signed out. Please log in again.")
                )
                login = redirect_to_login(request.get_full_path())
                if request.headers.get("HX-Request"):
                    # A part of a page asked: the whole page goes to the login.
                    return HttpResponseClientRedirect(login["Location"])
                return login
            _note_activity(request.session, now)
        response = self.get_response(request)
        if request.user.is_authenticated:
            response["Cache-Control"] = "no-store, private"
        return response
