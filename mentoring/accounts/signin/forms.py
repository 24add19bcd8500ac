"""allauth's forms for setting a second factor up (settings: MFA_FORMS), which also mark the
session as MFA-verified: the app's code, or the key, has just been checked. (allauth's own
"authenticator added" signal comes only after the transaction commits, too late for a page
that must open right after.)"""

from allauth.core import context
from allauth.mfa.totp.forms import ActivateTOTPForm
from allauth.mfa.webauthn.forms import AddWebAuthnForm

from .mfa import mark_mfa_verified


class ActivateTOTPVerifyingForm(ActivateTOTPForm):
    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            mark_mfa_verified(context.request, user=self.user, how="totp")
        return cleaned


class AddWebAuthnVerifyingForm(AddWebAuthnForm):
    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            mark_mfa_verified(context.request, user=self.user, how="webauthn")
        return cleaned
