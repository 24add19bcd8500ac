"""The allauth pages the product offers, under /accounts/ (names as allauth's: account_login,
account_logout, account_reset_password, ...) and /accounts/2fa/ (mfa_*).

Left out: managing email addresses (a person's address is the one they were invited with) and
everything for e-mail verification and sign-in codes, which the product does not use.
"""

from allauth.account import urls as account_urls
from django.urls import include, path

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
