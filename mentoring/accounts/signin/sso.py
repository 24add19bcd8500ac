"""Single sign-on through each organisation's own OpenID Connect provider (allauth's
``socialaccount`` with its ``openid_connect`` provider).

- The providers are the organisations' ``SingleSignOn`` rows, which the organisation admin
  keeps in the app; ``SocialAccountAdapter.list_apps`` hands them to allauth as unsaved
  ``SocialApp`` objects (one query), so there is no second copy to keep in step and the secret
  lives in one table. allauth's name for a provider (``provider_id``) is the organisation's
  id: the callback is ``/accounts/oidc/<organisation id>/login/callback/``.
- Who may get in (``pre_social_login``): only a person the organisation invited. The
  provider's email must be verified (the ``email_verified`` claim, or one of the domains the
  organisation listed as its own). It signs into an active account of someone in that
  organisation, or accepts their waiting invitations to it as the invitation link would. SSO
  never creates an account nobody was invited to, and never a membership by itself; anyone
  else gets a page that says so and whom to ask. The first SSO login links the provider's
  account to the person (audit: ``auth.sso_link``).
- What is kept: the subject and issuer only (the link); no tokens (SOCIALACCOUNT_STORE_TOKENS),
  none of the other claims.
- MFA: when the organisation chose it and the id token's ``amr`` says the provider checked
  more than one factor, the session counts as MFA-verified; otherwise allauth asks for our own
  second factor as after a password.
- "SSO is the only way in": a password (or passkey) login of someone in such an organisation
  is refused (``refuses_local_login``, asked by the account adapter).
- Confirming access (allauth's reauthentication, before MFA changes): someone linked to an
  organisation's provider may sign in there again (``sso_reauthentication_methods``; the
  provider is asked with ``prompt=login`` to sign them in afresh: ``views.py``). allauth
  has no reauthentication through a provider of its own; an SSO login is a fresh login, which
  the account adapter counts for the reauthentication window. Without it, a person with no
  password and no authenticator would be refused outright.
"""

import uuid

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.core.internal.datakit import parse_bool_safely
from allauth.mfa.stages import AuthenticateStage
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialAccount, SocialApp
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from mentoring.core.audit import audit_log
from mentoring.core.errors import DomainError
from units.access import user_roles

from ..models import Invitation, SingleSignOn
from ..services import invitation_accept

PROVIDER = "openid_connect"
# sociallogin.state: the provider checked several factors and the organisation counts that.
PROVIDER_MFA = "mentorpolku_provider_mfa"

# RFC 8176 authentication method references, by kind of factor. "mfa"/"mca" say it outright;
# otherwise two different kinds must appear (a password and a code, a key and a fingerprint).
AMR_MULTIPLE = {"mfa", "mca"}
AMR_KINDS = (
    {"pwd", "pin", "kba"},  # something one knows
    {"otp", "hwk", "swk", "sc", "sms", "tel"},  # something one has
    {"fpt", "face", "iris", "retina", "vbm"},  # something one is
)


def amr_says_mfa(amr) -> bool:
    if isinstance(amr, str):
        amr = [amr]
    if not isinstance(amr, list | tuple):
        return False
    methods = {str(m).lower() for m in amr}
    return bool(methods & AMR_MULTIPLE) or sum(bool(methods & k) for k in AMR_KINDS) >= 2


def organisation_id_of_provider(provider_id: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(provider_id))
    except ValueError:
        return None


def sso_for_provider(provider_id: str) -> SingleSignOn | None:
    organisation_id = organisation_id_of_provider(provider_id)
    if organisation_id is None:
        return None
    return (
        SingleSignOn.objects.select_related("organisation")
        .filter(organisation_id=organisation_id)
        .first()
    )


def as_social_app(sso: SingleSignOn) -> SocialApp:
    """The organisation's provider as allauth's (unsaved) app: PKCE on, the claims read from
    the id token and the userinfo endpoint."""
    return SocialApp(
        provider=PROVIDER,
        provider_id=sso.provider_id,
        name=sso.organisation.name,
        client_id=sso.client_id,
        secret=sso.secret,
        settings={"server_url": sso.server_url, "oauth_pkce_enabled": True},
    )


def refuses_local_login(user) -> bool:
    """Someone in an organisation where SSO is the only way in."""
    organisation_ids = user_roles(user).organisation_ids
    return (
        bool(organisation_ids)
        and SingleSignOn.objects.filter(
            organisation_id__in=organisation_ids, sso_only=True
        ).exists()
    )


def sso_reauthentication_methods(user) -> list[dict]:
    """allauth's reauthentication methods (as in ``get_reauthentication_methods``) for the
    providers the person is linked to: signing in there again."""
    linked = SocialAccount.objects.filter(user_id=user.pk).values_list("provider", flat=True)
    organisation_ids = {organisation_id_of_provider(provider) for provider in linked} - {None}
    configs = SingleSignOn.objects.select_related("organisation").filter(
        organisation_id__in=organisation_ids
    )
    return [
        {
            "id": f"sso_reauthenticate:{sso.provider_id}",
            "description": _("Sign in again with %(organisation)s")
            % {"organisation": sso.organisation.name},
            "url": reverse("sso_reauthenticate", kwargs={"provider_id": sso.provider_id}),
        }
        for sso in configs.order_by("organisation__name")
    ]


def verified_email(sso: SingleSignOn, claims: dict) -> str | None:
    """The provider's email, if the provider vouches for it: ``email_verified`` true, or an
    address in a domain the organisation listed as its own."""
    email = str(claims.get("email") or "").strip().lower()
    if "@" not in email:
        return None
    if parse_bool_safely(claims.get("email_verified")) is True:
        return email
    return email if email.rpartition("@")[2] in sso.domains() else None


def _claims(extra_data: dict) -> tuple[dict, dict]:
    """(the claims to read the person from, the id token's claims)."""
    id_token = extra_data.get("id_token") or {}
    return (extra_data.get("userinfo") or id_token), id_token


def _refusal(request, sso: SingleSignOn, *, email: str | None, reason: str):
    context = {"organisation": sso.organisation, "email": email, "reason": reason}
    return ImmediateHttpResponse(render(request, "account/sso_refused.html", context, status=403))


def person_for_sso(*, sso: SingleSignOn, email: str, name: str):
    """The invited person with this (verified) email in the SSO's organisation: their waiting
    invitations to the organisation are accepted first, as the invitation link would. None
    when the organisation has not invited them."""
    User = get_user_model()
    user = User.objects.filter(email__iexact=email, erased_at__isnull=True).first()
    # To one of its units, or (an admin's invitation) to the organisation itself.
    into_organisation = Q(unit__organisation_id=sso.organisation_id) | Q(
        organisation_id=sso.organisation_id
    )
    invitations = Invitation.objects.usable().filter(into_organisation, email__iexact=email)
    for invitation in invitations.order_by("created_at"):
        user = invitation_accept(
            invitation=invitation, name=name or invitation.name, password=None, user=user
        )
    if user is None or sso.organisation_id not in user_roles(user).organisation_ids:
        return None
    return user


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def list_apps(self, request, provider=None, client_id=None) -> list[SocialApp]:
        configs = SingleSignOn.objects.select_related("organisation")
        if provider and provider != PROVIDER:
            organisation_id = organisation_id_of_provider(provider)
            if organisation_id is None:
                return []
            configs = configs.filter(organisation_id=organisation_id)
        if client_id:
            configs = configs.filter(client_id=client_id)
        return [as_social_app(sso) for sso in configs.order_by("organisation__name")]

    def is_open_for_signup(self, request, sociallogin) -> bool:
        return False

    def pre_social_login(self, request, sociallogin) -> None:
        """Let in only the invited (see the module's docstring); link the account on the
        first SSO login; keep none of the claims but the subject and issuer."""
        account = sociallogin.account
        sso = sso_for_provider(account.provider)
        if sso is None:
            raise ImmediateHttpResponse(render(request, "404.html", status=404))
        claims, id_token = _claims(account.extra_data or {})
        sociallogin.state[PROVIDER_MFA] = sso.trust_provider_mfa and amr_says_mfa(
            id_token.get("amr")
        )
        account.extra_data = {"id_token": {k: id_token.get(k) for k in ("iss", "sub")}}
        if sociallogin.is_existing:
            account.save(update_fields=["extra_data"])
            if sso.organisation_id not in user_roles(sociallogin.user).organisation_ids:
                raise _refusal(request, sso, email=None, reason="no_invitation")
            return
        email = verified_email(sso, claims)
        if email is None:
            raise _refusal(request, sso, email=claims.get("email"), reason="unverified")
        try:
            with transaction.atomic():
                user = person_for_sso(sso=sso, email=email, name=str(claims.get("name") or ""))
                if user is not None:
                    sociallogin.connect(request, user)
                    audit_log(
                        actor=user, action="auth.sso_link", obj=user, organisation=sso.provider_id
                    )
        except DomainError as refusal:  # e.g. an inactive account with this address
            raise _refusal(request, sso, email=email, reason="no_invitation") from refusal
        if user is None:
            raise _refusal(request, sso, email=email, reason="no_invitation")


def provider_did_mfa(signal_kwargs) -> bool:
    """This login is an SSO login whose provider's MFA the organisation counts."""
    sociallogin = (signal_kwargs or {}).get("sociallogin")
    return bool(sociallogin is not None and sociallogin.state.get(PROVIDER_MFA))


class ProviderMFAAwareStage(AuthenticateStage):
    """allauth's "enter your code" step, skipped when the provider's MFA counts."""

    def _should_handle(self, request) -> bool:
        if provider_did_mfa(self.login.signal_kwargs):
            return False
        return super()._should_handle(request)
