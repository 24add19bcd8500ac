"""Every page sends the Content-Security-Policy, the Django admin's too, and the admin's pages
still work under it: no inline script, no inline style, no event-handler attribute (the
browser test tests/browser/test_admin_csp.py watches for violations in Chromium)."""

import re

import pytest
from django.conf import settings
from django.contrib import admin
from django.urls import reverse

from tests import factories as f
from tests.authz.world import build_world
from tests.utils import sign_in

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
INLINE_STYLE = re.compile(rb"<style\b|\sstyle=", re.I)
HANDLER = re.compile(rb"\son[a-z]+=", re.I)


def _admin_urls() -> list[str]:
    urls = ["/admin/", reverse("admin:accounts_user_add")]
    for model in admin.site._registry:
        meta = model._meta
        urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        pk = model._default_manager.values_list("pk", flat=True).first()
        if pk is not None:
            urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[pk]))
    return urls


def test_the_admin_login_page_sends_the_policy(client):
    """The admin's login is the site's own (with the second step), under the same policy."""
    response = client.get("/admin/login/", follow=True)
    assert response.status_code == 200 and response.redirect_chain
    assert response["Content-Security-Policy"] == settings.CONTENT_SECURITY_POLICY


def test_the_app_and_the_admin_send_the_same_policy(cast, client):
    build_world(cast)
    staff = f.UserFactory(email="staff@example.test", is_staff=True, is_superuser=True)
    sign_in(client, staff)
    assert client.get("/")["Content-Security-Policy"] == settings.CONTENT_SECURITY_POLICY
    broken = []
    for url in _admin_urls():
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Security-Policy"] == settings.CONTENT_SECURITY_POLICY, url
        for name, pattern in (("script", INLINE_SCRIPT), ("style", INLINE_STYLE), ("on*", HANDLER)):
            if match := pattern.search(response.content):
                broken.append((url, name, match.group(0)[:60]))
    assert not broken
