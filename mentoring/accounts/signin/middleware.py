"""Nothing opens for a supervisor, an organisation admin or site staff until their session
has passed a second factor.

Without an authenticator they are sent to set one up (the first login after becoming a
supervisor leads there); with one, a session that never passed it (a login that went around
allauth) is signed out and sent to log in again. Signing out, the language switch and the
health check stay open; while setting up, also allauth's MFA pages and confirming one's
password for them (static files are served before any of this).
"""

from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect

from .mfa import has_authenticator, mfa_required, mfa_verified

ALWAYS_OPEN = {"account_logout", "set_language", "core:health"}
# Setting MFA up: allauth's MFA pages, and confirming one's password before adding a factor.
SETUP_VIEWS = {
    "account_reauthenticate",
    # … or confirming it at the organisation's sign-in service (someone who signs in only
    # there): the way out to the provider and the way back.
    "sso_reauthenticate",
    "openid_connect_login",
    "openid_connect_callback",
}


def _view_name(request) -> str:
    match = request.resolver_match
    return (match.view_name or "") if match else ""


class MFARequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or not mfa_required(user) or mfa_verified(request, user):
            return None
        name = _view_name(request)
        if name in ALWAYS_OPEN:
            return None
        if has_authenticator(user):
            logout(request)
            return redirect_to_login(request.get_full_path())
        request.mfa_setup_required = True
        if name in SETUP_VIEWS or name.startswith("mfa_"):
            return None
        return redirect("mfa_activate_totp")
