"""Load test of the main pages of a generated organisation (issue 13; README, "Scale").

Each simulated user signs in as a different person of the largest generated organisation (a
worker or a unit's supervisor, 14 : 5, and one the organisation admin) and then opens that
person's pages with a few seconds between them; `/health/` is asked in the same mix, so its p95
is the yardstick: every page's p95 should stay within 2 × that of `/health/`.

    DATABASE_URL=postgres://… DEBUG=1 locust -f tools/locustfile.py --headless \\
        -u 50 -r 5 -t 60s --host http://127.0.0.1:8000 --csv var/locust

Reads the people from the database at start (Django set up from the same environment).
"""

import itertools
import os

import django
import pyotp
from locust import HttpUser, between, task

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring.settings")
django.setup()

from tools import page_benchmark as bench  # noqa: E402 (after django.setup)
from tools.organisation import GENERATED_PASSWORD, GENERATED_TOTP_SECRET  # noqa: E402

_LARGE = max(bench.generated_organisations(), key=bench.people)
_UNITS = itertools.count()


def _next_cast() -> bench.Cast:
    return bench.cast_of(_LARGE, unit_index=next(_UNITS))


class _Person(HttpUser):
    abstract = True
    wait_time = between(1, 5)
    who = "worker"

    def on_start(self):
        cast = _next_cast()
        self.pages = [
            (name, url) for name, user, url in bench.pages(cast) if user == self.person(cast)
        ]
        self.sign_in(self.person(cast))

    def person(self, cast):
        return getattr(cast, self.who)

    def _csrf_post(self, path: str, data: dict, name: str):
        self.client.get(path, name=name)
        data["csrfmiddlewaretoken"] = self.client.cookies.get("csrftoken", "")
        return self.client.post(path, data, name=name, headers={"Referer": self.host + path})

    def sign_in(self, user) -> None:
        response = self._csrf_post(
            "/accounts/login/", {"login": user.email, "password": GENERATED_PASSWORD}, "sign-in"
        )
        if "/2fa/authenticate" in response.url:
            code = pyotp.TOTP(GENERATED_TOTP_SECRET).now()
            self._csrf_post("/accounts/2fa/authenticate/", {"code": code}, "sign-in: code")

    @task(6)
    def a_page(self):
        for name, url in self.pages:
            self.client.get(url, name=name)

    @task(1)
    def health(self):
        self.client.get("/health/", name="/health/")


class Worker(_Person):
    weight = 14
    who = "worker"


class Supervisor(_Person):
    weight = 5
    who = "supervisor"


class OrganisationAdmin(_Person):
    # One only: the organisation has one admin, and an authenticator code works once.
    fixed_count = 1
    who = "admin"
