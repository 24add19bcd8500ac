"""Signing in, with django-allauth: the one place that ties allauth to Mentorpolku.

- ``adapters``: allauth's hooks: public sign-up closed (people arrive by invitation), emails
  in the recipient's language and our look, the language cookie at login, the QR code drawn
  with segno, and who may remove their last authenticator.
- ``mfa``: who must use two-step verification (supervisors, organisation admins, site staff)
  and whether this session has passed it.
- ``middleware``: sends such a person to set MFA up (or to sign in again) before anything else.
- ``receivers``, ``forms``: a code or passkey used at login, or a factor just set up, marks the
  session as MFA-verified.
- ``devices``: the "known device" cookie that spares the owner's browser the per-account
  limit on failed passwords (the limits themselves: ACCOUNT_RATE_LIMITS in settings).
- ``urls``: the allauth pages the product offers (no self-service email addresses).

- ``sso``: single sign-on through each organisation's OpenID Connect provider (allauth's
  socialaccount): the providers from ``accounts.SingleSignOn``, who may get in (only the
  invited, by a verified email), the provider's MFA (``amr``), "SSO is the only way in".
- ``sso_config``: the organisation admin's SSO settings (the issuer must answer its discovery
  document; the secret is write-only).

The settings are in ``mentoring/settings.py`` under "Sign-in".
"""
