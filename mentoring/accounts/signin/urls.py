"""The allauth pages the product offers, under /accounts/ (names as allauth's: account_login,
account_logout, account_reset_password, ...) and /accounts/2fa/ (mfa_*).

Single sign-on (signin/sso.py): allauth's OpenID Connect pages under /accounts/oidc/<organisation
id>/ (login, callback), and its pages for a sign-in cancelled or failed at the provider. Left
out: allauth's own sign-up and connections pages (SSO links an invited person's account by
itself).

Left out: managing email addresses (a person's address is the one they were invited with) and
everything for e-mail verification and sign-in codes, which the product does not use.
"""

from allauth.account import urls as account_urls
from allauth.socialaccount import urls as socialaccount_urls
from django.urls import include, path

from .views import sso_reauthenticate

OFFERED = {
    "account_login",
    "account_logout",
    "account_inactive",
    "account_signup",  # answers that sign-up is closed
    "account_reauthenticate",
    "account_change_password",
    "account_set_password",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
}

urlpatterns = [p for p in account_urls.urlpatterns if getattr(p, "name", None) in OFFERED]
urlpatterns.append(path("2fa/", include("allauth.mfa.urls")))
SOCIAL_OFFERED = {"socialaccount_login_cancelled", "socialaccount_login_error"}
urlpatterns += [
    path(
        "social/", include([p for p in socialaccount_urls.urlpatterns if p.name in SOCIAL_OFFERED])
    ),
    # Confirming access there: the provider's login, asked to sign the person in again.
    path("oidc/<str:provider_id>/confirm/", sso_reauthenticate, name="sso_reauthenticate"),
    path("", include("allauth.socialaccount.providers.openid_connect.urls")),
]
