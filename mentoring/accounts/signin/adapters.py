"""allauth's hooks, set in settings (ACCOUNT_ADAPTER, MFA_ADAPTER)."""

import io
import time

import segno
from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.core import context as allauth_context
from allauth.core.internal import ratelimit
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _

from mentoring.core.client_address import client_ip
from mentoring.core.emails import build_email, build_text_email, render_plain

from .devices import is_known_device, remember_device
from .mfa import mark_mfa_verified, mfa_required
from .sso import provider_did_mfa, refuses_local_login, sso_reauthentication_methods

# allauth's emails that we write ourselves (templates/emails/<name>-*); the others are
# allauth's own texts, in our look.
OUR_EMAILS = {"account/email/password_reset_key": "password_reset"}


class _Site:
    """What allauth's email texts call the site ("Hello from Mentorpolku!")."""

    name = "Mentorpolku"
    domain = settings.SITE_URL.split("://", 1)[-1]


def remember_language(response, language: str):
    """The user's language is theirs on this device too, also after they log out."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False),
    )
    return response


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        # People arrive by invitation only (mentoring.accounts.services.invitation_accept).
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """allauth asks for the password again before MFA changes; a login a moment ago
        counts, so that the first login of a supervisor leads straight into setting MFA up."""
        if not super().is_reauthentication_required(app=app, **kwargs):
            return False
        request = allauth_context.request
        records = get_authentication_records(request, request.user) if request else []
        return not (
            records and time.time() - records[-1]["at"] < account_settings.REAUTHENTICATION_TIMEOUT
        )

    def get_reauthentication_methods(self, user) -> list[dict]:
        """allauth's ways (password, authenticator), then signing in again through the
        person's organisation: someone who came in by SSO may have neither of the others."""
        methods = super().get_reauthentication_methods(user)
        if not user.is_authenticated:
            return methods
        return methods + sso_reauthentication_methods(user)

    def get_client_ip(self, request) -> str:
        # allauth's rate limits count per address: the client's, not our proxy's.
        return client_ip(request)

    def pre_authenticate(self, request, **credentials) -> None:
        """allauth counts failed passwords per address and per account (ACCOUNT_RATE_LIMITS
        "login_failed"). From the owner's known device only the per-address limit counts:
        someone else's wrong passwords for the account cannot lock its owner out."""
        if not is_known_device(request, credentials.get("email", "")):
            return super().pre_authenticate(request, **credentials)
        rates = ratelimit.get_rates(app="allauth.account", action="login_failed")
        # The same counters as allauth's own (its cache key is the parsed rate).
        per_address = ",".join(f"{r.amount}/{r.duration}s/ip" for r in rates if r.per == "ip")
        self._login_failed_rl_usage = ratelimit.consume(
            request,
            app="allauth.account",
            action="login_failed",
            config={"login_failed": per_address},
            key=self._get_login_attempts_cache_key(request, **credentials),
        )
        if not self._login_failed_rl_usage:
            raise self.validation_error("too_many_login_attempts")

    def get_login_stages(self) -> list[str]:
        """allauth's code step, except after an SSO login whose MFA the organisation counts."""
        ours = "mentoring.accounts.signin.sso.ProviderMFAAwareStage"
        return [
            ours if s == "allauth.mfa.stages.AuthenticateStage" else s
            for s in super().get_login_stages()
        ]

    def pre_login(self, request, user, **kwargs):
        """Where the organisation made SSO the only way in, a password (or passkey) login of
        its people is refused."""
        if "sociallogin" not in (kwargs.get("signal_kwargs") or {}) and refuses_local_login(user):
            messages.error(
                request,
                _(
                    "Your organisation signs you in through its own sign-in service: use the "
                    "button for your organisation below."
                ),
            )
            return redirect("account_login")
        return super().pre_login(request, user, **kwargs)

    def post_login(self, request, user, **kwargs):
        response = super().post_login(request, user, **kwargs)
        if provider_did_mfa(kwargs.get("signal_kwargs")):
            mark_mfa_verified(request, user=user, how="sso")
        translation.activate(user.language)
        remember_device(request, response, user.email)
        return remember_language(response, user.language)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Every sign-in email in the recipient's language (not the visitor's) and our look."""
        user = context.get("user") or get_user_model().objects.filter(email__iexact=email).first()
        language = user.language if user else settings.DEFAULT_LANGUAGE
        ours = OUR_EMAILS.get(template_prefix)
        if ours:
            build_email(ours, to=email, language=language, context=context).send()
            return
        context = {"email": email, **context, "current_site": _Site()}
        with translation.override(language):
            subject = render_plain(f"{template_prefix}_subject.txt", context)
            text = render_plain(f"{template_prefix}_message.txt", context)
        build_text_email(
            subject=self.format_email_subject(subject), text=text, to=email, language=language
        ).send()


class MFAAdapter(DefaultMFAAdapter):
    def build_totp_svg(self, url: str) -> str:
        # segno draws every other QR code of the product.
        out = io.BytesIO()
        segno.make(url, error="m").save(out, kind="svg", xmldecl=False, scale=5, border=2)
        return out.getvalue().decode()

    def can_delete_authenticator(self, authenticator) -> bool:
        """A person who must use MFA keeps at least one authenticator app or passkey."""
        user = authenticator.user
        if authenticator.type == authenticator.Type.RECOVERY_CODES or not mfa_required(user):
            return True
        others = type(authenticator).objects.filter(
            user=user, type__in=[authenticator.Type.TOTP, authenticator.Type.WEBAUTHN]
        )
        return others.exclude(pk=authenticator.pk).exists()
