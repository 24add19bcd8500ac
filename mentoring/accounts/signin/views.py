"""Confirming access at the organisation's own sign-in service (allauth's reauthentication
for someone who came in by SSO: ``sso.sso_reauthentication_methods``)."""

from urllib.parse import urlencode

from allauth.socialaccount.models import SocialAccount
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


@login_required
def sso_reauthenticate(request, provider_id: str):
    """The provider's ordinary login, asked with ``prompt=login`` (OpenID Connect Core
    §3.1.2.1) to sign the person in again: without it, a session still open at the provider
    would let whoever sits at this browser straight through, and the confirmation would
    confirm nothing. Only for a provider the person's account is linked to."""
    if not SocialAccount.objects.filter(user_id=request.user.pk, provider=provider_id).exists():
        raise Http404
    params = {"auth_params": "prompt=login"}
    after = request.GET.get("next", "")
    if after and url_has_allowed_host_and_scheme(
        after, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        params["next"] = after
    login = reverse("openid_connect_login", kwargs={"provider_id": provider_id})
    return redirect(f"{login}?{urlencode(params)}")
