"""Passwords are hashed with Argon2id at measured parameters; a PBKDF2 hash from before still
signs in and is rehashed with Argon2 at that sign-in (issue 13)."""

import pytest
from django.conf import settings as project_settings
from django.contrib.auth.hashers import Argon2PasswordHasher, identify_hasher, make_password
from django.urls import reverse

from mentoring import settings as production
from mentoring.accounts.hashers import MeasuredArgon2PasswordHasher

pytestmark = pytest.mark.django_db
ARGON2 = "mentoring.accounts.hashers.MeasuredArgon2PasswordHasher"
PBKDF2 = "django.contrib.auth.hashers.PBKDF2PasswordHasher"


@pytest.fixture
def production_hashers(settings):
    # The test settings use a fast hasher; these tests need the production list.
    settings.PASSWORD_HASHERS = [ARGON2, PBKDF2]


def test_production_settings_put_argon2_first_and_keep_pbkdf2():
    # tests/settings.py replaces the list; read the project's own settings module.
    assert production.PASSWORD_HASHERS[0] == ARGON2
    assert PBKDF2 in production.PASSWORD_HASHERS
    assert project_settings.PASSWORD_HASHERS != production.PASSWORD_HASHERS  # tests stay fast


def test_a_new_password_is_hashed_with_the_measured_argon2(production_hashers):
    encoded = make_password("a long enough password")
    hasher = identify_hasher(encoded)
    assert isinstance(hasher, MeasuredArgon2PasswordHasher)
    params = hasher.decode(encoded)
    assert (params["memory_cost"], params["time_cost"], params["parallelism"]) == (19456, 2, 1)


def test_a_pbkdf2_hash_signs_in_and_is_upgraded_to_argon2(production_hashers, cast, client):
    user = cast.worker_a
    user.password = make_password("password-123", hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])

    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "password-123"}
    )

    assert response.status_code == 302 and response["Location"] == reverse("site:home")
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password("password-123")


def test_an_argon2_hash_with_django_defaults_is_upgraded_to_the_measured_ones(
    production_hashers, cast
):
    user = cast.worker_a
    # Django's own parameters (100 MiB): what a hash made before the measurement looks like.
    user.password = Argon2PasswordHasher().encode("password-123", Argon2PasswordHasher().salt())
    user.save(update_fields=["password"])
    assert identify_hasher(user.password).decode(user.password)["memory_cost"] == 102400

    assert user.check_password("password-123")

    user.refresh_from_db()
    assert identify_hasher(user.password).decode(user.password)["memory_cost"] == 19456
