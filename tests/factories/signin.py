"""Second factors (django-allauth's authenticators)."""

import factory
from allauth.mfa.models import Authenticator

from mentoring.accounts.models import SingleSignOn

from .people import OrganisationFactory, UserFactory

# A fixed secret so that a test can compute codes: pyotp.TOTP(TOTP_SECRET).now().
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


class TOTPFactory(factory.django.DjangoModelFactory):
    """An authenticator app set up for ``user`` (MFA on), with ``TOTP_SECRET``."""

    class Meta:
        model = Authenticator

    user = factory.SubFactory(UserFactory)
    type = Authenticator.Type.TOTP
    data = factory.LazyFunction(lambda: {"secret": TOTP_SECRET})


class SingleSignOnFactory(factory.django.DjangoModelFactory):
    """An organisation's OpenID Connect provider (pass the test provider's issuer and client)."""

    class Meta:
        model = SingleSignOn

    organisation = factory.SubFactory(OrganisationFactory)
    server_url = "https://login.example.test/tenant/v2.0"
    client_id = "mentorpolku"
    secret = "client-secret"
