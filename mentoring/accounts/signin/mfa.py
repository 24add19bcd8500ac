"""Who must sign in with a second factor, and whether this session has.

A supervisor, an organisation admin and site staff see other people's data: they must have an
authenticator (TOTP app or passkey), and the session must have passed it. allauth asks for the
code at login; the session remembers that it did (``mark_mfa_verified``), so the middleware
needs no query once it has.
"""

import time

from allauth.mfa.utils import is_mfa_enabled

from units.access import user_roles

SESSION_KEY = "mentorpolku_mfa"


def mfa_required(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    roles = user_roles(user)
    return bool(user.is_staff or roles.is_supervisor or roles.is_org_admin)


def has_authenticator(user) -> bool:
    """An authenticator app or a passkey (recovery codes alone do not count)."""
    return is_mfa_enabled(user, types=["totp", "webauthn"])


def mark_mfa_verified(request, *, user, how: str) -> None:
    """This session has proved a second factor for ``user`` (a code at login, a passkey, or
    the code that set the authenticator up)."""
    request.session[SESSION_KEY] = {"user": str(user.pk), "how": how, "at": int(time.time())}


def mfa_verified(request, user) -> bool:
    record = request.session.get(SESSION_KEY)
    return isinstance(record, dict) and record.get("user") == str(user.pk)
