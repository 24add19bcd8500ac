"""allauth's MFA signals: a code or a passkey used at login (or to confirm access) makes this
session MFA-verified. (Setting a factor up does the same, in ``forms``.)"""

from allauth.mfa.signals import authenticator_used

from .mfa import mark_mfa_verified


def _used(sender, request, user, authenticator, **kwargs):
    mark_mfa_verified(request, user=user, how=authenticator.type)


def connect() -> None:
    authenticator_used.connect(_used, dispatch_uid="mentorpolku-mfa-used")
