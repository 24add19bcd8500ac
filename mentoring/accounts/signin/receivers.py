"""Receivers of Django's, allauth's and allauth MFA's signals.

- A code or a passkey used at login (or to confirm access) makes this session MFA-verified.
  (Setting a factor up does the same, in ``forms``.)
- A login starts the session's clocks (``sessions``).
- Every sign-in event goes into the audit log, on the account it concerns: logins, failed
  logins (when the typed address is an account's), logouts, second factors added, removed or
  reset, a recovery code used, a wrong code, password changes and resets. Only the event's
  facts: never a password, a code or the address typed.
"""

import time

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.contrib.auth import signals as auth_signals

from mentoring.core.audit import audit_log

from .mfa import mark_mfa_verified
from .sessions import begin_session


def _used(sender, request, user, authenticator, **kwargs):
    mark_mfa_verified(request, user=user, how=authenticator.type)
    if authenticator.type == Authenticator.Type.RECOVERY_CODES:
        audit_log(actor=user, action="auth.recovery_code_used", obj=user)


def _session_begun(sender, request, user, **kwargs):
    begin_session(request.session, time.time())


def _logged_in(sender, request, user, **kwargs):
    audit_log(actor=user, action="auth.login", obj=user)


def _login_failed(sender, credentials, request=None, **kwargs):
    email = (credentials or {}).get("email") or ""
    account = get_user_model().objects.filter(email__iexact=email).first() if email else None
    if account is not None:
        audit_log(actor=None, action="auth.login_failed", obj=account)


def _logged_out(sender, request, user, **kwargs):
    if user is not None and user.is_authenticated:
        audit_log(actor=user, action="auth.logout", obj=user)


def _event(action: str):
    def receiver(sender, request=None, user=None, **kwargs):
        facts = {}
        authenticator = kwargs.get("authenticator")
        if authenticator is not None:
            facts["factor"] = authenticator.type
        # Always the person themselves (a reset is done by whoever holds their email).
        audit_log(actor=user, action=action, obj=user, **facts)

    receiver.__name__ = f"audit_{action.replace('.', '_')}"
    return receiver


AUDITED = [
    (account_signals.password_changed, "auth.password_changed"),
    (account_signals.password_set, "auth.password_set"),
    (account_signals.password_reset, "auth.password_reset"),
    (mfa_signals.authenticator_added, "auth.mfa_added"),
    (mfa_signals.authenticator_removed, "auth.mfa_removed"),
    (mfa_signals.authenticator_reset, "auth.mfa_reset"),
    (mfa_signals.authentication_failed, "auth.mfa_failed"),
]
_RECEIVERS = [(signal, _event(action), action) for signal, action in AUDITED]


def connect() -> None:
    mfa_signals.authenticator_used.connect(_used, dispatch_uid="mentorpolku-mfa-used")
    # allauth's: a complete sign-in (password and second factor), not Django's, which also
    # fires for the test client's force_login.
    account_signals.user_logged_in.connect(_logged_in, dispatch_uid="mentorpolku-audit-login")
    auth_signals.user_logged_in.connect(_session_begun, dispatch_uid="mentorpolku-session-begun")
    auth_signals.user_login_failed.connect(
        _login_failed, dispatch_uid="mentorpolku-audit-login-failed"
    )
    auth_signals.user_logged_out.connect(_logged_out, dispatch_uid="mentorpolku-audit-logout")
    for signal, receiver, action in _RECEIVERS:
        signal.connect(receiver, dispatch_uid=f"mentorpolku-audit-{action}")
