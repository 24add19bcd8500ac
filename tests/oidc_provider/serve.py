"""Run the test provider: ``python -m tests.oidc_provider.serve PORT`` with OIDC_PROVIDER_DB,
OIDC_PROVIDER_PEOPLE (JSON: email -> {password, name, email_verified, amr}) and
OIDC_PROVIDER_CLIENT (JSON: {client_id, secret}) in the environment. Generates the signing key,
migrates, creates the people and the client, then serves until killed."""

import json
import os
import sys

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa


def _new_key() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def main(port: int) -> None:
    os.environ["OIDC_PROVIDER_KEY"] = _new_key()
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.core.servers.basehttp import run
    from django.core.wsgi import get_wsgi_application
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0)
    for email, person in settings.PROVIDER_PEOPLE.items():
        User.objects.create_user(username=email, email=email, password=person["password"])
    client = json.loads(os.environ["OIDC_PROVIDER_CLIENT"])
    Application.objects.create(
        name="Mentorpolku",
        client_id=client["client_id"],
        client_secret=client["secret"],
        hash_client_secret=False,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris="http://testserver/",
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    run("127.0.0.1", port, get_wsgi_application(), threading=True)


if __name__ == "__main__":
    main(int(sys.argv[1]))
