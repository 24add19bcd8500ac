"""The Django admin under the site's Content-Security-Policy, in Chromium: the pages load
their styles and scripts, and the browser reports no violation."""

import pytest

from mentoring.accounts.models import User
from tests import factories as f
from tests.authz.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WATCH = """document.addEventListener("securitypolicyviolation", (e) => {
    (window.__cspViolations = window.__cspViolations || []).push(e.violatedDirective + " " + e.blockedURI);
});"""


def test_the_admin_works_under_the_policy(cast, new_page):
    build_world(cast)
    staff = f.UserFactory(email="staff@example.test", is_staff=True, is_superuser=True)
    page = new_page(staff)
    page.add_init_script(WATCH)
    errors = []
    # The browser's own /favicon.ico request (the admin links no icon) is not a page
    # resource: watch the policy's messages and the responses the pages asked for.
    page.on(
        "console",
        lambda m: "Content Security Policy" in m.text and errors.append(f"{page.url}: {m.text}"),
    )
    page.on("response", lambda r: r.status >= 400 and errors.append(f"{r.status} {r.url}"))
    worker = User.objects.get(email=cast.worker_a.email)
    for path in (
        "/admin/",
        "/admin/accounts/user/",
        f"/admin/accounts/user/{worker.pk}/change/",
        "/admin/pairs/pair/",
        "/admin/core/auditentry/",
    ):
        response = page.goto(path)
        assert response.status == 200, path
        assert response.headers["content-security-policy"].startswith("default-src 'self'")
        # The admin's stylesheet applied: the header is not the browser's default white.
        header = page.evaluate(
            "getComputedStyle(document.querySelector('#header')).backgroundColor"
        )
        assert header not in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)"), (path, header)
        assert page.evaluate("window.__cspViolations || []") == [], path
    assert errors == []
