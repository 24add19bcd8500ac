import re

from django.conf import settings
from oauth2_provider.oauth2_validators import OAuth2Validator

# Any Mentorpolku callback (the organisation's id is in it; the test server's host varies).
CALLBACK = re.compile(
    r"http://(testserver|127\.0\.0\.1:\d+|localhost:\d+)/accounts/oidc/[^/]+/login/callback/"
)


class Validator(OAuth2Validator):
    """The person's claims from PROVIDER_PEOPLE: email, email_verified, name and amr (in the
    id token and at the userinfo endpoint alike)."""

    oidc_claim_scope = None  # every claim, whatever the scopes (amr has none)

    def get_additional_claims(self, request):
        person = settings.PROVIDER_PEOPLE.get(request.user.email, {})
        claims = {"email": request.user.email, "name": person.get("name", "")}
        for claim in ("email_verified", "amr"):
            if claim in person:
                claims[claim] = person[claim]
        return claims

    def validate_redirect_uri(self, client_id, redirect_uri, request, *args, **kwargs):
        return bool(CALLBACK.fullmatch(redirect_uri))
