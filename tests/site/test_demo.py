import pyotp
import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from mentoring.site import demo
from units.models import Membership, OrganisationAdmin, Unit

pytestmark = pytest.mark.django_db


def counts():
    return (
        get_user_model().objects.count(),
        Unit.objects.count(),
        Membership.objects.count(),
        OrganisationAdmin.objects.count(),
    )


def test_demo_data_builds_a_believable_organisation_and_is_idempotent():
    call_command("demo_data", verbosity=0)
    first = counts()
    call_command("demo_data", verbosity=0)
    assert counts() == first
    assert Unit.objects.count() == 2
    supervisors = Membership.objects.filter(role="supervisor")
    assert supervisors.values("unit").distinct().count() == 2
    workers = Membership.objects.filter(role="worker")
    assert workers.count() >= 12
    assert all(m.job_title and m.started_in_field and m.shifts for m in workers)
    assert OrganisationAdmin.objects.count() == 1


def test_every_demo_login_in_the_readme_works(client):
    demo.build()
    emails = [p[0] for p in demo.PEOPLE] + ["staff@demo.mentorpolku.fi"]
    second_step = {p[0] for p in demo.PEOPLE if p[3] != "worker"} | {"staff@demo.mentorpolku.fi"}
    for email in emails:
        cache.clear()  # each demo code once: allauth refuses a code used a moment ago
        response = client.post("/accounts/login/", {"login": email, "password": demo.DEMO_PASSWORD})
        assert response.status_code == 302, email
        if email in second_step:
            # The password alone opens nothing: the code of the demo authenticator app next.
            assert response["Location"] == reverse("mfa_authenticate"), email
            assert client.get(reverse("site:home"))["Location"].startswith("/accounts/login/")
            code = pyotp.TOTP(demo.DEMO_TOTP_SECRET).now()
            response = client.post(reverse("mfa_authenticate"), {"code": code})
            assert response.status_code == 302, email
        assert client.get(reverse("site:home")).status_code == 200, email
        client.post("/accounts/logout/")


def test_the_readme_lists_every_demo_login_and_the_password():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    assert f"`{demo.DEMO_PASSWORD}`" in readme
    assert f"pyotp.TOTP('{demo.DEMO_TOTP_SECRET}').now()" in readme
    for email in [p[0] for p in demo.PEOPLE] + ["staff@demo.mentorpolku.fi"]:
        assert f"`{email}`" in readme, email
