"""The ``oidc_provider`` fixture (a pytest plugin loaded by tests/conftest.py): the test
provider in its own process for the whole run, and ``walk_provider``, which signs a person in
at the provider the way a browser would, without one."""

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests

from tests import factories as f
from tools.smtp_sink import free_port

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "provider-pass-123"
# The provider's people: what each one's sign-in there says about them.
PEOPLE = {
    "invited@sso.example.fi": {"name": "Iida Invited", "email_verified": True, "amr": ["pwd"]},
    "stranger@sso.example.fi": {"name": "Sami Stranger", "email_verified": True},
    "unconfirmed@elsewhere.example": {"name": "Ulla Unconfirmed", "email_verified": False},
    "domain@sso.example.fi": {"name": "Dora Domain"},
    "boss@sso.example.fi": {"name": "Bea Boss", "email_verified": True, "amr": ["pwd", "mfa"]},
    "boss2@sso.example.fi": {"name": "Bo Boss", "email_verified": True, "amr": ["pwd"]},
}
CLIENT = {"client_id": "mentorpolku-test", "secret": "provider-client-secret"}


@dataclass
class Provider:
    issuer: str
    client_id: str
    secret: str
    base: str


def _wait_until_up(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the test OIDC provider stopped: {process.stderr.read()}")
        try:
            if requests.get(url, timeout=2).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError("the test OIDC provider did not start")


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory):
    port = free_port()
    env = {
        **os.environ,
        "OIDC_PROVIDER_DB": str(tmp_path_factory.mktemp("oidc") / "provider.sqlite3"),
        "OIDC_PROVIDER_PEOPLE": json.dumps(
            {email: {**person, "password": PASSWORD} for email, person in PEOPLE.items()}
        ),
        "OIDC_PROVIDER_CLIENT": json.dumps(CLIENT),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.oidc_provider.serve", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(f"{base}/o/.well-known/openid-configuration", process)
        yield Provider(issuer=f"{base}/o", base=base, **CLIENT)
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def organisation_sso(cast, oidc_provider):
    """The cast's organisation signs in through the test provider."""
    return f.SingleSignOnFactory(
        organisation=cast.organisation,
        server_url=oidc_provider.issuer,
        client_id=oidc_provider.client_id,
        secret=oidc_provider.secret,
    )


def walk_provider(authorize_url: str, email: str, *, stop_at: str = "http://testserver") -> str:
    """Sign ``email`` in at the provider from its authorize URL, as a browser would; returns
    the address the provider sends the person back to (our callback, with the code)."""
    session = requests.Session()
    url = authorize_url
    for _step in range(10):
        if url.startswith(stop_at):
            return url
        response = session.get(url, allow_redirects=False, timeout=10)
        if response.status_code in (301, 302, 303):
            url = urljoin(url, response.headers["Location"])
            continue
        # The provider's login page.
        token = session.cookies["csrftoken"]
        response = session.post(
            url,
            data={"username": email, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": url},
            allow_redirects=False,
            timeout=10,
        )
        assert response.status_code == 302, response.text[:500]
        url = urljoin(url, response.headers["Location"])
    raise AssertionError(f"the provider never sent the person back: {url}")
